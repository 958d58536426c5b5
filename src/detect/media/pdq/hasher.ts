// The PDQ pipeline: pixels in, hash and quality out, following Meta's reference
// (facebook/ThreatExchange pdq/cpp) step for step in float32 so hashes are bit-exact.
//
// A hasher owns its working buffers and reuses them from one image to the next, so
// hashing a stream allocates almost nothing. It is synchronous and not re-entrant;
// use one per thread.

import type { Pixels } from '../pixels.js';
import { assertPixels } from '../pixels.js';
import { PDQ_FREQS, PDQ_GRID, dct64To16, decimate, decimatedColumn } from './dct.js';
import { DIHEDRAL_NAMES, dihedralCoefficients, type DihedralName } from './dihedral.js';
import { FastGrid } from './fast.js';
import { emptyPdqHash, type PdqHash } from '../../../match/pdq-value.js';
import { boxAlongCols, boxAlongRows, jaroszWindow } from './jarosz.js';
import { PDQ_RESIZE_LIMIT, fillLuma, lumaSize } from './luma.js';
import { pdqQuality } from './quality.js';
import { thresholdAtMedian } from './threshold.js';

/** Below this many pixels on either side the reference returns an all-zero hash, quality 0. */
export const PDQ_MIN_DIMENSION = 5;
const JAROSZ_PASSES = 2;

export interface PdqResult {
  hash: PdqHash;
  /** 0..100; hashes below 50 carry too little detail to match on. */
  quality: number;
}

export type PdqDihedral = Record<DihedralName, PdqHash>;

export interface PdqDihedralResult {
  quality: number;
  hashes: PdqDihedral;
}

export interface LumaOptions {
  /** Apply the reference's "over 512 → 512×512" rule (photos: yes; vPDQ frames: no). */
  resizeRule?: boolean;
}

export class PdqHasher {
  private plane1 = new Float32Array(0);
  private plane2 = new Float32Array(0);
  private columnSums = new Float64Array(512);
  private readonly grid = new Float32Array(PDQ_GRID * PDQ_GRID);
  private readonly partial = new Float32Array(PDQ_FREQS * PDQ_GRID);
  private readonly coeffs = new Float32Array(PDQ_FREQS * PDQ_FREQS);
  private readonly variant = new Float32Array(PDQ_FREQS * PDQ_FREQS);
  private readonly scratch = new Float32Array(PDQ_FREQS * PDQ_FREQS);
  private fastGrid: FastGrid | undefined;

  /**
   * The hash `pdq-photo-hasher` prints. Like the reference's plain entry point, a
   * luma plane of exactly 64×64 is used as the grid without blurring.
   */
  hash(pixels: Pixels, options: LumaOptions = {}): PdqResult {
    const size = this.luma(pixels, options);
    if (!size) return { hash: emptyPdqHash(), quality: 0 };
    if (size.rows === PDQ_GRID && size.cols === PDQ_GRID) this.grid.set(this.plane1.subarray(0, PDQ_GRID * PDQ_GRID));
    else this.blurAndDecimate(size.rows, size.cols);
    const quality = pdqQuality(this.grid);
    dct64To16(this.grid, this.partial, this.coeffs);
    return { hash: thresholdAtMedian(this.coeffs, this.scratch, emptyPdqHash()), quality };
  }

  /**
   * All eight rotations and flips, as `pdq-photo-hasher --pdqdih-across` prints them.
   * Like the reference's dihedral entry point this always blurs, so for a 64×64 image
   * `orig` may differ from `hash()` in round-off bits.
   */
  dihedral(pixels: Pixels, options: LumaOptions = {}): PdqDihedralResult {
    const size = this.luma(pixels, options);
    const hashes = {} as PdqDihedral;
    if (!size) {
      for (const name of DIHEDRAL_NAMES) hashes[name] = emptyPdqHash();
      return { quality: 0, hashes };
    }
    this.blurAndDecimate(size.rows, size.cols);
    const quality = pdqQuality(this.grid);
    dct64To16(this.grid, this.partial, this.coeffs);
    for (const name of DIHEDRAL_NAMES) {
      dihedralCoefficients(name, this.coeffs, this.variant);
      hashes[name] = thresholdAtMedian(this.variant, this.scratch, emptyPdqHash());
    }
    return { quality, hashes };
  }

  /**
   * Both at once, each as its reference entry point gives it: the plain hash and the
   * eight dihedral ones. They share one blur unless the luma plane is exactly 64×64.
   */
  hashWithDihedral(pixels: Pixels, options: LumaOptions = {}): PdqResult & { dihedral: PdqDihedral } {
    const d = this.dihedral(pixels, options);
    const plane = (options.resizeRule ?? true) ? lumaSize(pixels.width, pixels.height) : { rows: pixels.height, cols: pixels.width };
    const unblurred = plane.rows === PDQ_GRID && plane.cols === PDQ_GRID;
    const hash = unblurred ? this.hash(pixels, options).hash : d.hashes.orig.slice();
    return { hash, quality: d.quality, dihedral: d.hashes };
  }

  /**
   * The hash and the eight dihedral ones, closely but not exactly as the reference
   * computes them, for an image that was `source` in size and may have been decoded
   * smaller (JPEG shrink-on-load). Under the 512 rule the grid is computed straight
   * from the pixels the reference's filter would reach (see fast.ts), a fraction of the
   * full filter's cost; otherwise, which needs `pixels` at the source size, this is
   * `hashWithDihedral`, exact.
   */
  hashApproximate(pixels: Pixels, source: { width: number; height: number }): PdqResult & { dihedral: PdqDihedral } {
    assertPixels(pixels);
    const plane = lumaSize(source.width, source.height);
    const resized = plane.rows !== source.height || plane.cols !== source.width;
    if (!resized) {
      if (pixels.width !== source.width || pixels.height !== source.height) {
        throw new RangeError(`an image within ${PDQ_RESIZE_LIMIT} pixels a side is hashed at its own size, not shrunk`);
      }
      return this.hashWithDihedral(pixels);
    }
    this.fastGrid ??= new FastGrid();
    this.fastGrid.compute(pixels, source.width, source.height, plane.rows, plane.cols, this.grid);
    const quality = pdqQuality(this.grid);
    dct64To16(this.grid, this.partial, this.coeffs);
    const dihedral = {} as PdqDihedral;
    for (const name of DIHEDRAL_NAMES) {
      dihedralCoefficients(name, this.coeffs, this.variant);
      dihedral[name] = thresholdAtMedian(this.variant, this.scratch, emptyPdqHash());
    }
    return { hash: dihedral.orig.slice(), quality, dihedral };
  }

  private luma(pixels: Pixels, options: LumaOptions): { rows: number; cols: number } | undefined {
    assertPixels(pixels);
    const resizeRule = options.resizeRule ?? true;
    const { rows, cols } = resizeRule ? lumaSize(pixels.width, pixels.height) : { rows: pixels.height, cols: pixels.width };
    if (rows < PDQ_MIN_DIMENSION || cols < PDQ_MIN_DIMENSION) return undefined;
    this.ensure(rows * cols, cols);
    fillLuma(pixels, this.plane1, resizeRule);
    return { rows, cols };
  }

  private ensure(samples: number, cols: number): void {
    if (this.plane1.length < samples) {
      this.plane1 = new Float32Array(samples);
      this.plane2 = new Float32Array(samples);
    }
    if (this.columnSums.length < cols) this.columnSums = new Float64Array(cols);
  }

  private blurAndDecimate(rows: number, cols: number): void {
    const alongRows = jaroszWindow(cols);
    const alongCols = jaroszWindow(rows);
    for (let pass = 0; pass < JAROSZ_PASSES; pass++) {
      // Decimation reads only 64 columns of the last pass, so that pass filters only
      // those columns, and the row filter before it writes only those.
      const last = pass === JAROSZ_PASSES - 1 ? sampledColumns(cols) : undefined;
      boxAlongRows(this.plane1, this.plane2, rows, cols, alongRows, last?.flags);
      boxAlongCols(this.plane2, this.plane1, rows, cols, alongCols, this.columnSums, last?.list);
    }
    decimate(this.plane1, rows, cols, this.grid);
  }
}

const sampledCache = new Map<number, { list: Int32Array; flags: Uint8Array }>();

/** The columns decimation samples, as a list and as one flag per column. */
function sampledColumns(cols: number): { list: Int32Array; flags: Uint8Array } {
  let cached = sampledCache.get(cols);
  if (!cached) {
    const flags = new Uint8Array(cols);
    for (let j = 0; j < PDQ_GRID; j++) flags[decimatedColumn(j, cols)] = 1;
    const list = Int32Array.from(flags.reduce<number[]>((acc, f, c) => (f ? [...acc, c] : acc), []));
    cached = { list, flags };
    if (sampledCache.size < 1024) sampledCache.set(cols, cached);
  }
  return cached;
}

let shared: PdqHasher | undefined;

/** PDQ hash and quality of decoded pixels (the reference's plain entry point). */
export function pdqHash(pixels: Pixels, options?: LumaOptions): PdqResult {
  shared ??= new PdqHasher();
  return shared.hash(pixels, options);
}

/** The eight dihedral PDQ hashes and quality of decoded pixels. */
export function pdqDihedral(pixels: Pixels, options?: LumaOptions): PdqDihedralResult {
  shared ??= new PdqHasher();
  return shared.dihedral(pixels, options);
}
