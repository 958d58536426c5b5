// How a multi-index splits the 256 bits into slots, and which slot values a search
// probes at which radius.
//
// Pigeonhole (Norouzi, Punjani & Fleet, arXiv:1307.2982, generalised form): split a code
// into m disjoint slots of any widths and write the radius d = m·s + r, 0 <= r < m.
// If two codes are within d, then one of some chosen r+1 slots differs by at most s, or
// one of the other m-r-1 slots by at most s-1 (otherwise the distance would be at least
// (r+1)(s+1) + (m-r-1)·s = d + 1). Which r+1 slots get the larger radius is free, so we
// give it to the slots where it costs least. Slots with radius -1 are not probed.
//
// Fewer, wider slots mean fewer candidates to verify (each a cache miss on the codes)
// but more slot values to probe; the paper's rule of thumb is m ≈ 256 / log2(n). Since
// segments bucket only part of a slot's bits (csr-segment.ts), a wide slot costs no
// table memory, so the index picks the slot count by size (pdq-index.ts, measured in
// docs/matching.md). 16 × 16 is upstream's choice.

export interface SlotLayout {
  readonly name: string;
  /** First bit of each slot (bit k of the code is bit k & 31 of word k >> 5). */
  readonly starts: readonly number[];
  readonly widths: readonly number[];
}

function layout(name: string, widths: number[]): SlotLayout {
  const starts: number[] = [];
  let at = 0;
  for (const w of widths) {
    starts.push(at);
    at += w;
  }
  if (at !== 256) throw new Error(`layout ${name} covers ${at} bits, not 256`);
  return { name, starts, widths };
}

/** `m` slots as even as possible, the narrower ones first. */
function evenLayout(m: number): SlotLayout {
  const narrow = Math.floor(256 / m);
  const wide = 256 - narrow * m;
  const widths = [...Array<number>(m - wide).fill(narrow), ...Array<number>(wide).fill(narrow + 1)];
  return layout(wide === 0 ? `${m}x${narrow}` : `${m}x${narrow}-${narrow + 1}`, widths);
}

export const LAYOUT_16X16 = evenLayout(16);
export const LAYOUT_14 = evenLayout(14);
export const LAYOUT_13 = evenLayout(13);
export const LAYOUT_12 = evenLayout(12);
export const LAYOUT_11 = evenLayout(11);
export const LAYOUT_10 = evenLayout(10);
/** Position + 1 is a layout's id in snapshots: append only. */
export const LAYOUTS: readonly SlotLayout[] = [LAYOUT_16X16, LAYOUT_12, LAYOUT_11, LAYOUT_13, LAYOUT_14, LAYOUT_10];
export type LayoutName = '16x16' | '14x18-19' | '13x19-20' | '12x21-22' | '11x23-24' | '10x25-26';

export function layoutByName(name: string): SlotLayout {
  const found = LAYOUTS.find((l) => l.name === name);
  if (!found) throw new Error(`unknown slot layout ${JSON.stringify(name)}`);
  return found;
}

/** The value of a slot (width <= 31 bits) of the code at word offset `base`. */
export function slotValue(codes: Uint32Array, base: number, start: number, width: number): number {
  const w = start >>> 5;
  const sh = start & 31;
  let v = codes[base + w]! >>> sh;
  if (sh + width > 32) v |= codes[base + w + 1]! << (32 - sh);
  return (v & ((1 << width) - 1)) >>> 0;
}

export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/** Number of values within `radius` of a `width`-bit value. */
export function ballSize(width: number, radius: number): number {
  let total = 0;
  for (let k = 0; k <= Math.min(radius, width); k++) total += binomial(width, k);
  return total;
}

const maskCache = new Map<number, Uint32Array>();

/** Every `width`-bit XOR mask with at most `radius` bits set, fewest bits first. */
export function probeMasks(width: number, radius: number): Uint32Array {
  if (radius < 0) return new Uint32Array(0);
  const r = Math.min(radius, width);
  const cacheKey = width * 64 + r;
  const cached = maskCache.get(cacheKey);
  if (cached) return cached;
  const masks = new Uint32Array(ballSize(width, r));
  let i = 0;
  const limit = 2 ** width;
  for (let k = 0; k <= r; k++) {
    // Gosper's hack: the next larger integer with the same number of set bits.
    let v = k === 0 ? 0 : 2 ** k - 1;
    while (v < limit) {
      masks[i++] = v;
      if (v === 0) break;
      const c = v & -v;
      const next = v + c;
      v = (((next ^ v) >>> 2) / c + next) >>> 0;
      if (next >= limit) break;
    }
  }
  if (i !== masks.length) throw new Error(`internal: generated ${i} of ${masks.length} masks`);
  maskCache.set(cacheKey, masks);
  return masks;
}

/**
 * Radius per slot for search radius `d`: r+1 slots get s, the others s-1, choosing for
 * the larger radius the slots where `extraCost(t, s)` (what raising slot t from s-1 to s
 * adds) is least.
 */
export function slotRadii(layout: SlotLayout, d: number, extraCost: (t: number, s: number) => number): Int32Array {
  if (!Number.isInteger(d) || d < 0) throw new Error(`search radius must be a non-negative integer, got ${d}`);
  const m = layout.widths.length;
  const s = Math.floor(d / m);
  const r = d % m;
  const extra = layout.widths.map((_, t) => ({ t, cost: extraCost(t, s) }));
  extra.sort((a, b) => a.cost - b.cost || a.t - b.t);
  const radii = new Int32Array(m).fill(s - 1);
  for (let i = 0; i <= r; i++) radii[extra[i]!.t] = s;
  return radii;
}
