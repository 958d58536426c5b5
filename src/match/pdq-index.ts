// Exact range search over PDQ hashes: every stored code within Hamming distance d of a
// query, with its distance. Multi-index hashing (MIH; pdq.md §16), with a flat scan
// where that is faster.
//
// Why hand-written: no JavaScript library does MIH over 256-bit codes. FAISS
// (IndexBinaryMultiHash, what HMA uses) is C++/Python, and the npm packages for Hamming
// search are linear scans over strings or BigInts, far too slow (pdq.md §16). The design
// follows upstream's 16 slots of 16 bits, laid out in typed arrays so that ten million
// codes fit in about 1 GB, with a wider 12-slot layout for banks of millions.
//
// Layout (ordinals are positions in the arrays; callers only ever see their own keys):
//   codes   Uint32Array, 8 words per ordinal               32 bytes per code
//   keys    Uint32Array, the caller's uint32 key             4 bytes
//   alive   Uint8Array, 0 once removed                       1 byte
//   main    CSR segment over [0, mainEnd)                    4 bytes per slot + offsets
//   delta   CSR segment over [mainEnd, deltaEnd), fewer bucket bits, cheap to rebuild
//   tail    [deltaEnd, n): codes added since, scanned flat
// Adds go to the tail; a full tail is folded into the delta; a large delta (or many
// removals) is merged into main by `compact()`. Removal is a tombstone that takes effect
// at once; the space comes back at the next compaction. So no single add or remove
// rebuilds main, and the rebuild costs are amortised (see `maintain`).
//
// Search is staged (probe, gather bucket ranges, collect candidates, touch each
// candidate's code, verify) rather than one nested loop, because the cost is almost all
// cache misses on `codes`: simple independent loops let the processor keep many misses
// in flight at once. Measured: about 2× faster at one million codes.
//
// Duplicates: a code can sit in probed buckets of several slots. Rather than a "seen"
// stamp array (4 more bytes per code, one more cache miss per candidate), a match found
// through slot t is dropped when an earlier slot u < t also lies within its probe
// radius, since the search reported it through u. This is exact because a code is
// accepted in slot u if and only if its slot distance is within u's radius (segments
// with fewer bucket bits than slot bits compare the full slot value for that reason).

import { PDQ_WORDS, pdqHexToWords } from './pdq-code.js';
import { buildSegment, type CsrSegment } from './csr-segment.js';
import { LAYOUT_12, LAYOUT_16X16, layoutByName, popcount32, slotValue, type SlotLayout } from './slot-layout.js';
import { planSearch, type SearchPlan } from './search-plan.js';

export interface PdqMatch {
  /** The caller's key for the stored code. */
  key: number;
  /** Hamming distance from the query, 0..256. */
  distance: number;
}

/** Receives each match; called once per stored code within range. */
export type PdqMatchSink = (key: number, distance: number) => void;

export interface PdqIndexOptions {
  /** Below this many live codes the index keeps no segments and scans flat. */
  flatBelow?: number;
  /**
   * 'auto' scans flat when that is estimated cheaper for the radius asked; 'mih' always
   * uses the segments once they exist (tests and the benchmark use it); 'flat' never does.
   */
  engine?: 'auto' | 'mih' | 'flat';
  /** Slot layout of the main segment; 'auto' picks by size (see `wideLayoutFrom`). */
  layout?: 'auto' | '16x16' | '12x21-22';
  /** With layout 'auto', main uses the 12-slot layout from this many live codes. */
  wideLayoutFrom?: number;
  /**
   * Cap on the main segment's bucket bits per slot (default: the slot width). Fewer bits
   * mean smaller offsets tables and more candidates; tests use it to keep the 12-slot
   * layout cheap to build.
   */
  bucketBits?: number;
  /** Codes added since the delta was built that are scanned flat before a delta rebuild. */
  tailLimit?: number;
  /** The delta is merged into main once it exceeds max(deltaMin, main / 8), capped at deltaMax. */
  deltaMin?: number;
  deltaMax?: number;
}

/**
 * Crossover measured with bench/match.ts (`--engine flat` against `--engine mih`, d = 31,
 * uniform codes, one shared core): equal at about 1,000 codes, MIH 1.6× faster at 2,000
 * and 3× at 4,000. See docs/matching.md.
 */
export const DEFAULT_FLAT_BELOW = 1024;
/**
 * The 12-slot layout's offsets tables take 134 MB, which is within 120 bytes per code
 * (with everything else) only from about 3.8 million codes; below that 16×16 is also fast
 * enough. 2^22 codes is the switch.
 */
export const DEFAULT_WIDE_LAYOUT_FROM = 1 << 22;
export const DEFAULT_TAIL_LIMIT = 1024;
export const DEFAULT_DELTA_MIN = 65536;
export const DEFAULT_DELTA_MAX = 1 << 20;
/** Ordinals are shifted by 3 in the hot loops, so they must stay below 2^28. */
export const MAX_CODES = 2 ** 28 - 1;
/** Largest meaningful radius: 256 bits. */
export const MAX_RADIUS = 256;

/** What a snapshot holds; `fromState` trusts it only after `pdq-snapshot.ts` checked it. */
export interface PdqIndexState {
  n: number;
  codes: Uint32Array;
  keys: Uint32Array;
  alive: Uint8Array;
  main: CsrSegment | null;
  mainEnd: number;
}

export class PdqIndex {
  private codes: Uint32Array;
  private keys: Uint32Array;
  private alive: Uint8Array;
  private n = 0;
  private liveCount = 0;
  private main: CsrSegment | null = null;
  private mainEnd = 0;
  private delta: CsrSegment | null = null;
  private deltaEnd = 0;
  private readonly flatBelow: number;
  private readonly layoutChoice: 'auto' | '16x16' | '12x21-22';
  private readonly wideLayoutFrom: number;
  private readonly tailLimit: number;
  private readonly bucketBits: number;
  private readonly engine: 'auto' | 'mih' | 'flat';
  private readonly deltaMin: number;
  private readonly deltaMax: number;
  // Per-search scratch, reused so that a query allocates nothing but its results.
  private readonly q = new Uint32Array(PDQ_WORDS);
  private readonly qv = new Uint32Array(32);
  private probeVal = new Uint32Array(1024);
  private rangeStart = new Uint32Array(1024);
  private rangeEnd = new Uint32Array(1024);
  private cand = new Uint32Array(8192);
  private candProbe = new Uint32Array(8192);
  private touched = new Uint32Array(8192);
  private mainPlans = new Map<number, SearchPlan>();
  private deltaPlans = new Map<number, SearchPlan>();

  constructor(options: PdqIndexOptions = {}) {
    this.flatBelow = positiveInt(options.flatBelow ?? DEFAULT_FLAT_BELOW, 'flatBelow');
    this.layoutChoice = options.layout ?? 'auto';
    if (this.layoutChoice !== 'auto') layoutByName(this.layoutChoice);
    this.wideLayoutFrom = positiveInt(options.wideLayoutFrom ?? DEFAULT_WIDE_LAYOUT_FROM, 'wideLayoutFrom');
    this.tailLimit = positiveInt(options.tailLimit ?? DEFAULT_TAIL_LIMIT, 'tailLimit');
    this.bucketBits = positiveInt(options.bucketBits ?? 32, 'bucketBits');
    this.engine = options.engine ?? 'auto';
    if (!['auto', 'mih', 'flat'].includes(this.engine)) throw new Error(`engine must be auto, mih or flat, got ${this.engine}`);
    this.deltaMin = positiveInt(options.deltaMin ?? DEFAULT_DELTA_MIN, 'deltaMin');
    this.deltaMax = positiveInt(options.deltaMax ?? DEFAULT_DELTA_MAX, 'deltaMax');
    this.codes = new Uint32Array(16 * PDQ_WORDS);
    this.keys = new Uint32Array(16);
    this.alive = new Uint8Array(16);
  }

  /**
   * Builds an index over `codes` (8 words per code) and `keys` (one per code) in one pass.
   * The arrays are taken over, not copied: the caller must not write to them afterwards.
   */
  static build(codes: Uint32Array, keys: Uint32Array, options: PdqIndexOptions = {}): PdqIndex {
    if (codes.length !== keys.length * PDQ_WORDS) {
      throw new Error(`expected ${keys.length * PDQ_WORDS} code words for ${keys.length} keys, got ${codes.length}`);
    }
    if (keys.length > MAX_CODES) throw new Error(`an index holds at most ${MAX_CODES} codes`);
    const index = new PdqIndex(options);
    const count = keys.length;
    index.codes = codes;
    index.keys = keys;
    index.alive = new Uint8Array(count).fill(1);
    index.n = count;
    index.liveCount = count;
    index.buildMain();
    return index;
  }

  /** Rebuilds an index from a checked snapshot state; the arrays are taken over. */
  static fromState(state: PdqIndexState, options: PdqIndexOptions = {}): PdqIndex {
    const index = new PdqIndex(options);
    index.codes = state.codes;
    index.keys = state.keys;
    index.alive = state.alive;
    index.n = state.n;
    let live = 0;
    for (let o = 0; o < state.n; o++) live += state.alive[o]!;
    index.liveCount = live;
    index.main = state.main;
    index.mainPlans = new Map();
    index.mainEnd = state.main ? state.mainEnd : 0;
    index.deltaEnd = index.mainEnd;
    index.maintain();
    return index;
  }

  /** The arrays a snapshot needs, trimmed to the ordinals in use (views, not copies). */
  exportState(): PdqIndexState {
    return {
      n: this.n,
      codes: this.codes.subarray(0, this.n * PDQ_WORDS),
      keys: this.keys.subarray(0, this.n),
      alive: this.alive.subarray(0, this.n),
      main: this.main,
      mainEnd: this.mainEnd,
    };
  }

  /** Number of live (not removed) codes. */
  get size(): number {
    return this.liveCount;
  }

  /** Bytes held by the index's arrays, for sizing and the benchmark. */
  get byteLength(): number {
    let bytes = this.codes.byteLength + this.keys.byteLength + this.alive.byteLength;
    for (const seg of [this.main, this.delta]) if (seg) bytes += seg.offsets.byteLength + seg.postings.byteLength;
    return bytes;
  }

  /** Name of the main segment's slot layout, or 'flat' while the index is small. */
  get layoutName(): string {
    return this.main ? this.main.layout.name : 'flat';
  }

  /** Adds one code (hex, or 8 words at `at`) under the caller's uint32 key. */
  add(code: string | Uint32Array, key: number, at = 0): void {
    if (!Number.isInteger(key) || key < 0 || key > 0xffffffff) throw new Error(`key must be a uint32, got ${key}`);
    if (typeof code !== 'string' && code.length < at + PDQ_WORDS) throw new Error('a PDQ code is 8 words');
    if (this.n === this.keys.length) this.grow(this.n + 1);
    const base = this.n * PDQ_WORDS;
    if (typeof code === 'string') pdqHexToWords(code, this.codes, base);
    else for (let i = 0; i < PDQ_WORDS; i++) this.codes[base + i] = code[at + i]!;
    this.keys[this.n] = key;
    this.alive[this.n] = 1;
    this.n++;
    this.liveCount++;
    this.maintain();
  }

  /** Removes every live code stored under `key`; returns how many. Takes effect at once. */
  remove(key: number): number {
    let removed = 0;
    const keys = this.keys;
    let o = keys.indexOf(key);
    while (o !== -1 && o < this.n) {
      if (this.alive[o] === 1) {
        this.alive[o] = 0;
        removed++;
      }
      o = keys.indexOf(key, o + 1);
    }
    this.liveCount -= removed;
    if (removed > 0) this.maintain();
    return removed;
  }

  /**
   * Folds the tail into the delta, or merges everything into main, when the thresholds
   * say so. Called after every add and remove; callers may also call it when idle.
   */
  maintain(): 'none' | 'delta' | 'compact' {
    const dead = this.n - this.liveCount;
    if (this.main === null) {
      if (this.liveCount >= this.flatBelow || (dead > 1024 && dead > this.liveCount)) {
        this.compact();
        return 'compact';
      }
      return 'none';
    }
    if ((dead > 1024 && dead * 2 > this.liveCount) || this.wantsOtherLayout()) {
      this.compact();
      return 'compact';
    }
    const deltaLimit = Math.min(this.deltaMax, Math.max(this.deltaMin, this.main.count >>> 3));
    if (this.n - this.mainEnd > deltaLimit) {
      this.compact();
      return 'compact';
    }
    if (this.n - this.deltaEnd > this.tailLimit) {
      const count = this.n - this.mainEnd;
      const bits = Math.min(16, Math.max(8, Math.ceil(Math.log2(count))));
      this.delta = buildSegment(this.codes, this.alive, this.mainEnd, this.n, LAYOUT_16X16, Array(16).fill(bits));
      this.deltaPlans = new Map();
      this.deltaEnd = this.n;
      return 'delta';
    }
    return 'none';
  }

  /** Drops removed codes and rebuilds main over everything. Ordinals change; keys do not. */
  compact(): void {
    const live = this.liveCount;
    const codes = new Uint32Array(live * PDQ_WORDS);
    const keys = new Uint32Array(live);
    let j = 0;
    for (let o = 0; o < this.n; o++) {
      if (this.alive[o] !== 1) continue;
      codes.set(this.codes.subarray(o * PDQ_WORDS, (o + 1) * PDQ_WORDS), j * PDQ_WORDS);
      keys[j] = this.keys[o]!;
      j++;
    }
    this.codes = codes;
    this.keys = keys;
    this.alive = new Uint8Array(live).fill(1);
    this.n = live;
    this.buildMain();
  }

  /** All stored codes within `maxDistance` of `query`, in no particular order. */
  search(query: string | Uint32Array, maxDistance = 31, at = 0): PdqMatch[] {
    const out: PdqMatch[] = [];
    this.searchInto(query, maxDistance, (key, distance) => out.push({ key, distance }), at);
    return out;
  }

  /** Streams matches to `sink`; returns how many. Allocates nothing besides what `sink` does. */
  searchInto(query: string | Uint32Array, maxDistance: number, sink: PdqMatchSink, at = 0): number {
    if (!Number.isInteger(maxDistance) || maxDistance < 0 || maxDistance > MAX_RADIUS) {
      throw new Error(`maxDistance must be an integer 0..${MAX_RADIUS}, got ${maxDistance}`);
    }
    const q = this.q;
    if (typeof query === 'string') pdqHexToWords(query, q, 0);
    else {
      if (query.length < at + PDQ_WORDS) throw new Error('a PDQ code is 8 words');
      for (let i = 0; i < PDQ_WORDS; i++) q[i] = query[at + i]!;
    }
    if (this.main === null || this.flatIsCheaper(maxDistance)) return this.scan(0, this.n, maxDistance, sink);
    let found = this.searchSegment(this.main, this.plan(this.main, this.mainPlans, maxDistance), maxDistance, sink);
    if (this.delta !== null) {
      found += this.searchSegment(this.delta, this.plan(this.delta, this.deltaPlans, maxDistance), maxDistance, sink);
    }
    found += this.scan(this.deltaEnd, this.n, maxDistance, sink);
    return found;
  }

  /** Which engine a search at this radius would use; for the benchmark and docs. */
  engineFor(maxDistance: number): 'flat' | 'mih' {
    return this.main === null || this.flatIsCheaper(maxDistance) ? 'flat' : 'mih';
  }

  private flatIsCheaper(d: number): boolean {
    if (this.engine !== 'auto') return this.engine === 'flat';
    return this.plan(this.main!, this.mainPlans, d).work > this.n;
  }

  private plan(seg: CsrSegment, cache: Map<number, SearchPlan>, d: number): SearchPlan {
    let plan = cache.get(d);
    if (!plan) {
      plan = planSearch(seg, d);
      cache.set(d, plan);
    }
    return plan;
  }

  private chooseLayout(): SlotLayout {
    if (this.layoutChoice !== 'auto') return layoutByName(this.layoutChoice);
    return this.liveCount >= this.wideLayoutFrom ? LAYOUT_12 : LAYOUT_16X16;
  }

  private wantsOtherLayout(): boolean {
    // Hysteresis of 2× so that a bank hovering at the threshold does not flip back and forth.
    if (this.layoutChoice !== 'auto' || this.main === null) return false;
    const wide = this.main.layout === LAYOUT_12;
    return wide ? this.liveCount * 2 < this.wideLayoutFrom : this.liveCount >= this.wideLayoutFrom * 2;
  }

  private buildMain(): void {
    this.delta = null;
    this.mainPlans = new Map();
    this.deltaPlans = new Map();
    if (this.liveCount >= this.flatBelow) {
      const layout = this.chooseLayout();
      const bits = layout.widths.map((w) => Math.min(w, this.bucketBits));
      this.main = buildSegment(this.codes, this.alive, 0, this.n, layout, bits);
      this.mainEnd = this.n;
    } else {
      this.main = null;
      this.mainEnd = 0;
    }
    this.deltaEnd = this.mainEnd;
  }

  private grow(min: number): void {
    if (min > MAX_CODES) throw new Error(`an index holds at most ${MAX_CODES} codes`);
    const capacity = Math.min(MAX_CODES, Math.max(min, 16, Math.ceil(this.keys.length * 1.5)));
    const codes = new Uint32Array(capacity * PDQ_WORDS);
    codes.set(this.codes.subarray(0, this.n * PDQ_WORDS));
    const keys = new Uint32Array(capacity);
    keys.set(this.keys.subarray(0, this.n));
    const alive = new Uint8Array(capacity);
    alive.set(this.alive.subarray(0, this.n));
    this.codes = codes;
    this.keys = keys;
    this.alive = alive;
  }

  private scan(from: number, to: number, d: number, sink: PdqMatchSink): number {
    const codes = this.codes;
    const alive = this.alive;
    const q = this.q;
    const q0 = q[0]!, q1 = q[1]!, q2 = q[2]!, q3 = q[3]!, q4 = q[4]!, q5 = q[5]!, q6 = q[6]!, q7 = q[7]!;
    let found = 0;
    for (let o = from; o < to; o++) {
      const b = o * PDQ_WORDS;
      let dist = pc(codes[b]! ^ q0) + pc(codes[b + 1]! ^ q1) + pc(codes[b + 2]! ^ q2) + pc(codes[b + 3]! ^ q3);
      if (dist > d) continue;
      dist += pc(codes[b + 4]! ^ q4) + pc(codes[b + 5]! ^ q5) + pc(codes[b + 6]! ^ q6) + pc(codes[b + 7]! ^ q7);
      if (dist > d || alive[o] !== 1) continue;
      found++;
      sink(this.keys[o]!, dist);
    }
    return found;
  }

  private searchSegment(seg: CsrSegment, plan: SearchPlan, d: number, sink: PdqMatchSink): number {
    const { starts, widths } = seg.layout;
    const m = widths.length;
    const q = this.q;
    const qv = this.qv;
    for (let t = 0; t < m; t++) qv[t] = slotValue(q, 0, starts[t]!, widths[t]!);
    const probes = plan.probeSlot.length;
    this.ensureProbes(probes);
    // Stage 1: probe values and their bucket ranges.
    const total = probeStage(plan, qv, seg.offsets, this.probeVal, this.rangeStart, this.rangeEnd);
    // Stage 2: collect candidate ordinals, remembering which probe found each.
    this.ensureCandidates(total);
    const c = collectStage(probes, seg.count, seg.postings, plan.probeSlot, this.rangeStart, this.rangeEnd, this.cand, this.candProbe);
    // Stage 3: touch each candidate's code so that its cache line is on its way.
    touchStage(c, this.cand, this.codes, this.touched);
    // Stage 4: distances; survivors are compacted to the front of cand/candProbe/touched.
    const hits = verifyStage(c, d, this.cand, this.candProbe, this.touched, this.codes, q);
    // Stage 5: the rare survivors: liveness, exact slot value, duplicates.
    let found = 0;
    for (let i = 0; i < hits; i++) {
      const o = this.cand[i]!;
      if (this.alive[o] !== 1) continue;
      const b = o * PDQ_WORDS;
      const probe = this.candProbe[i]!;
      const t = plan.probeSlot[probe]!;
      if (!plan.exactBuckets && slotValue(this.codes, b, starts[t]!, widths[t]!) !== this.probeVal[probe]) continue;
      if (t > 0 && this.foundInEarlierSlot(b, t, seg.layout, plan.radii)) continue;
      found++;
      sink(this.keys[o]!, this.touched[i]!);
    }
    return found;
  }

  private foundInEarlierSlot(b: number, t: number, layout: SlotLayout, radii: Int32Array): boolean {
    for (let u = 0; u < t; u++) {
      const ru = radii[u]!;
      if (ru < 0) continue;
      const su = slotValue(this.codes, b, layout.starts[u]!, layout.widths[u]!);
      if (popcount32((su ^ this.qv[u]!) >>> 0) <= ru) return true;
    }
    return false;
  }

  private ensureProbes(n: number): void {
    if (n <= this.probeVal.length) return;
    const size = Math.max(n, this.probeVal.length * 2);
    this.probeVal = new Uint32Array(size);
    this.rangeStart = new Uint32Array(size);
    this.rangeEnd = new Uint32Array(size);
  }

  private ensureCandidates(n: number): void {
    if (n <= this.cand.length) return;
    const size = Math.max(n, this.cand.length * 2);
    this.cand = new Uint32Array(size);
    this.candProbe = new Uint32Array(size);
    this.touched = new Uint32Array(size);
  }
}

// The search stages are small module-level functions, not one long method, so that the
// compiler inlines `pc` into each loop (a long method exhausts V8's inlining budget and
// the popcount becomes a call per word: measured at 1.5-2× slower).

function probeStage(
  plan: SearchPlan, qv: Uint32Array, offsets: Uint32Array, probeVal: Uint32Array, rs: Uint32Array, re: Uint32Array,
): number {
  const { probeSlot, probeMask, offsetBase, bucketMask } = plan;
  let total = 0;
  for (let i = 0; i < probeSlot.length; i++) {
    const t = probeSlot[i]!;
    const pv = (qv[t]! ^ probeMask[i]!) >>> 0;
    const k = offsetBase[t]! + (pv & bucketMask[t]!);
    const s = offsets[k]!;
    const e = offsets[k + 1]!;
    probeVal[i] = pv;
    rs[i] = s;
    re[i] = e;
    total += e - s;
  }
  return total;
}

function collectStage(
  probes: number, count: number, postings: Uint32Array, probeSlot: Uint8Array,
  rs: Uint32Array, re: Uint32Array, cand: Uint32Array, candProbe: Uint32Array,
): number {
  let c = 0;
  for (let i = 0; i < probes; i++) {
    const pb = probeSlot[i]! * count;
    const e = pb + re[i]!;
    for (let p = pb + rs[i]!; p < e; p++) {
      cand[c] = postings[p]!;
      candProbe[c] = i;
      c++;
    }
  }
  return c;
}

// Ordinals are shifted (`o << 3`), not multiplied: a Uint32Array element times 8 is a
// double to V8 and turns every access into a slow generic load (measured 1.5× slower).
// This holds while ordinals stay below 2^28, which `grow` and `build` enforce.

function touchStage(c: number, cand: Uint32Array, codes: Uint32Array, touched: Uint32Array): void {
  for (let i = 0; i < c; i++) touched[i] = codes[cand[i]! << 3]!;
}

/** Keeps candidates within d, moving them (and their distance, into `touched`) to the front. */
function verifyStage(
  c: number, d: number, cand: Uint32Array, candProbe: Uint32Array, touched: Uint32Array,
  codes: Uint32Array, q: Uint32Array,
): number {
  const q0 = q[0]!, q1 = q[1]!, q2 = q[2]!, q3 = q[3]!, q4 = q[4]!, q5 = q[5]!, q6 = q[6]!, q7 = q[7]!;
  let hits = 0;
  for (let i = 0; i < c; i++) {
    const o = cand[i]!;
    const b = o << 3;
    let dist = pc(touched[i]! ^ q0) + pc(codes[b + 1]! ^ q1) + pc(codes[b + 2]! ^ q2) + pc(codes[b + 3]! ^ q3);
    if (dist > d) continue;
    dist += pc(codes[b + 4]! ^ q4) + pc(codes[b + 5]! ^ q5) + pc(codes[b + 6]! ^ q6) + pc(codes[b + 7]! ^ q7);
    if (dist > d) continue;
    cand[hits] = o;
    candProbe[hits] = candProbe[i]!;
    touched[hits] = dist;
    hits++;
  }
  return hits;
}

function pc(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function positiveInt(v: number, name: string): number {
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${v}`);
  return v;
}
