// One multi-index segment: for each slot of a layout, the codes of a contiguous run of
// ordinals grouped by part of their slot value, in compressed-sparse-row form (one
// offsets table per slot, one flat postings array).
//
// A slot of w bits is split into b bucket bits (its high bits) and r = w - b residual
// bits. Buckets are keyed on the b bits only, and each posting packs the code's ordinal
// (relative to the segment's start) above its residual bits:
//
//   posting = (ordinal - start) << r | (slot value & (2^r - 1))
//
// so a search reads a bucket's postings in one sequential run and rejects codes whose
// full slot value is too far from the probed one without touching the codes array.
// Postings are in slot value order (so by residual within a bucket), then ordinal: a
// probe that needs one exact residual (most of them) binary-searches its bucket.
//
// A segment may also keep an occupancy bitmap per slot: one bit for every possible slot
// value (2^w bits), set when some code has that value. For wide slots in a sparse
// segment most values within the search radius are absent, and testing a bit (in a
// table several times smaller than the postings) is far cheaper than visiting a bucket,
// so the search visits buckets only for values that are present.
//
// Splitting slots decouples the table size from the slot width: the offsets cost
// 4 · 2^b bytes per slot, with b chosen from the segment's size (a few postings per
// bucket), so wide slots (few candidates) no longer need 2^w-entry tables. The price is
// that ordinal bits plus residual bits must fit in 32, which puts a floor under b for
// very large segments.

import { PDQ_UINT32_WORDS, popcount32 } from './pdq-value.js';
import { slotValue, type SlotLayout } from './slot-layout.js';

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
 * Sorts the live codes of [start, end) by slot value, slot by slot, with a
 * least-significant-digit radix sort of 9-bit digits: each pass scatters into at most
 * 512 sequential write streams, which the caches absorb, where one pass over 2^b
 * buckets makes nearly every write a miss. The last pass reads the values in order, so
 * the offsets, the bitmap and the postings are all written sequentially.
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
  const scratch: SortScratch = {
    value: new Int32Array(count),
    rel: new Int32Array(count),
    value2: new Int32Array(count),
    rel2: new Int32Array(count),
    counts: new Int32Array(RADIX_DIGITS << RADIX_BITS),
  };
  const bitmapBase = bitmapBases(layout);
  const bitmap = withBitmap ? new Int32Array(bitmapBase[m]!) : null;
  for (let t = 0; t < m; t++) {
    const width = layout.widths[t]!;
    const slot = offsets.subarray(base[t]!, base[t]! + 2 ** bits[t]! + 1);
    const out = postings.subarray(t * count, (t + 1) * count);
    const occupied = bitmap ? bitmap.subarray(bitmapBase[t]!, bitmapBase[t + 1]!) : null;
    const sorted = sortSlot(codes, alive, start, end, layout.starts[t]!, width, count, scratch);
    emitSlot(sorted.value, sorted.rel, width - bits[t]!, slot, out, occupied);
  }
  return { layout, bits: [...bits], start, end, count, offsetBase: base, offsets, postings, bitmap, bitmapBase };
}

const RADIX_BITS = 9;
/** Slots are at most 27 bits wide here (slotValue allows 31): three digits. */
const RADIX_DIGITS = 3;

interface SortScratch {
  value: Int32Array;
  rel: Int32Array;
  value2: Int32Array;
  rel2: Int32Array;
  counts: Int32Array;
}

/** The live codes' slot values and relative ordinals, sorted by value then ordinal. */
function sortSlot(
  codes: Uint32Array,
  alive: Uint8Array,
  start: number,
  end: number,
  sStart: number,
  width: number,
  count: number,
  scratch: SortScratch,
): { value: Int32Array; rel: Int32Array } {
  const digits = Math.ceil(width / RADIX_BITS);
  if (digits > RADIX_DIGITS) throw new Error(`slots of ${width} bits are too wide to sort`);
  const mask = (1 << RADIX_BITS) - 1;
  const counts = scratch.counts;
  counts.fill(0);
  let value = scratch.value;
  let rel = scratch.rel;
  let value2 = scratch.value2;
  let rel2 = scratch.rel2;
  // One pass over the codes (32 bytes each, of which a slot needs 4) takes the values
  // out in ordinal order, so the passes that follow stream 8 bytes per code instead.
  extractValues(codes, alive, start, end, sStart, width, value2, rel2, counts, digits, mask);
  // Exclusive prefix sums: each digit's counts become its write cursors.
  for (let d = 0; d < digits; d++) {
    let sum = 0;
    for (let k = d << RADIX_BITS; k < (d + 1) << RADIX_BITS; k++) {
      const c = counts[k]!;
      counts[k] = sum;
      sum += c;
    }
  }
  // Every pass is stable and the first reads in ordinal order, so equal values keep
  // their ordinals ascending.
  for (let d = 0; d < digits; d++) {
    scatterDigit(value2, rel2, value, rel, count, counts, d << RADIX_BITS, d * RADIX_BITS, mask);
    [value, value2] = [value2, value];
    [rel, rel2] = [rel2, rel];
  }
  return { value: value2, rel: rel2 };
}

function extractValues(
  codes: Uint32Array,
  alive: Uint8Array,
  start: number,
  end: number,
  sStart: number,
  width: number,
  value: Int32Array,
  rel: Int32Array,
  counts: Int32Array,
  digits: number,
  mask: number,
): void {
  let i = 0;
  for (let o = start; o < end; o++) {
    if (alive[o] !== 1) continue;
    const v = slotValue(codes, o << 3, sStart, width);
    value[i] = v;
    rel[i] = o - start;
    i++;
    counts[v & mask]!++;
    if (digits > 1) counts[(1 << RADIX_BITS) + ((v >>> RADIX_BITS) & mask)]!++;
    if (digits > 2) counts[(2 << RADIX_BITS) + ((v >>> (2 * RADIX_BITS)) & mask)]!++;
  }
}

function scatterDigit(
  value: Int32Array,
  rel: Int32Array,
  toValue: Int32Array,
  toRel: Int32Array,
  count: number,
  counts: Int32Array,
  countBase: number,
  shift: number,
  mask: number,
): void {
  for (let i = 0; i < count; i++) {
    const v = value[i]!;
    const at = counts[countBase + ((v >>> shift) & mask)]!++;
    toValue[at] = v;
    toRel[at] = rel[i]!;
  }
}

/** Writes one slot's postings, bucket offsets and occupancy bits from its sorted values. */
function emitSlot(value: Int32Array, rel: Int32Array, r: number, offsets: Uint32Array, out: Int32Array, occupied: Int32Array | null): void {
  const rMask = (1 << r) - 1;
  const n = out.length;
  let bucket = -1;
  for (let i = 0; i < n; i++) {
    const v = value[i]!;
    out[i] = (rel[i]! << r) | (v & rMask);
    // offsets[k] is where bucket k starts: set it for k and for the empty buckets before it.
    const k = v >>> r;
    while (bucket < k) offsets[++bucket] = i;
    if (occupied) occupied[v >>> 5]! |= 1 << (v & 31);
  }
  while (bucket < offsets.length - 1) offsets[++bucket] = n;
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
          const value = v * (rm + 1) + residual;
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
    const rb = seg.layout.widths[t]! - seg.bits[t]!;
    const rm = 2 ** rb - 1;
    const buckets = 2 ** seg.bits[t]!;
    for (let v = 0; v < buckets; v++) {
      for (let p = seg.offsets[ob + v]!; p < seg.offsets[ob + v + 1]!; p++) {
        const x = seg.postings[t * seg.count + p]!;
        const rel = x >>> rb;
        if (seen[rel] === 1) throw new Error(`segment slot ${t} lists a code twice`);
        seen[rel] = 1;
        const o = seg.start + rel;
        const sv = slotValue(codes, o * PDQ_UINT32_WORDS, seg.layout.starts[t]!, seg.layout.widths[t]!);
        if (sv >>> rb !== v) throw new Error(`segment slot ${t} lists a code under the wrong bucket`);
        if ((sv & rm) !== (x & rm)) throw new Error(`segment slot ${t} has a wrong residual`);
      }
    }
  }
}

function popcount(words: Int32Array, from: number, to: number): number {
  let total = 0;
  for (let i = from; i < to; i++) total += popcount32(words[i]!);
  return total;
}
