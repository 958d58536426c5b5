// PDQ (pdq.md): 256-bit perceptual image hashes, matched within a Hamming radius. The
// index is the multi-index PdqIndex; its search is called directly by the bank index
// (matchPdq), so the plug-in adds nothing to the hot path.

import { PdqIndex } from '../pdq-index.js';
import { DEFAULT_PDQ_MAX_DISTANCE } from '../pdq-matcher.js';
import { isPdqHex, pdqHexDistance } from '../pdq-value.js';
import { shown, type HashTypeDef, type HashTypeIndex, type HashValue } from './hash-type.js';

/** The bank index's view of a PdqIndex: entries in and out by key. */
export class PdqBankIndex implements HashTypeIndex {
  constructor(readonly pdq: PdqIndex = new PdqIndex()) {}

  get size(): number {
    return this.pdq.size;
  }

  add(entry: HashValue, key: number): void {
    this.pdq.add(entry.hash, key);
  }

  remove(_entry: HashValue, key: number): boolean {
    return this.pdq.remove(key) > 0;
  }
}

export const PDQ_TYPE: HashTypeDef<PdqBankIndex> = {
  name: 'pdq',
  describe: '64 hexadecimal characters',
  threatExchangeNames: ['pdq'],
  parse(text) {
    const v = text.trim();
    if (!isPdqHex(v)) return { ok: false, reason: `a pdq hash is 64 hexadecimal characters, got ${shown(v)}` };
    return { ok: true, hash: v.toLowerCase() };
  },
  print: (entry) => entry.hash,
  compare(a, b) {
    const distance = pdqHexDistance(a.trim(), b.trim());
    return { matched: distance <= DEFAULT_PDQ_MAX_DISTANCE, distance };
  },
  createIndex: () => new PdqBankIndex(),
};
