// Synthetic 256-bit codes for the benchmark and property tests: uniform random codes,
// clustered codes (many codes near a few centres, which is how real PDQ banks look:
// near-duplicates and low-detail images crowd a few slot values), and near-duplicates of
// a given code. Plain numbers only; nothing here stands for any real image.

import { PDQ_UINT32_WORDS } from './pdq-value.js';
import { randomBelow, type Random32 } from './seeded-random.js';

/** `count` uniform random codes in one array, 8 words each. */
export function uniformCodes(random: Random32, count: number): Uint32Array {
  const codes = new Uint32Array(count * PDQ_UINT32_WORDS);
  for (let i = 0; i < codes.length; i++) codes[i] = random();
  return codes;
}

/** `count` codes, each within `spread` flipped bits of one of `centres` random centres. */
export function clusteredCodes(random: Random32, count: number, centres: number, spread: number): Uint32Array {
  const centreCodes = uniformCodes(random, Math.max(1, centres));
  const codes = new Uint32Array(count * PDQ_UINT32_WORDS);
  for (let i = 0; i < count; i++) {
    const c = randomBelow(random, Math.max(1, centres));
    codes.set(centreCodes.subarray(c * PDQ_UINT32_WORDS, (c + 1) * PDQ_UINT32_WORDS), i * PDQ_UINT32_WORDS);
    flipBits(random, codes, i * PDQ_UINT32_WORDS, randomBelow(random, spread + 1));
  }
  return codes;
}

/** Flips `flips` random bits (a bit may be drawn twice, so the distance is at most `flips`). */
export function flipBits(random: Random32, codes: Uint32Array, at: number, flips: number): void {
  for (let k = 0; k < flips; k++) {
    const bit = randomBelow(random, 256);
    codes[at + (bit >>> 5)]! ^= 1 << (bit & 31);
  }
}
