// What a search at radius d does in one segment, worked out once per (segment, d) and
// reused by every query: the radius of each slot, the flat list of bucket probes with
// the residual radius each allows, and an estimate of the work against a flat scan.
//
// A slot of radius s with b bucket bits is searched by visiting every bucket whose b
// bits are within s of the query's (a mask with j bits set), and keeping the postings
// whose residual bits are within s - j of the query's: together that is exactly the
// codes whose full slot value is within s.
//
// When the segment has an occupancy bitmap, the search visits buckets only for values
// whose bit is set, each for one residual. Probes then test bits, one of two ways:
// - at slot radius 1 or 2, a probe is one full slot value (query XOR mask);
// - from radius 3, a probe is one 32-bit word of the bitmap: the word's index is the
//   query's value without its low 5 bits, XOR a mask with j bits set, and the probe
//   tests at once every value in that word within s - j of the query's low 5 bits (a
//   precomputed pattern). That halves the loads where balls are large; at small radii
//   the decoding costs more than the loads it saves (measured, docs/matching.md).

import type { CsrSegment } from './csr-segment.js';
import { ballSize, popcount32, probeMasks, slotRadii } from './slot-layout.js';

export interface SearchPlan {
  readonly radii: Int32Array;
  /** True when probes are tested against the occupancy bitmap. */
  readonly bitmap: boolean;
  /** With the bitmap: probes [0, bitProbes) are single values, the rest are words. */
  readonly bitProbes: number;
  /** Slot of each probe. */
  readonly probeSlot: Uint8Array;
  /** XOR mask of each probe over the slot's bucket bits (with the bitmap: over the value, or over the word index). */
  readonly probeMask: Int32Array;
  /**
   * Largest residual distance a posting found by each probe may have (for a word probe:
   * the distance allowed in the low 5 bits, which picks the pattern).
   */
  readonly probeRes: Int32Array;
  /** Most bucket visits a search can make (with the bitmap, a probe may yield 32). */
  readonly maxVisits: number;
  /** Per slot: first word of its occupancy bits. */
  readonly bitmapBase: Int32Array;
  /** Per slot: where its offsets begin; residual bits (a value's bucket is value >>> resBits) and mask. */
  readonly offsetBase: Int32Array;
  readonly resBits: Int32Array;
  readonly resMask: Int32Array;
  /**
   * Estimated cost in "sequential code visits" (a flat scan of n codes costs n): a probe
   * or a candidate is a random access, worth several visits; a scanned posting is a
   * sequential read and a few operations.
   */
  readonly work: number;
}

/** Probe counts above this are not materialised; such a search always scans flat. */
const MAX_PLANNED_PROBES = 1 << 22;

// Relative costs, in flat-scan code visits; calibrated against the flat/MIH crossover
// measured with bench/match.ts (docs/matching.md).
const PROBE_COST = 2;
const SCAN_COST = 0.25;
const CANDIDATE_COST = 4;
const WORD_TEST_COST = 1;
const BIT_TEST_COST = 0.5;

/** Slots searched at this radius or more test the bitmap a word at a time. */
const WORD_PROBES_FROM_RADIUS = 3;
/** Radii above this allow every value in a bitmap word. */
const MAX_LOW_RADIUS = 5;
/**
 * LOW_BALL[r * 32 + x]: the 32-bit pattern of the values within r bits of x among 0..31,
 * that is, which bits of a bitmap word a probe tests.
 */
export const LOW_BALL = ((): Int32Array => {
  const table = new Int32Array((MAX_LOW_RADIUS + 1) * 32);
  for (let r = 0; r <= MAX_LOW_RADIUS; r++) {
    for (let x = 0; x < 32; x++) {
      let pattern = 0;
      for (let l = 0; l < 32; l++) if (popcount32(l) <= r) pattern |= 1 << (x ^ l);
      table[r * 32 + x] = pattern;
    }
  }
  return table;
})();

/** Expected work of searching one slot at `radius` over `count` codes. */
function slotWork(width: number, bits: number, radius: number, count: number, bitmap: boolean): number {
  if (radius < 0) return 0;
  const values = ballSize(width, radius);
  const candidates = (values * count) / 2 ** width;
  if (bitmap) {
    const present = values * -Math.expm1(-count / 2 ** width);
    const tests = radius >= WORD_PROBES_FROM_RADIUS ? ballSize(width - 5, radius) * WORD_TEST_COST : values * BIT_TEST_COST;
    return tests + present * (PROBE_COST + Math.log2(2 + count / 2 ** bits) * SCAN_COST) + candidates * CANDIDATE_COST;
  }
  const probes = ballSize(bits, radius);
  const scanned = (probes * count) / 2 ** bits;
  return probes * PROBE_COST + scanned * SCAN_COST + candidates * CANDIDATE_COST;
}

export function planSearch(seg: CsrSegment, d: number): SearchPlan {
  const { widths } = seg.layout;
  const m = widths.length;
  const bitmap = seg.bitmap !== null;
  const work1 = (t: number, s: number): number => slotWork(widths[t]!, seg.bits[t]!, s, seg.count, bitmap);
  const radii = slotRadii(seg.layout, d, (t, s) => work1(t, s) - work1(t, s - 1));
  const byWord = (t: number): boolean => bitmap && radii[t]! >= WORD_PROBES_FROM_RADIUS;
  const probeBits = (t: number): number => (byWord(t) ? widths[t]! - 5 : bitmap ? widths[t]! : seg.bits[t]!);
  let work = 0;
  let total = 0;
  let maxVisits = 0;
  for (let t = 0; t < m; t++) {
    work += work1(t, radii[t]!);
    if (radii[t]! < 0) continue;
    total += ballSize(probeBits(t), radii[t]!);
    maxVisits += ballSize(bitmap ? widths[t]! : seg.bits[t]!, radii[t]!);
  }
  const offsetBase = Int32Array.from(seg.offsetBase);
  const resBits = Int32Array.from(seg.bits, (b, t) => widths[t]! - b);
  const resMask = Int32Array.from(resBits, (r) => 2 ** r - 1);
  const bitmapBase = Int32Array.from(seg.bitmapBase);
  const shared = { radii, bitmap, maxVisits, offsetBase, resBits, resMask, bitmapBase };
  const empty = { bitProbes: 0, probeSlot: new Uint8Array(0), probeMask: new Int32Array(0), probeRes: new Int32Array(0) };
  if (maxVisits > MAX_PLANNED_PROBES) return { ...shared, ...empty, work: Infinity };
  const probeSlot = new Uint8Array(total);
  const probeMask = new Int32Array(total);
  const probeRes = new Int32Array(total);
  let at = 0;
  // Value probes first, then word probes.
  const order = [...radii.keys()].filter((t) => radii[t]! >= 0).sort((a, b) => Number(byWord(a)) - Number(byWord(b)) || a - b);
  const bitProbes = order.filter((t) => !byWord(t)).reduce((sum, t) => sum + (bitmap ? ballSize(probeBits(t), radii[t]!) : 0), 0);
  for (const t of order) {
    const s = radii[t]!;
    // In numeric order, probes that differ only in low bits come together, and those
    // land in the same cache line of the bitmap or offsets (the line is v >>> k, and
    // v = query ^ mask): each line is fetched once and then hit.
    const masks = probeMasks(probeBits(t), s).slice().sort();
    for (let i = 0; i < masks.length; i++) {
      probeSlot[at] = t;
      probeMask[at] = masks[i]!;
      const rest = s - popcount32(masks[i]!);
      probeRes[at] = byWord(t) ? Math.min(MAX_LOW_RADIUS, rest) : rest;
      at++;
    }
  }
  return { ...shared, bitProbes, probeSlot, probeMask, probeRes, work };
}
