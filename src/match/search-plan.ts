// What a search at radius d does in one segment, worked out once per (segment, d) and
// reused by every query: the radius of each slot, the list of probes (grouped by slot),
// and an estimate of the work against a flat scan.
//
// Without an occupancy bitmap, a slot of radius s with b bucket bits is searched by
// visiting every bucket whose b bits are within s of the query's (a mask with j bits
// set), and keeping the postings whose residual bits are within s - j of the query's:
// together that is exactly the codes whose full slot value is within s.
//
// With the bitmap, a probe is one full slot value within s of the query's (query XOR
// mask); the search tests its bit and visits its bucket, for that one residual, only
// when the bit is set. (Testing a 32-bit word of values per probe halves the loads at
// radius 3 and more, but decoding the bits cost more than it saved: measured.)

import type { CsrSegment } from './csr-segment.js';
import { popcount32 } from './pdq-value.js';
import { ballSize, probeMasks, slotRadii } from './slot-layout.js';

export interface SearchPlan {
  readonly radii: Int32Array;
  /** True when probes are slot values tested against the occupancy bitmap. */
  readonly bitmap: boolean;
  /** Slot of each probe; the probes of one slot are contiguous. */
  readonly probeSlot: Uint8Array;
  /** XOR mask of each probe, over the slot's bucket bits (with the bitmap: over the whole value). */
  readonly probeMask: Int32Array;
  /** Largest residual distance a posting found by each probe may have (unused with the bitmap). */
  readonly probeRes: Int32Array;
  /** Most bucket visits a search can make. */
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
const BIT_TEST_COST = 0.5;

/** Expected work of searching one slot at `radius` over `count` codes. */
function slotWork(width: number, bits: number, radius: number, count: number, bitmap: boolean): number {
  if (radius < 0) return 0;
  const values = ballSize(width, radius);
  const candidates = (values * count) / 2 ** width;
  if (bitmap) {
    const present = values * -Math.expm1(-count / 2 ** width);
    return values * BIT_TEST_COST + present * (PROBE_COST + Math.log2(2 + count / 2 ** bits) * SCAN_COST) + candidates * CANDIDATE_COST;
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
  const probeBits = (t: number): number => (bitmap ? widths[t]! : seg.bits[t]!);
  let work = 0;
  let total = 0;
  for (let t = 0; t < m; t++) {
    work += work1(t, radii[t]!);
    if (radii[t]! >= 0) total += ballSize(probeBits(t), radii[t]!);
  }
  const offsetBase = Int32Array.from(seg.offsetBase);
  const resBits = Int32Array.from(seg.bits, (b, t) => widths[t]! - b);
  const resMask = Int32Array.from(resBits, (r) => 2 ** r - 1);
  const bitmapBase = Int32Array.from(seg.bitmapBase);
  const shared = { radii, bitmap, maxVisits: total, offsetBase, resBits, resMask, bitmapBase };
  if (total > MAX_PLANNED_PROBES) {
    return { ...shared, probeSlot: new Uint8Array(0), probeMask: new Int32Array(0), probeRes: new Int32Array(0), work: Infinity };
  }
  const probeSlot = new Uint8Array(total);
  const probeMask = new Int32Array(total);
  const probeRes = new Int32Array(total);
  let at = 0;
  for (let t = 0; t < m; t++) {
    const s = radii[t]!;
    if (s < 0) continue;
    // In numeric order, probes that differ only in low bits come together, and those
    // land in the same cache line of the bitmap or offsets (the line is v >>> k, and
    // v = query ^ mask): each line is fetched once and then hit.
    const masks = probeMasks(probeBits(t), s).slice().sort();
    for (let i = 0; i < masks.length; i++) {
      probeSlot[at] = t;
      probeMask[at] = masks[i]!;
      probeRes[at] = s - popcount32(masks[i]!);
      at++;
    }
  }
  return { ...shared, probeSlot, probeMask, probeRes, work };
}
