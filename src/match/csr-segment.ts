// One multi-index segment: for each slot of a layout, the codes of a contiguous run of
// ordinals grouped by part of their slot value, in compressed-sparse-row form (one
// offsets table per slot, one flat postings array).
//
// A slot of w bits is split into b bucket bits (its low bits) and w - b residual bits.
// Buckets are keyed on the b bits only, and each posting packs the code's ordinal
// (relative to the segment's start) above its residual bits:
//
//   posting = (ordinal - start) << (w - b) | (slot value >>> b)
//
// so a search reads a bucket's postings in one sequential run and rejects codes whose
// full slot value is too far from the probed one without touching the codes array.
// Postings are sorted by residual within a bucket, so a probe that needs one exact
// residual (most of them) binary-searches instead of scanning.
//
// A segment may also keep an occupancy bitmap per slot: one bit for every possible slot
// value (2^w bits), set when some code has that value. For wide slots in a sparse
// segment most values within the search radius are absent, and testing a bit (in a
// table a tenth the size of the postings) is far cheaper than visiting a bucket, so the
// search visits buckets only for values that are present.
// That decouples the table size from the slot width: the offsets cost 4 · 2^b bytes per
// slot, with b chosen from the segment's size (a few postings per bucket), so wide slots
// (few candidates) no longer need 2^w-entry tables. The price is that ordinal bits plus
// residual bits must fit in 32, which puts a floor under b for very large segments.

import { PDQ_WORDS } from './pdq-code.js';
import { popcount32, slotValue, type SlotLayout } from './slot-layout.js';

export interface CsrSegment {
  readonly layout: SlotLayout;
  /** Bucket bits per slot, 1..width; the rest of the slot is in the postings. */
  readonly bits: readonly number[];
  /** First ordinal covered. */
  readonly start: number;
  /** One past the last ordinal covered. */
  readonly end: number;
  /** Number of postings per slot (the live codes of [start, end) at build time). */
  readonly count: number;
  /** Where each slot's run of (2^bits + 1) offsets begins in `offsets`. */
  readonly offsetBase: readonly number[];
  readonly offsets: Uint32Array;
  /** One run of `count` packed postings per slot, by residual then ordinal within a bucket. */
  readonly postings: Int32Array;
  /** Occupancy bits of every slot value (slot t from word `bitmapBase[t]`), or null. */
  readonly bitmap: Int32Array | null;
  readonly bitmapBase: readonly number[];
}

/** Where each slot's occupancy bits begin, in 32-bit words; the last entry is the total. */
export function bitmapBases(layout: SlotLayout): number[] {
  const bases = [0];
  for (const w of layout.widths) bases.push(bases[bases.length - 1]! + 2 ** Math.max(0, w - 5));
  return bases;
}

/** Bits needed to write every relative ordinal of a segment spanning `span` ordinals. */
export function ordinalBits(span: number): number {
  return span <= 1 ? 1 : Math.ceil(Math.log2(span));
}

/** Fewest bucket bits a slot of `width` bits may use in a segment of `span` ordinals. */
export function minBucketBits(width: number, span: number): number {
  return Math.max(1, width + ordinalBits(span) - 32);
}

export function offsetsLength(bits: readonly number[]): number {
  return bits.reduce((sum, b) => sum + 2 ** b + 1, 0);
}

export function offsetBases(bits: readonly number[]): number[] {
  const bases: number[] = [];
  let at = 0;
  for (const b of bits) {
    bases.push(at);
    at += 2 ** b + 1;
  }
  return bases;
}

function checkBits(layout: SlotLayout, bits: readonly number[], span: number): void {
  const m = layout.widths.length;
  if (bits.length !== m) throw new Error('one bucket width per slot');
  bits.forEach((b, t) => {
    const w = layout.widths[t]!;
    if (!Number.isInteger(b) || b < minBucketBits(w, span) || b > w) {
      throw new Error(`bad bucket bits ${b} for slot ${t} (width ${w}, ${span} ordinals)`);
    }
  });
}

/**
 * Groups the live codes of [start, end) by bucket, and within a bucket by residual (then
 * ordinal), so that a search can binary-search a bucket for one residual. Per slot: a
 * least-significant-digit radix sort, first by residual into scratch arrays (few
 * destinations, so the writes stream), then by bucket into the postings. One slot at a
 * time keeps the scattered writes inside one slot's postings.
 */
export function buildSegment(
  codes: Uint32Array,
  alive: Uint8Array,
  start: number,
  end: number,
  layout: SlotLayout,
  bits: readonly number[],
  withBitmap = false,
): CsrSegment {
  const m = layout.widths.length;
  checkBits(layout, bits, end - start);
  let count = 0;
  for (let o = start; o < end; o++) if (alive[o] === 1) count++;
  if (count * m > 2 ** 32) throw new Error('segment too large for one postings array');
  const base = offsetBases(bits);
  const offsets = new Uint32Array(offsetsLength(bits));
  const postings = new Int32Array(m * count);
  const scratchPosting = new Int32Array(count);
  const scratchBucket = new Int32Array(count);
  const bitmapBase = bitmapBases(layout);
  const bitmap = withBitmap ? new Int32Array(bitmapBase[m]!) : null;
  for (let t = 0; t < m; t++) {
    const width = layout.widths[t]!;
    const b = bits[t]!;
    const slot = offsets.subarray(base[t]!, base[t]! + 2 ** b + 1);
    const out = postings.subarray(t * count, (t + 1) * count);
    const occupied = bitmap ? bitmap.subarray(bitmapBase[t]!, bitmapBase[t + 1]!) : null;
    buildSlot(codes, alive, start, end, layout.starts[t]!, width, b, slot, out, scratchPosting, scratchBucket, occupied);
  }
  return { layout, bits: [...bits], start, end, count, offsetBase: base, offsets, postings, bitmap, bitmapBase };
}

function buildSlot(
  codes: Uint32Array, alive: Uint8Array, start: number, end: number, sStart: number, width: number, b: number,
  offsets: Uint32Array, out: Int32Array, scratchPosting: Int32Array, scratchBucket: Int32Array, occupied: Int32Array | null,
): void {
  const r = width - b;
  const bMask = (1 << b) - 1;
  const rCount = new Int32Array((1 << r) + 1);
  for (let o = start; o < end; o++) {
    if (alive[o] !== 1) continue;
    const v = slotValue(codes, o << 3, sStart, width);
    offsets[(v & bMask) + 1]!++;
    rCount[(v >>> b) + 1]!++;
    if (occupied) occupied[v >>> 5]! |= 1 << (v & 31);
  }
  for (let k = 1; k < offsets.length; k++) offsets[k] = offsets[k]! + offsets[k - 1]!;
  for (let k = 1; k < rCount.length; k++) rCount[k] = rCount[k]! + rCount[k - 1]!;
  // Digit 1: residual (ordinals ascend within a residual because the pass is in order).
  for (let o = start; o < end; o++) {
    if (alive[o] !== 1) continue;
    const v = slotValue(codes, o << 3, sStart, width);
    const at = rCount[v >>> b]!++;
    scratchPosting[at] = ((o - start) << r) | (v >>> b);
    scratchBucket[at] = v & bMask;
  }
  // Digit 2: bucket, stable, so residuals ascend within a bucket.
  const cursor = offsets.slice(0, offsets.length - 1);
  const n = out.length;
  for (let i = 0; i < n; i++) out[cursor[scratchBucket[i]!]!++] = scratchPosting[i]!;
}

/**
 * Checks a segment read from outside (a snapshot) against the codes it indexes; throws
 * with the reason. With `deep`, also checks that every posting sits in the bucket of its
 * code's slot value with the right residual, which costs about as much as a rebuild.
 */
export function checkSegment(seg: CsrSegment, codes: Uint32Array, ordinals: number, deep: boolean): void {
  const m = seg.layout.widths.length;
  if (seg.start < 0 || seg.end < seg.start || seg.end > ordinals) throw new Error('segment range is outside the codes');
  if (seg.count > seg.end - seg.start) throw new Error('segment lists more codes than its range holds');
  checkBits(seg.layout, seg.bits, seg.end - seg.start);
  if (seg.offsets.length !== offsetsLength(seg.bits)) throw new Error('segment offsets have the wrong length');
  if (seg.postings.length !== m * seg.count) throw new Error('segment postings have the wrong length');
  const bitmapBase = bitmapBases(seg.layout);
  if (seg.bitmap && seg.bitmap.length !== bitmapBase[m]) throw new Error('segment occupancy bitmap has the wrong length');
  const span = seg.end - seg.start;
  for (let t = 0; t < m; t++) {
    const ob = seg.offsetBase[t]!;
    const buckets = 2 ** seg.bits[t]!;
    if (seg.offsets[ob] !== 0 || seg.offsets[ob + buckets] !== seg.count) {
      throw new Error(`segment slot ${t} offsets do not span its postings`);
    }
    for (let v = 1; v <= buckets; v++) {
      if (seg.offsets[ob + v]! < seg.offsets[ob + v - 1]!) throw new Error(`segment slot ${t} offsets decrease`);
    }
    const rb = seg.layout.widths[t]! - seg.bits[t]!;
    const rm = 2 ** rb - 1;
    const pb = t * seg.count;
    let distinct = 0;
    for (let v = 0; v < buckets; v++) {
      let last = -1;
      for (let p = seg.offsets[ob + v]!; p < seg.offsets[ob + v + 1]!; p++) {
        const x = seg.postings[pb + p]!;
        if (x >>> rb >= span) throw new Error('segment posting points outside its range');
        // Searches binary-search a bucket by residual, so order is part of correctness.
        const residual = x & rm;
        if (residual < last) throw new Error(`segment slot ${t} has a bucket out of residual order`);
        if (residual === last) continue;
        last = residual;
        distinct++;
        if (seg.bitmap) {
          const value = residual * buckets + v;
          if (((seg.bitmap[bitmapBase[t]! + Math.floor(value / 32)]! >>> (value & 31)) & 1) === 0) {
            throw new Error(`segment slot ${t} occupancy bitmap misses a value`);
          }
        }
      }
    }
    // Every value listed has its bit, and as many bits as values: the bitmap is exact.
    if (seg.bitmap && popcount(seg.bitmap, bitmapBase[t]!, bitmapBase[t + 1]!) !== distinct) {
      throw new Error(`segment slot ${t} occupancy bitmap marks values that are not listed`);
    }
  }
  if (!deep) return;
  const seen = new Uint8Array(span);
  for (let t = 0; t < m; t++) {
    seen.fill(0);
    const ob = seg.offsetBase[t]!;
    const bb = seg.bits[t]!;
    const rb = seg.layout.widths[t]! - bb;
    const mask = 2 ** bb - 1;
    for (let v = 0; v <= mask; v++) {
      for (let p = seg.offsets[ob + v]!; p < seg.offsets[ob + v + 1]!; p++) {
        const x = seg.postings[t * seg.count + p]!;
        const rel = x >>> rb;
        if (seen[rel] === 1) throw new Error(`segment slot ${t} lists a code twice`);
        seen[rel] = 1;
        const o = seg.start + rel;
        const sv = slotValue(codes, o * PDQ_WORDS, seg.layout.starts[t]!, seg.layout.widths[t]!);
        if ((sv & mask) !== v) throw new Error(`segment slot ${t} lists a code under the wrong bucket`);
        if (sv >>> bb !== (x & (2 ** rb - 1))) throw new Error(`segment slot ${t} has a wrong residual`);
      }
    }
  }
}

function popcount(words: Int32Array, from: number, to: number): number {
  let total = 0;
  for (let i = from; i < to; i++) total += popcount32(words[i]!);
  return total;
}
