// Exact lookup for cryptographic digests (MD5, SHA-1, SHA-256): a Map from the digest's
// lowercase hex to the keys stored under it. A Map costs more per entry than a sorted
// typed array would (about 100 bytes), but it takes adds and removes in O(1), and digest
// banks are far smaller than PDQ banks in practice; revisit if one reaches tens of millions.

import type { HashTypeIndex, HashValue } from './hash-types/hash-type.js';

const HEX_LENGTH = { md5: 32, sha1: 40, sha256: 64 } as const;

export class ExactHashIndex implements HashTypeIndex {
  private readonly byHash = new Map<string, number | number[]>();
  private count = 0;

  private readonly pattern: RegExp;

  constructor(readonly hashType: keyof typeof HEX_LENGTH) {
    this.pattern = new RegExp(`^[0-9a-f]{${HEX_LENGTH[hashType]}}$`);
  }

  get size(): number {
    return this.count;
  }

  add(hash: string | HashValue, key: number): void {
    const h = this.normalise(typeof hash === 'string' ? hash : hash.hash);
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
  remove(hash: string | HashValue, key: number): boolean {
    const h = this.normalise(typeof hash === 'string' ? hash : hash.hash);
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
    const h = hash.trim().toLowerCase();
    if (!this.pattern.test(h))
      throw new Error(`a ${this.hashType} hash is ${HEX_LENGTH[this.hashType]} hexadecimal characters, got ${JSON.stringify(hash.slice(0, 70))}`);
    return h;
  }
}
