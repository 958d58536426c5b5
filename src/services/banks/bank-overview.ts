// Every bank an admin sees in the console: the hash banks in the database (media: PDQ, MD5,
// SHA-256, vPDQ) and the URL banks loaded from the operator's files, each with its
// provenance, whether its matches may be actioned without a person, and its size.
import type { Store } from '../../store/store.js';
import { listBanks } from '../../store/bank-store.js';

export interface BankOverview {
  name: string;
  kind: 'hash' | 'url';
  hashTypes: string[];
  entries: number;
  provenance: string | null;
  verified: boolean;
  listVersion: string | null;
  listDate: string | null;
  updatedAt: string | null;
}

export interface UrlBankInfo {
  readonly name: string;
  readonly provenance: string | undefined;
  readonly verified: boolean;
  readonly size: number;
}

export async function bankOverview(store: Store, urlBanks: readonly UrlBankInfo[]): Promise<BankOverview[]> {
  const hash: BankOverview[] = (await listBanks(store)).map((b) => ({
    name: b.name,
    kind: 'hash',
    hashTypes: [b.hashType],
    entries: b.entries,
    provenance: b.source,
    verified: b.verified,
    listVersion: b.listVersion,
    listDate: b.listDate,
    updatedAt: b.updatedAt,
  }));
  const url: BankOverview[] = urlBanks.map((b) => ({
    name: b.name,
    kind: 'url',
    hashTypes: [],
    entries: b.size,
    provenance: b.provenance ?? null,
    verified: b.verified,
    listVersion: null,
    listDate: null,
    updatedAt: null,
  }));
  return [...hash, ...url];
}
