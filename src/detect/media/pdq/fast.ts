// PDQ's blur and decimation computed as one small linear operator, for the `fast`
// decode mode: only the 64×64 grid is worked out, straight from the decoded pixels,
// instead of filtering a whole 512×512 plane.
//
// The reference's steps from pixels to grid are all linear per axis: the 512 rule
// (nearest neighbour), two passes of the box filter, and sampling at cell centres. So
// each grid value is a weighted sum of a few pixels, with weights that depend only on
// the image's size. Working them out once per size, and applying them only where the
// grid reads, costs a fraction of the full filter, and lets a decoder hand over an image
// already shrunk (libjpeg's DCT scaling): each reference sample is then read where that
// source pixel lies in the smaller image, by bilinear interpolation.
//
// The sums are in float64, not in the reference's float32 running sums, so even at full
// size the grid can differ from the reference's in round-off; that is why this is used
// only in fast mode, where the hash is allowed a few bits of distance.

import type { Pixels } from '../pixels.js';
import { PDQ_GRID } from './dct.js';
import { jaroszWindow } from './jarosz.js';
// The reference's float32 luma, from luma.ts's tables, so that at full size the operator
// starts from the same samples.
import { B_TABLE, G_TABLE, R_TABLE } from './luma.js';

const JAROSZ_PASSES = 2;

/**
 * For each of the 64 grid positions along one axis, the decoded pixels it reads and
 * their weights: entries `ptr[i]` to `ptr[i + 1]` of `index` and `weight`.
 */
export interface AxisOperator {
  readonly ptr: Int32Array;
  readonly index: Int32Array;
  readonly weight: Float64Array;
  /** The decoded pixels along the axis that any grid position reads, in order. */
  readonly read: Int32Array;
}

/**
 * The operator for one axis: the reference sees `plane` samples on it (512 under the
 * 512 rule, else the image's own size), taken by nearest neighbour from `source` pixels
 * of the original image, which the decoder handed over as `decoded` pixels (fewer when
 * it shrank the image on load; equal otherwise, when the operator is exactly the
 * reference's up to round-off).
 */
export function axisOperator(plane: number, source: number, decoded: number): AxisOperator {
  if (decoded > source || decoded < 1) throw new RangeError(`cannot read ${source} source pixels from ${decoded} decoded ones`);
  const ptr = new Int32Array(PDQ_GRID + 1);
  const index: number[] = [];
  const weight: number[] = [];
  const flags = new Uint8Array(decoded);
  for (let i = 0; i < PDQ_GRID; i++) {
    const onDecoded = new Map<number, number>();
    const at = Math.trunc(((i + 0.5) * plane) / PDQ_GRID);
    for (const [x, w] of boxTwiceAt(plane, at)) {
      // CImg's nearest neighbour: plane sample x is source pixel floor(x·source/plane).
      const sx = Math.floor((x * source) / plane);
      // Where the centre of that source pixel falls in the decoded image.
      const u = ((sx + 0.5) * decoded) / source - 0.5;
      const c0 = Math.floor(u);
      const t = u - c0;
      add(onDecoded, clamp(c0, decoded), w * (1 - t));
      if (t > 0) add(onDecoded, clamp(c0 + 1, decoded), w * t);
    }
    for (const [c, w] of [...onDecoded].sort((p, q) => p[0] - q[0])) {
      index.push(c);
      weight.push(w);
      flags[c] = 1;
    }
    ptr[i + 1] = index.length;
  }
  const read = Int32Array.from(flags.reduce<number[]>((acc, f, c) => (f ? (acc.push(c), acc) : acc), []));
  return { ptr, index: Int32Array.from(index), weight: Float64Array.from(weight), read };
}

/**
 * Output `o` of two passes of the reference's box filter over `n` samples, as weights on
 * the input samples. Output o of one pass averages inputs max(0, o − fill + 1) ..
 * min(n − 1, o + grow): the reference's four phases in closed form.
 */
function boxTwiceAt(n: number, o: number): Map<number, number> {
  const window = jaroszWindow(n);
  const half = Math.floor((window + 2) / 2);
  const grow = half - 1;
  const fill = window - half + 1;
  let acc = new Map<number, number>([[o, 1]]);
  for (let pass = 0; pass < JAROSZ_PASSES; pass++) {
    const next = new Map<number, number>();
    for (const [y, w] of acc) {
      const lo = Math.max(0, y - fill + 1);
      const hi = Math.min(n - 1, y + grow);
      for (let x = lo; x <= hi; x++) add(next, x, w / (hi - lo + 1));
    }
    acc = next;
  }
  return acc;
}

function add(m: Map<number, number>, k: number, v: number): void {
  m.set(k, (m.get(k) ?? 0) + v);
}

function clamp(i: number, n: number): number {
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

const operators = new Map<string, AxisOperator>();

function cachedOperator(plane: number, source: number, decoded: number): AxisOperator {
  const key = `${plane}/${source}/${decoded}`;
  let op = operators.get(key);
  if (!op) {
    op = axisOperator(plane, source, decoded);
    // Photo sizes repeat; the bound only stops a stream of odd sizes growing the cache.
    if (operators.size >= 256) operators.delete(operators.keys().next().value!);
    operators.set(key, op);
  }
  return op;
}

const fr = Math.fround;

/**
 * Writes into `grid` the 64×64 grid of an image that was `sourceWidth × sourceHeight`
 * before decoding (and may have been decoded smaller), as the reference's luma, blur
 * and decimation give it from a `planeRows × planeCols` luma plane (512 × 512 under
 * the 512 rule). Owns its scratch buffers: one per thread.
 */
export class FastGrid {
  private across = new Float64Array(0);
  private luma = new Float64Array(0);

  compute(pixels: Pixels, sourceWidth: number, sourceHeight: number, planeRows: number, planeCols: number, grid: Float32Array): void {
    const cols = cachedOperator(planeCols, sourceWidth, pixels.width);
    const rows = cachedOperator(planeRows, sourceHeight, pixels.height);
    const { width, height, channels } = pixels;
    const d = new Uint8Array(pixels.data.buffer, pixels.data.byteOffset, pixels.data.length);
    if (this.across.length < height * PDQ_GRID) this.across = new Float64Array(height * PDQ_GRID);
    if (this.luma.length < width) this.luma = new Float64Array(width);
    const across = this.across;
    const luma = this.luma;
    const { ptr: cPtr, index: cIndex, weight: cWeight, read: cRead } = cols;
    // Along each row the grid reads, the 64 column sums; luma only where they read it.
    const rRead = rows.read;
    for (let n = 0; n < rRead.length; n++) {
      const r = rRead[n]!;
      const base = r * width * channels;
      if (channels === 3) {
        for (let m = 0; m < cRead.length; m++) {
          const c = cRead[m]!;
          const s = base + c * 3;
          luma[c] = fr(fr(R_TABLE[d[s]!]! + G_TABLE[d[s + 1]!]!) + B_TABLE[d[s + 2]!]!);
        }
      } else {
        for (let m = 0; m < cRead.length; m++) luma[cRead[m]!] = d[base + cRead[m]!]!;
      }
      const out = r * PDQ_GRID;
      for (let j = 0; j < PDQ_GRID; j++) {
        let sum = 0;
        for (let k = cPtr[j]!, end = cPtr[j + 1]!; k < end; k++) sum += cWeight[k]! * luma[cIndex[k]!]!;
        across[out + j] = sum;
      }
    }
    const { ptr: rPtr, index: rIndex, weight: rWeight } = rows;
    for (let i = 0; i < PDQ_GRID; i++) {
      for (let j = 0; j < PDQ_GRID; j++) {
        let sum = 0;
        for (let k = rPtr[i]!, end = rPtr[i + 1]!; k < end; k++) sum += rWeight[k]! * across[rIndex[k]! * PDQ_GRID + j]!;
        grid[i * PDQ_GRID + j] = sum;
      }
    }
  }
}
