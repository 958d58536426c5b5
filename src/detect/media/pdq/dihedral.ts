// The eight rotations and flips of an image, read off its 16×16 DCT coefficients:
// with DCT-II rows for frequencies 1..16, a mirror flips the sign of odd frequencies
// (even 0-based index) along its axis and a quarter turn is a transpose, so no
// second hash of transformed pixels is needed.

import { PDQ_FREQS } from './dct.js';

/** In the order the reference's `--pdqdih-across` prints them. */
export const DIHEDRAL_NAMES = ['orig', 'rot90', 'rot180', 'rot270', 'flipx', 'flipy', 'flipplus1', 'flipminus1'] as const;
export type DihedralName = (typeof DIHEDRAL_NAMES)[number];

const N = PDQ_FREQS;

/** Writes the coefficients of variant `name` of `a` into `out` (16×16, row-major). */
export function dihedralCoefficients(name: DihedralName, a: Float32Array, out: Float32Array): void {
  for (let i = 0; i < N; i++) {
    const iOdd = (i & 1) === 1;
    for (let j = 0; j < N; j++) {
      const v = a[i * N + j]!;
      const jOdd = (j & 1) === 1;
      switch (name) {
        case 'orig':
          out[i * N + j] = v;
          break;
        case 'rot90':
          out[j * N + i] = jOdd ? v : -v;
          break;
        case 'rot180':
          out[i * N + j] = iOdd !== jOdd ? -v : v;
          break;
        case 'rot270':
          out[j * N + i] = iOdd ? v : -v;
          break;
        case 'flipx':
          out[i * N + j] = iOdd ? v : -v;
          break;
        case 'flipy':
          out[i * N + j] = jOdd ? v : -v;
          break;
        case 'flipplus1':
          out[j * N + i] = v;
          break;
        case 'flipminus1':
          out[j * N + i] = iOdd !== jOdd ? -v : v;
          break;
      }
    }
  }
}
