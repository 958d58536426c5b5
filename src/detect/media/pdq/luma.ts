// Step 1 of PDQ: the reference's 512 rule, then float32 luma.
//
// The reference resizes any image with a side over 512 to exactly 512×512 by nearest
// neighbour, before luma and without keeping the aspect ratio. Doing both in one pass
// reads only the source pixels the resize would keep.

import type { Pixels } from '../pixels.js';

export const PDQ_RESIZE_LIMIT = 512;

const fr = Math.fround;

// Each float32 coefficient times an 8-bit sample, rounded to float32 as the reference's
// `float * uint8` is. Tables turn three multiplications and roundings per pixel into
// lookups; float64 tables (holding float32 values exactly) spare a conversion per load.
// The fast path (fast.ts) reads the same tables, so that both start from the same samples.
export const R_TABLE = weighted(fr(0.299));
export const G_TABLE = weighted(fr(0.587));
export const B_TABLE = weighted(fr(0.114));

function weighted(coeff: number): Float64Array {
  const t = new Float64Array(256);
  for (let v = 0; v < 256; v++) t[v] = fr(coeff * v);
  return t;
}

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
  // A plain view, so the loops below only ever see one kind of array (sharp hands
  // over Buffers, the Netpbm reader Uint8Arrays).
  const d = new Uint8Array(p.data.buffer, p.data.byteOffset, p.data.length);
  if (rows === p.height && cols === p.width) {
    if (p.channels === 3) rgbLuma(d, out, rows * cols);
    else out.set(d.subarray(0, rows * cols));
  } else {
    resizedLuma(d, out, p.width, p.height, p.channels, rows, cols);
  }
  return { rows, cols };
}

function rgbLuma(d: Uint8Array, out: Float32Array, n: number): void {
  // The sum runs left to right, rounded to float32 at each step (the store rounds last).
  for (let i = 0, s = 0; i < n; i++, s += 3) out[i] = fr(R_TABLE[d[s]!]! + G_TABLE[d[s + 1]!]!) + B_TABLE[d[s + 2]!]!;
}

function resizedLuma(d: Uint8Array, out: Float32Array, width: number, height: number, channels: number, rows: number, cols: number): void {
  // CImg's nearest-neighbour resize takes source column floor(x·W/cols) for column x
  // (and likewise for rows); x·W is an exact integer, so the division is exact too.
  const srcOffset = new Int32Array(cols);
  for (let x = 0; x < cols; x++) srcOffset[x] = Math.floor((x * width) / cols) * channels;
  let o = 0;
  for (let y = 0; y < rows; y++) {
    const rowBase = Math.floor((y * height) / rows) * width * channels;
    if (channels === 3) {
      for (let x = 0; x < cols; x++, o++) {
        const s = rowBase + srcOffset[x]!;
        out[o] = fr(R_TABLE[d[s]!]! + G_TABLE[d[s + 1]!]!) + B_TABLE[d[s + 2]!]!;
      }
    } else {
      for (let x = 0; x < cols; x++, o++) out[o] = d[rowBase + srcOffset[x]!]!;
    }
  }
}
