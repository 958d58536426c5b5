// Canonical forms of the identifiers a platform sends for an account, so that one person
// writing the same email, phone or address differently still lands on the same registry
// entry. Pure: values in, values out. Changing a rule here changes the keyed hashes of new
// entries, so existing entries written under the old rule stop matching (docs/ban-evasion.md).
import { domainToASCII } from 'node:url';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export type IdentifierKind = 'email' | 'phone' | 'device' | 'payment' | 'ip';
export type IdentifierStrength = 'strong' | 'weak';

export const IDENTIFIER_KINDS: readonly IdentifierKind[] = ['email', 'phone', 'device', 'payment', 'ip'];

export interface CanonicalIdentifier {
  kind: IdentifierKind;
  value: string;
  strength: IdentifierStrength;
}

/** The shape of `identifiers` in PUT /v1/accounts/{id} and POST /v1/signups/check. */
export interface PlatformIdentifiers {
  email?: string | undefined;
  phone?: string | undefined;
  deviceIds?: readonly string[] | undefined;
  paymentIds?: readonly string[] | undefined;
  ips?: readonly string[] | undefined;
}

export interface EmailProviderRule {
  domains: readonly string[];
  /** Every domain of the rule is rewritten to this one (the provider treats them as one mailbox). */
  canonicalDomain?: string;
  /** The provider delivers `a.b@` and `ab@` to the same mailbox. */
  ignoreDots: boolean;
  /** The provider delivers `name+anything@` to `name@`. */
  dropPlusTag: boolean;
}

/**
 * Only rules a provider documents for its consumer mailboxes. Addresses at any other domain
 * keep their dots and tags: a wrong merge there would deny an unrelated person's signup.
 */
export const EMAIL_PROVIDERS: readonly EmailProviderRule[] = [
  { domains: ['gmail.com', 'googlemail.com'], canonicalDomain: 'gmail.com', ignoreDots: true, dropPlusTag: true },
  { domains: ['outlook.com', 'hotmail.com', 'live.com'], ignoreDots: false, dropPlusTag: true },
  { domains: ['icloud.com', 'me.com', 'mac.com'], ignoreDots: false, dropPlusTag: true },
  { domains: ['fastmail.com', 'fastmail.fm'], ignoreDots: false, dropPlusTag: true },
  { domains: ['proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me'], ignoreDots: false, dropPlusTag: true },
];

export interface CanonicalOptions {
  /** Region for phone numbers written without an international prefix (ISO 3166 alpha-2). */
  defaultPhoneRegion?: CountryCode | undefined;
  /** The platform's device ids are case-insensitive (e.g. hex strings in any case). */
  deviceIdsIgnoreCase?: boolean | undefined;
  /** The platform's payment ids are case-insensitive. */
  paymentIdsIgnoreCase?: boolean | undefined;
  emailProviders?: readonly EmailProviderRule[] | undefined;
}

function providerIndex(rules: readonly EmailProviderRule[]): Map<string, EmailProviderRule> {
  const index = new Map<string, EmailProviderRule>();
  for (const rule of rules) for (const d of rule.domains) index.set(d, rule);
  return index;
}

const defaultProviders = providerIndex(EMAIL_PROVIDERS);
const indexCache = new WeakMap<readonly EmailProviderRule[], Map<string, EmailProviderRule>>();

function providersFor(rules: readonly EmailProviderRule[] | undefined): Map<string, EmailProviderRule> {
  if (!rules || rules === EMAIL_PROVIDERS) return defaultProviders;
  let index = indexCache.get(rules);
  if (!index) indexCache.set(rules, (index = providerIndex(rules)));
  return index;
}

export function canonicalEmail(raw: string, rules?: readonly EmailProviderRule[]): string | null {
  // Lower-casing can leave a compatibility form behind (e.g. some ligatures), hence NFKC twice.
  const text = raw.trim().normalize('NFKC').toLowerCase().normalize('NFKC');
  if (text === '') return null;
  const at = text.lastIndexOf('@');
  // Not an address we can take apart: still worth an exact match on the cleaned text.
  if (at <= 0 || at === text.length - 1) return text;
  let local = text.slice(0, at);
  const rawDomain = text.slice(at + 1).replace(/\.$/, '');
  // An internationalised domain may arrive as Unicode or as punycode; both mean one mailbox.
  let domain = domainToASCII(rawDomain) || rawDomain;
  const rule = providersFor(rules).get(domain);
  if (rule) {
    if (rule.dropPlusTag) {
      const plus = local.indexOf('+');
      if (plus > 0) local = local.slice(0, plus);
    }
    if (rule.ignoreDots) {
      const undotted = local.replaceAll('.', '');
      if (undotted !== '') local = undotted;
    }
    if (rule.canonicalDomain) domain = rule.canonicalDomain;
  }
  return `${local}@${domain}`;
}

export function canonicalPhone(raw: string, defaultRegion?: CountryCode): { value: string; strength: IdentifierStrength } | null {
  const text = raw.trim().normalize('NFKC');
  if (text === '') return null;
  const parsed = parsePhoneNumberFromString(text, defaultRegion);
  if (parsed && parsed.isValid()) return { value: parsed.number, strength: 'strong' };
  // Without a valid number the digits may still belong to one person, but they could as well
  // be a national number read in the wrong region: only good enough for a human to look at.
  const digits = text.replace(/\D/g, '');
  return digits === '' ? null : { value: digits, strength: 'weak' };
}

function opaqueId(raw: string, ignoreCase: boolean | undefined): string | null {
  const text = raw.trim();
  if (text === '') return null;
  return ignoreCase ? text.toLowerCase() : text;
}

/**
 * IPv4 as the full address. IPv6 as its /64: one subscriber line or device network gets a
 * whole /64 (or more), and hosts pick and rotate the lower 64 bits themselves (privacy
 * addresses), so the full address would change between two signups from the same place.
 */
export function canonicalIp(raw: string): string | null {
  const text = raw.trim();
  const v4 = parseIpv4(text);
  if (v4) return v4.join('.');
  const v6 = parseIpv6(text);
  if (!v6) return null;
  if (isIpv4Mapped(v6)) return [v6[6]! >> 8, v6[6]! & 0xff, v6[7]! >> 8, v6[7]! & 0xff].join('.');
  return `${formatIpv6([v6[0]!, v6[1]!, v6[2]!, v6[3]!, 0, 0, 0, 0])}/64`;
}

function parseIpv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

function parseIpv6(input: string): number[] | null {
  const text = input.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!text.includes(':')) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const groups = part.split(':');
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIpv4(g);
        if (!v4) return null;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) {
        out.push(parseInt(g, 16));
      } else {
        return null;
      }
    }
    return out;
  };
  const head = parseGroups(halves[0]!);
  const tail = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return null;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

function isIpv4Mapped(g: number[]): boolean {
  return g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff;
}

/** RFC 5952 text: lower-case, no leading zeros, the longest run of two or more zero groups as "::". */
function formatIpv6(groups: number[]): string {
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** Every identifier in canonical form, each (kind, value) once with its strongest strength. */
export function canonicalIdentifiers(ids: PlatformIdentifiers, options: CanonicalOptions = {}): CanonicalIdentifier[] {
  const out = new Map<string, CanonicalIdentifier>();
  const add = (kind: IdentifierKind, value: string | null, strength: IdentifierStrength) => {
    if (value === null) return;
    const key = `${kind}:${value}`;
    const seen = out.get(key);
    if (!seen) out.set(key, { kind, value, strength });
    else if (strength === 'strong') seen.strength = 'strong';
  };
  if (ids.email !== undefined) add('email', canonicalEmail(ids.email, options.emailProviders), 'strong');
  if (ids.phone !== undefined) {
    const phone = canonicalPhone(ids.phone, options.defaultPhoneRegion);
    if (phone) add('phone', phone.value, phone.strength);
  }
  for (const d of ids.deviceIds ?? []) add('device', opaqueId(d, options.deviceIdsIgnoreCase), 'strong');
  for (const p of ids.paymentIds ?? []) add('payment', opaqueId(p, options.paymentIdsIgnoreCase), 'strong');
  for (const ip of ids.ips ?? []) add('ip', canonicalIp(ip), 'weak');
  return [...out.values()];
}

/** The identifiers kept in an account's state (plain JSON), keeping only well-typed fields. */
export function asPlatformIdentifiers(json: unknown): PlatformIdentifiers {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return {};
  const o = json as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);
  return { email: str(o.email), phone: str(o.phone), deviceIds: list(o.deviceIds), paymentIds: list(o.paymentIds), ips: list(o.ips) };
}
