// What a search at radius d does in one segment, worked out once per (segment, d) and
// reused by every query: the radius of each slot, the flat list of (slot, XOR mask)
// probes, and an estimate of the work against a flat scan.

import type { CsrSegment } from './csr-segment.js';
import { probeMasks, slotRadii, ballSize } from './slot-layout.js';

export interface SearchPlan {
  readonly radii: Int32Array;
  /** Slot of each probe. */
  readonly probeSlot: Uint8Array;
  /** XOR mask of each probe. */
  readonly probeMask: Uint32Array;
  /** Per slot: where its offsets begin, and the mask that turns a slot value into a bucket. */
  readonly offsetBase: Uint32Array;
  readonly bucketMask: Uint32Array;
  /** True when every probed slot's buckets are its full value (no extra check needed). */
  readonly exactBuckets: boolean;
  /**
   * Estimated cost in "sequential code visits" (a flat scan of n codes costs n): a probe
   * or a candidate is a random access, which the benchmark puts at several visits.
   */
  readonly work: number;
}

/** Probe counts above this are not materialised; such a search always scans flat. */
const MAX_PLANNED_PROBES = 1 << 22;

export function planSearch(seg: CsrSegment, d: number): SearchPlan {
  const { widths } = seg.layout;
  const m = widths.length;
  const radii = slotRadii(seg.layout, d, seg.count);
  let work = 0;
  let total = 0;
  for (let t = 0; t < m; t++) {
    const probes = ballSize(widths[t]!, radii[t]!);
    total += probes;
    work += probes * (2 + (4 * seg.count) / 2 ** seg.bits[t]!);
  }
  const offsetBase = Uint32Array.from(seg.offsetBase);
  const bucketMask = Uint32Array.from(seg.bits, (b) => 2 ** b - 1);
  if (total > MAX_PLANNED_PROBES) {
    return { radii, probeSlot: new Uint8Array(0), probeMask: new Uint32Array(0), offsetBase, bucketMask, exactBuckets: true, work: Infinity };
  }
  const probeSlot = new Uint8Array(total);
  const probeMask = new Uint32Array(total);
  let at = 0;
  let exactBuckets = true;
  for (let t = 0; t < m; t++) {
    if (radii[t]! < 0) continue;
    if (seg.bits[t] !== widths[t]) exactBuckets = false;
    const masks = probeMasks(widths[t]!, radii[t]!);
    probeSlot.fill(t, at, at + masks.length);
    probeMask.set(masks, at);
    at += masks.length;
  }
  return { radii, probeSlot, probeMask, offsetBase, bucketMask, exactBuckets, work };
}
