// Exact lookup for cryptographic digests (MD5, SHA-1, SHA-256): a Map from the digest's
// lowercase hex to the keys stored under it. A Map costs more per entry than a sorted
// typed array would (about 100 bytes), but it takes adds and removes in O(1), and digest
// banks are far smaller than PDQ banks in practice; revisit if one reaches tens of millions.

import { checkHash, type HashType } from './bank.js';

export class ExactHashIndex {
  private readonly byHash = new Map<string, number | number[]>();
  private count = 0;

  constructor(readonly hashType: Exclude<HashType, 'pdq'>) {}

  get size(): number {
    return this.count;
  }

  add(hash: string, key: number): void {
    const h = this.normalise(hash);
    const seen = this.byHash.get(h);
    if (seen === undefined) this.byHash.set(h, key);
    else if (typeof seen === 'number') {
      if (seen === key) return;
      this.byHash.set(h, [seen, key]);
    } else {
      if (seen.includes(key)) return;
      seen.push(key);
    }
    this.count++;
  }

  /** Removes `key` from `hash`; returns whether it was there. */
  remove(hash: string, key: number): boolean {
    const h = this.normalise(hash);
    const seen = this.byHash.get(h);
    if (seen === undefined) return false;
    if (typeof seen === 'number') {
      if (seen !== key) return false;
      this.byHash.delete(h);
    } else {
      const i = seen.indexOf(key);
      if (i < 0) return false;
      seen.splice(i, 1);
      if (seen.length === 1) this.byHash.set(h, seen[0]!);
    }
    this.count--;
    return true;
  }

  /** Keys stored under `hash` (either case); an empty list when none. */
  lookup(hash: string): number[] {
    const seen = this.byHash.get(this.normalise(hash));
    return seen === undefined ? [] : typeof seen === 'number' ? [seen] : [...seen];
  }

  private normalise(hash: string): string {
    const checked = checkHash(this.hashType, hash);
    if (!checked.ok) throw new Error(checked.reason);
    return checked.hash;
  }
}
