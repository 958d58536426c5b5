// A bank: a named list of known hashes with its provenance (DESIGN.md "Words").
// Plain values only; the store persists them and the index is built from them.

import { HASH_TYPES, hashTypeDef, type HashType } from './hash-types/registry.js';

/** Hash types a bank may hold (hash-types/registry.ts). URL banks live in src/detect/links. */
export { HASH_TYPES, type HashType };

/**
 * Where a bank's hashes come from. Free text is allowed for other partners. `take-it-down` is
 * NCMEC's Take It Down list (hashes of images minors asked to have taken down), handled
 * apart: never verified, its matches removed and the account left to a person
 * (docs/take-it-down.md).
 */
export type BankSource = 'ncmec' | 'iwf' | 'stopncii' | 'internal' | 'partner' | typeof TAKE_IT_DOWN | (string & {});

/** The source kind of a Take It Down bank (the policy reads it from a match's evidence.bankSource). */
export const TAKE_IT_DOWN = 'take-it-down';

/** Why a bank of this source cannot be marked verified, or null when it can. */
export function verifiedRefusal(source: string, verified: boolean): string | null {
  if (source === TAKE_IT_DOWN && verified) {
    return 'a Take It Down bank cannot be marked verified: its hashes were made on the minor’s own device and nobody at NCMEC saw the images (docs/take-it-down.md)';
  }
  return null;
}

/** NCMEC's industry classification labels (ncmec-cybertipline.md: A1, A2, B1, B2). */
export const NCMEC_CLASSIFICATIONS = ['A1', 'A2', 'B1', 'B2'] as const;

export interface BankProvenance {
  source: BankSource;
  /** The list's own version or release, as the source names it, if any. */
  listVersion?: string;
  /** When the list was produced or fetched, ISO 8601. */
  date?: string;
}

export interface Bank {
  /** Stable name, e.g. "ncmec-industry-pdq". */
  name: string;
  hashType: HashType;
  provenance: BankProvenance;
  /**
   * True when a match may be actioned without a person (the source's hashes are
   * confirmed, e.g. seen by trained analysts). False sends matches to review.
   */
  verified: boolean;
  entries: BankEntry[];
}

export interface BankEntry {
  /** Lowercase hex of the hash (for vPDQ, the SHA-256 of `value`): the entry's identity in its bank. */
  hash: string;
  /** The whole value when `hash` is only its digest (a vPDQ frame list). */
  value?: string;
  /** e.g. an NCMEC classification (A1/A2/B1/B2) or free text. */
  label?: string;
  /** The source's own id for the entry, where its format gives one (NCMEC entry id, ...). */
  sourceId?: string;
  /** Who contributed the entry at the source (an NCMEC member id, a collaboration name). */
  contributor?: string;
  /** Free-form extra fields a format carries (kept, never interpreted). */
  extra?: Record<string, string>;
}

export function isHashType(value: string): value is HashType {
  return (HASH_TYPES as readonly string[]).includes(value);
}

/** The form a bank keeps if `value` is a valid value of `type` (its type's `parse`), otherwise a reason. */
export function checkHash(type: HashType, value: string): { ok: true; hash: string; value?: string } | { ok: false; reason: string } {
  return hashTypeDef(type).parse(value);
}

/** A bank entry holding a checked value. */
export function entryOf(checked: { hash: string; value?: string }): BankEntry {
  return checked.value === undefined ? { hash: checked.hash } : { hash: checked.hash, value: checked.value };
}

/** One problem with one line of an import; the import goes on without that line. */
export interface ImportIssue {
  line: number;
  message: string;
}

/** What an import produced: the entries, the bad lines skipped, the duplicates folded. */
export interface ImportResult {
  entries: BankEntry[];
  issues: ImportIssue[];
  /** Lines that repeated a hash already seen; their fields were merged into the first. */
  duplicates: number;
}

/**
 * Folds entries with the same hash into the first one seen: its fields win, missing ones
 * are filled from later duplicates, and differing labels are kept joined by "; ".
 */
export class EntryFolder {
  private readonly byHash = new Map<string, BankEntry>();
  duplicates = 0;

  add(entry: BankEntry): void {
    const seen = this.byHash.get(entry.hash);
    if (!seen) {
      this.byHash.set(entry.hash, { ...entry });
      return;
    }
    this.duplicates++;
    if (entry.label && seen.label !== entry.label) {
      const labels = new Set((seen.label ?? '').split('; ').filter(Boolean));
      labels.add(entry.label);
      seen.label = [...labels].join('; ');
    }
    if (seen.sourceId === undefined && entry.sourceId !== undefined) seen.sourceId = entry.sourceId;
    if (seen.contributor === undefined && entry.contributor !== undefined) seen.contributor = entry.contributor;
    if (entry.extra) seen.extra = { ...entry.extra, ...seen.extra };
  }

  remove(hash: string): boolean {
    return this.byHash.delete(hash);
  }

  entries(): BankEntry[] {
    return [...this.byHash.values()];
  }
}

/** Makes a bank value after checking its name and that every entry is a hash of its type. */
export function makeBank(bank: Bank): Bank {
  if (!/^[a-z0-9][a-z0-9._-]{0,99}$/.test(bank.name)) {
    throw new Error(`bank name must be 1-100 of a-z 0-9 . _ - starting with a letter or digit, got ${JSON.stringify(bank.name)}`);
  }
  if (!isHashType(bank.hashType)) throw new Error(`unknown hash type ${JSON.stringify(bank.hashType)}`);
  if (!bank.provenance?.source) throw new Error('a bank needs a provenance source');
  const refusal = verifiedRefusal(bank.provenance.source, bank.verified);
  if (refusal) throw new Error(refusal);
  const folder = new EntryFolder();
  bank.entries.forEach((e, i) => {
    // A long value (vPDQ) is checked whole; its digest is what `parse` makes of it.
    const checked = checkHash(bank.hashType, e.value ?? e.hash);
    if (!checked.ok) throw new Error(`entry ${i + 1}: ${checked.reason}`);
    folder.add({ ...e, ...entryOf(checked) });
  });
  return { ...bank, entries: folder.entries() };
}
