// Step 6 of PDQ: one bit per DCT coefficient, set when it is above the median.

import { PDQ_UINT16_WORDS, type PdqHash } from '../../../match/pdq-value.js';

const COEFFS = 256;

/**
 * Sets bit k = 16·i + j when B[i][j] is strictly above the lower median (the 128th
 * smallest of the 256 values, which is what the reference's Torben median returns).
 */
export function thresholdAtMedian(b: Float32Array, scratch: Float32Array, out: PdqHash): PdqHash {
  scratch.set(b.subarray(0, COEFFS));
  scratch.subarray(0, COEFFS).sort();
  const median = scratch[COEFFS / 2 - 1]!;
  out.fill(0, 0, PDQ_UINT16_WORDS);
  for (let k = 0; k < COEFFS; k++) {
    if (b[k]! > median) out[k >> 4] = out[k >> 4]! | (1 << (k & 15));
  }
  return out;
}
