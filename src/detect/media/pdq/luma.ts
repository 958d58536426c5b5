// Step 1 of PDQ: the reference's 512 rule, then float32 luma.
//
// The reference resizes any image with a side over 512 to exactly 512×512 by nearest
// neighbour, before luma and without keeping the aspect ratio. Doing both in one pass
// reads only the source pixels the resize would keep.

import type { Pixels } from '../pixels.js';

export const PDQ_RESIZE_LIMIT = 512;

const fr = Math.fround;
const R_COEFF = fr(0.299);
const G_COEFF = fr(0.587);
const B_COEFF = fr(0.114);

/** Size of the luma plane for an image of this size, after the 512 rule. */
export function lumaSize(width: number, height: number): { rows: number; cols: number } {
  if (width > PDQ_RESIZE_LIMIT || height > PDQ_RESIZE_LIMIT) {
    return { rows: PDQ_RESIZE_LIMIT, cols: PDQ_RESIZE_LIMIT };
  }
  return { rows: height, cols: width };
}

/**
 * Writes the luma plane (rows × cols, row-major) into `out`. With `applyResizeRule`
 * false the image is taken at its own size (vPDQ does not apply the 512 rule).
 */
export function fillLuma(p: Pixels, out: Float32Array, applyResizeRule = true): { rows: number; cols: number } {
  const { rows, cols } = applyResizeRule ? lumaSize(p.width, p.height) : { rows: p.height, cols: p.width };
  if (out.length < rows * cols) throw new RangeError('luma buffer too small');
  const resized = rows !== p.height || cols !== p.width;
  // CImg's nearest-neighbour resize takes source column floor(x·W/512) for column x;
  // x·W is an exact integer and /512 a power of two, so integer division is exact.
  const srcCol = new Int32Array(cols);
  for (let x = 0; x < cols; x++) srcCol[x] = resized ? Math.floor((x * p.width) / cols) : x;
  const d = p.data;
  const W = p.width;
  let o = 0;
  for (let y = 0; y < rows; y++) {
    const sy = resized ? Math.floor((y * p.height) / rows) : y;
    if (p.channels === 3) {
      const rowBase = sy * W * 3;
      for (let x = 0; x < cols; x++) {
        const s = rowBase + srcCol[x]! * 3;
        // Each float32 × uint8 product is rounded, then the sum left to right.
        out[o++] = fr(fr(R_COEFF * d[s]!) + fr(G_COEFF * d[s + 1]!)) + fr(B_COEFF * d[s + 2]!);
      }
    } else {
      const rowBase = sy * W;
      for (let x = 0; x < cols; x++) out[o++] = d[rowBase + srcCol[x]!]!;
    }
  }
  return { rows, cols };
}
