// One multi-index segment: for each slot of a layout, the ordinals of a contiguous run
// of codes grouped by slot value, in compressed-sparse-row form (one offsets table per
// slot and one flat postings array). Typed arrays keep it at 4 bytes per code per slot,
// with no per-bucket objects for the garbage collector to trace.
//
// A segment may use fewer bucket bits than a slot is wide (the small delta segment does,
// so that rebuilding it does not cost 65,536 offsets per slot each time). Its buckets
// are then keyed on the low bits of the slot value, and a search accepts a code in a
// slot only when the code's full slot value equals the probed value; see PdqIndex.

import { PDQ_WORDS } from './pdq-code.js';
import { slotValue, type SlotLayout } from './slot-layout.js';

export interface CsrSegment {
  readonly layout: SlotLayout;
  /** Bucket bits per slot, 1..width. */
  readonly bits: readonly number[];
  /** First ordinal covered. */
  readonly start: number;
  /** One past the last ordinal covered. */
  readonly end: number;
  /** Number of ordinals listed per slot (the live codes of [start, end) at build time). */
  readonly count: number;
  /** Where each slot's run of (2^bits + 1) offsets begins in `offsets`. */
  readonly offsetBase: readonly number[];
  readonly offsets: Uint32Array;
  /** One run of `count` ordinals per slot, ascending within a bucket. */
  readonly postings: Uint32Array;
}

export function offsetsLength(bits: readonly number[]): number {
  return bits.reduce((sum, b) => sum + 2 ** b + 1, 0);
}

function offsetBases(bits: readonly number[]): number[] {
  const bases: number[] = [];
  let at = 0;
  for (const b of bits) {
    bases.push(at);
    at += 2 ** b + 1;
  }
  return bases;
}

/** Groups the live codes of [start, end) by slot value with a counting sort per slot. */
export function buildSegment(
  codes: Uint32Array,
  alive: Uint8Array,
  start: number,
  end: number,
  layout: SlotLayout,
  bits: readonly number[] = layout.widths,
): CsrSegment {
  const m = layout.widths.length;
  if (bits.length !== m) throw new Error('one bucket width per slot');
  bits.forEach((b, t) => {
    if (!Number.isInteger(b) || b < 1 || b > layout.widths[t]!) throw new Error(`bad bucket bits ${b} for slot ${t}`);
  });
  let count = 0;
  for (let o = start; o < end; o++) if (alive[o] === 1) count++;
  if (count * m > 0xffffffff) throw new Error('segment too large for 32-bit postings');
  const offsetBase = offsetBases(bits);
  const offsets = new Uint32Array(offsetsLength(bits));
  const postings = new Uint32Array(m * count);
  for (let t = 0; t < m; t++) {
    const buckets = 2 ** bits[t]!;
    const mask = buckets - 1;
    const sStart = layout.starts[t]!;
    const width = layout.widths[t]!;
    const ob = offsetBase[t]!;
    const pb = t * count;
    for (let o = start; o < end; o++) {
      if (alive[o] !== 1) continue;
      const v = slotValue(codes, o * PDQ_WORDS, sStart, width) & mask;
      offsets[ob + v + 1]!++;
    }
    for (let v = 1; v <= buckets; v++) offsets[ob + v] = offsets[ob + v]! + offsets[ob + v - 1]!;
    // Place with offsets[v] as a moving cursor, then shift the run back by one bucket:
    // this avoids a second cursor array of 2^bits entries.
    for (let o = start; o < end; o++) {
      if (alive[o] !== 1) continue;
      const v = slotValue(codes, o * PDQ_WORDS, sStart, width) & mask;
      postings[pb + offsets[ob + v]!] = o;
      offsets[ob + v]!++;
    }
    for (let v = buckets; v > 0; v--) offsets[ob + v] = offsets[ob + v - 1]!;
    offsets[ob] = 0;
  }
  return { layout, bits: [...bits], start, end, count, offsetBase, offsets, postings };
}

/**
 * Checks a segment read from outside (a snapshot) against the codes it indexes; throws
 * with the reason. With `deep`, also checks that every posting sits in the bucket of its
 * code's slot value, which costs about as much as a rebuild.
 */
export function checkSegment(seg: CsrSegment, codes: Uint32Array, ordinals: number, deep: boolean): void {
  const m = seg.layout.widths.length;
  if (seg.bits.length !== m) throw new Error('segment has one bucket width per slot');
  seg.bits.forEach((b, t) => {
    if (!Number.isInteger(b) || b < 1 || b > seg.layout.widths[t]!) throw new Error(`segment slot ${t} has bad bucket bits`);
  });
  if (seg.offsets.length !== offsetsLength(seg.bits)) throw new Error('segment offsets have the wrong length');
  if (seg.postings.length !== m * seg.count) throw new Error('segment postings have the wrong length');
  if (seg.start < 0 || seg.end < seg.start || seg.end > ordinals) throw new Error('segment range is outside the codes');
  if (seg.count > seg.end - seg.start) throw new Error('segment lists more codes than its range holds');
  for (let t = 0; t < m; t++) {
    const ob = seg.offsetBase[t]!;
    const buckets = 2 ** seg.bits[t]!;
    if (seg.offsets[ob] !== 0 || seg.offsets[ob + buckets] !== seg.count) {
      throw new Error(`segment slot ${t} offsets do not span its postings`);
    }
    for (let v = 1; v <= buckets; v++) {
      if (seg.offsets[ob + v]! < seg.offsets[ob + v - 1]!) throw new Error(`segment slot ${t} offsets decrease`);
    }
  }
  for (let i = 0; i < seg.postings.length; i++) {
    const o = seg.postings[i]!;
    if (o < seg.start || o >= seg.end) throw new Error('segment posting points outside its range');
  }
  if (!deep) return;
  for (let t = 0; t < m; t++) {
    const ob = seg.offsetBase[t]!;
    const mask = 2 ** seg.bits[t]! - 1;
    for (let v = 0; v <= mask; v++) {
      for (let p = seg.offsets[ob + v]!; p < seg.offsets[ob + v + 1]!; p++) {
        const o = seg.postings[t * seg.count + p]!;
        const sv = slotValue(codes, o * PDQ_WORDS, seg.layout.starts[t]!, seg.layout.widths[t]!) & mask;
        if (sv !== v) throw new Error(`segment slot ${t} lists a code under the wrong bucket`);
      }
    }
  }
}
