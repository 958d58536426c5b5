// Registrable domain (eTLD+1) through tldts. Private suffixes (blogspot.com, github.io, ...)
// are honoured: two sites under one hosting suffix belong to different people, and a
// link bank or a reviewer needs to tell them apart.
import { parse } from 'tldts';

const OPTIONS = { allowPrivateDomains: true } as const;

export interface DomainInfo {
  /** eTLD+1, or undefined for IP addresses and hosts under no known suffix. */
  readonly registrableDomain: string | undefined;
  readonly publicSuffix: string | undefined;
  /** True when the suffix is in the public suffix list (ICANN or private section). */
  readonly knownSuffix: boolean;
  readonly isIp: boolean;
}

export function domainInfo(host: string): DomainInfo {
  const p = parse(host, OPTIONS);
  return {
    registrableDomain: p.domain ?? undefined,
    publicSuffix: p.publicSuffix ?? undefined,
    knownSuffix: Boolean(p.isIcann || p.isPrivate),
    isIp: Boolean(p.isIp),
  };
}
