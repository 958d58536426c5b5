// Cryptographic digests (MD5, SHA-1, SHA-256): exact copies only, matched by equality.

import { ExactHashIndex } from '../exact-index.js';
import { shown, type HashTypeDef } from './hash-type.js';

export type DigestName = 'md5' | 'sha1' | 'sha256';

const HEX_LENGTH: Record<DigestName, number> = { md5: 32, sha1: 40, sha256: 64 };

export function digestType(name: DigestName, threatExchangeNames: readonly string[]): HashTypeDef<ExactHashIndex> {
  const length = HEX_LENGTH[name];
  const pattern = new RegExp(`^[0-9a-fA-F]{${length}}$`);
  return {
    name,
    describe: `${length} hexadecimal characters`,
    threatExchangeNames,
    parse(text) {
      const v = text.trim();
      if (!pattern.test(v)) return { ok: false, reason: `a ${name} hash is ${length} hexadecimal characters, got ${shown(v)}` };
      return { ok: true, hash: v.toLowerCase() };
    },
    print: (entry) => entry.hash,
    compare(a, b) {
      const matched = a.trim().toLowerCase() === b.trim().toLowerCase();
      return { matched, distance: matched ? 0 : 1 };
    },
    createIndex: () => new ExactHashIndex(name),
  };
}
