// The hash-type plug-in: everything vigie needs to know about one kind of hash to keep it
// in banks and match on it, in the shape of python-threatexchange's SignalType. A type
// parses and prints the values its list lines carry, compares two values, and builds the
// in-memory index that ingest matches against. Hashing bytes is the other half
// (src/detect/hash-types.ts): detect/ may import match/, never the reverse.
//
// A new hash type is one new file or folder here plus its line in registry.ts; the
// formats, the store and the bank index reach it through this interface only.

/** A value as a bank keeps it: `hash` is its identity (unique within a bank). */
export interface HashValue {
  /** Lowercase hex: the hash itself, or for a long value (vPDQ) the SHA-256 of `value`. */
  hash: string;
  /** The whole value when `hash` is only its digest; absent when `hash` is the value. */
  value?: string;
}

export type CheckedValue = ({ ok: true } & HashValue) | { ok: false; reason: string };

/** What comparing two values says; `distance` is the type's own measure (bits, or 100 − percent). */
export interface HashComparison {
  matched: boolean;
  distance: number;
}

/** The part of an index every type shares: the bank index adds and removes entries through it. */
export interface HashTypeIndex {
  readonly size: number;
  add(entry: HashValue, key: number): void;
  /** Removes `key` stored under `entry`; returns whether it was there. */
  remove(entry: HashValue, key: number): boolean;
}

export interface HashTypeDef<Index extends HashTypeIndex = HashTypeIndex> {
  readonly name: string;
  /** What a list line of this type holds, for messages ("64 hexadecimal characters"). */
  readonly describe: string;
  /** python-threatexchange signal names for this type in its dataset CSV (first: the one written). */
  readonly threatExchangeNames: readonly string[];
  /** Checks a list line's value and gives the form a bank keeps. */
  parse(text: string): CheckedValue;
  /** The list line's value for an entry (the inverse of `parse`). */
  print(entry: HashValue): string;
  /** Compares two values of this type (as `parse` accepts them) with the type's default rule. */
  compare(a: string, b: string): HashComparison;
  createIndex(): Index;
}

/** Shortens a refused value for a message. */
export function shown(v: string): string {
  return JSON.stringify(v.length > 70 ? `${v.slice(0, 70)}…` : v);
}
