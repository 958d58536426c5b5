// Exact range search over PDQ hashes: every stored code within Hamming distance d of a
// query, with its distance. Multi-index hashing (MIH; pdq.md §16), with a flat scan
// where that is faster.
//
// Why hand-written: no JavaScript library does MIH over 256-bit codes. FAISS
// (IndexBinaryMultiHash, what HMA uses) is C++/Python, and the npm packages for Hamming
// search are linear scans over strings or BigInts, far too slow (pdq.md §16). Upstream
// uses 16 slots of 16 bits; here the slot count follows the bank's size (10 slots of
// 25-26 bits at ten million codes), which cuts the candidates to verify, and each
// segment's tables are sized to its codes rather than to its slots' widths
// (csr-segment.ts), which keeps the whole index near 100 bytes per code.
//
// Layout (ordinals are positions in the arrays; callers only ever see their own keys):
//   codes   Uint32Array, 8 words per ordinal               32 bytes per code
//   keys    Uint32Array, the caller's uint32 key             4 bytes
//   alive   Uint8Array, 0 once removed                       1 byte
//   main    segment over [0, mainEnd)                        4 bytes per slot + tables
//   delta   segment over [mainEnd, deltaEnd), cheap to rebuild
//   tail    [deltaEnd, n): codes added since, scanned flat
// Adds go to the tail; a full tail is folded into the delta; a large delta (or many
// removals) is merged into main by `compact()`. Removal is a tombstone that takes effect
// at once; the space comes back at the next compaction. So no single add or remove
// rebuilds main, and the rebuild costs are amortised (see `maintain`).
//
// Search is staged (test occupancy bits or probe buckets, warm the buckets, find the
// residuals, drop repeated candidates, warm each candidate's code, verify) rather than
// one nested loop, because the cost is almost all cache misses: simple independent
// loops let the processor keep many misses in flight at once. Buckets and candidates go
// through the later stages 64 at a time, so that what one stage warmed is still cached
// when the next reads it.

import { PDQ_UINT32_WORDS, pdqHexToWords, popcount32 as pc } from './pdq-value.js';
import { buildSegment, minBucketBits, type CsrSegment } from './csr-segment.js';
import {
  LAYOUT_10,
  LAYOUT_11,
  LAYOUT_12,
  LAYOUT_13,
  LAYOUT_14,
  LAYOUT_16X16,
  layoutByName,
  slotValue,
  type LayoutName,
  type SlotLayout,
} from './slot-layout.js';
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
  /** Slot layout of the segments; 'auto' picks by size (see `segmentGeometry`). */
  layout?: 'auto' | LayoutName;
  /**
   * Bucket bits per slot (clamped to each slot's width and to what the postings can
   * pack). Default: from the segment's size, a few postings per bucket.
   */
  bucketBits?: number;
  /**
   * Whether segments keep an occupancy bitmap of slot values: 'auto' when it is small
   * next to the segment and its slots are sparse (see `segmentGeometry`).
   */
  bitmap?: 'auto' | boolean;
  /** Codes added since the delta was built that are scanned flat before a delta rebuild. */
  tailLimit?: number;
  /** The delta is merged into main once it exceeds max(deltaMin, main / 8), capped at deltaMax. */
  deltaMin?: number;
  deltaMax?: number;
}

/**
 * Crossover measured with bench/match.ts (`--engine flat` against `--engine mih`, d = 31,
 * uniform codes, one shared core): about equal at 1,000 codes, MIH 1.5× faster at 2,000
 * and 4× at 4,000. See docs/matching.md.
 */
export const DEFAULT_FLAT_BELOW = 1024;
export const DEFAULT_TAIL_LIMIT = 1024;
export const DEFAULT_DELTA_MIN = 65536;
export const DEFAULT_DELTA_MAX = 1 << 20;
/** Ordinals are shifted by 3 in the hot loops, so they must stay below 2^28. */
export const MAX_CODES = 2 ** 28 - 1;
/** Largest meaningful radius: 256 bits. */
export const MAX_RADIUS = 256;
/**
 * Bucket visits and candidates are handled this many at a time: enough misses in flight
 * to overlap them, few enough that the lines (and their pages' translations) are still
 * cached when the next stage reads them. Measured against one pass over everything.
 */
const CHUNK = 64;

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
  private readonly layoutChoice: 'auto' | LayoutName;
  private readonly tailLimit: number;
  private readonly bucketBits: number | undefined;
  private readonly bitmapChoice: 'auto' | boolean;
  private readonly engine: 'auto' | 'mih' | 'flat';
  private readonly deltaMin: number;
  private readonly deltaMax: number;
  // Per-search scratch, reused so that a query allocates nothing but its results.
  private readonly q = new Uint32Array(PDQ_UINT32_WORDS);
  private readonly qv = new Uint32Array(32);
  private readonly qb = new Int32Array(32);
  private readonly qr = new Int32Array(32);
  private rangeStart = new Uint32Array(1024);
  private rangeEnd = new Uint32Array(1024);
  private visitSlot = new Uint8Array(1024);
  private visitRes = new Int32Array(1024);
  private cand = new Uint32Array(8192);
  private seen = new Int32Array(1024);
  private touched = new Uint32Array(8192);
  private mainPlans = new Map<number, SearchPlan>();
  /** Where the postings touch stage leaves its result, so that the compiler keeps the loads. */
  private touchSink = 0;
  private deltaPlans = new Map<number, SearchPlan>();

  constructor(options: PdqIndexOptions = {}) {
    this.flatBelow = positiveInt(options.flatBelow ?? DEFAULT_FLAT_BELOW, 'flatBelow');
    this.layoutChoice = options.layout ?? 'auto';
    if (this.layoutChoice !== 'auto') layoutByName(this.layoutChoice);
    this.tailLimit = positiveInt(options.tailLimit ?? DEFAULT_TAIL_LIMIT, 'tailLimit');
    this.bucketBits = options.bucketBits === undefined ? undefined : positiveInt(options.bucketBits, 'bucketBits');
    this.bitmapChoice = options.bitmap ?? 'auto';
    this.engine = options.engine ?? 'auto';
    if (!['auto', 'mih', 'flat'].includes(this.engine)) throw new Error(`engine must be auto, mih or flat, got ${this.engine}`);
    this.deltaMin = positiveInt(options.deltaMin ?? DEFAULT_DELTA_MIN, 'deltaMin');
    this.deltaMax = positiveInt(options.deltaMax ?? DEFAULT_DELTA_MAX, 'deltaMax');
    this.codes = new Uint32Array(16 * PDQ_UINT32_WORDS);
    this.keys = new Uint32Array(16);
    this.alive = new Uint8Array(16);
  }

  /**
   * Builds an index over `codes` (8 words per code) and `keys` (one per code) in one pass.
   * The arrays are taken over, not copied: the caller must not write to them afterwards.
   */
  static build(codes: Uint32Array, keys: Uint32Array, options: PdqIndexOptions = {}): PdqIndex {
    if (codes.length !== keys.length * PDQ_UINT32_WORDS) {
      throw new Error(`expected ${keys.length * PDQ_UINT32_WORDS} code words for ${keys.length} keys, got ${codes.length}`);
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
      codes: this.codes.subarray(0, this.n * PDQ_UINT32_WORDS),
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

  /** The main segment's bucket bits per slot, run-length written ("16", "18,17x3"), for the benchmark. */
  get bucketBitsName(): string {
    if (!this.main) return '';
    const runs: string[] = [];
    const bits = this.main.bits;
    for (let i = 0; i < bits.length;) {
      let j = i;
      while (j < bits.length && bits[j] === bits[i]) j++;
      runs.push(j - i === bits.length ? `${bits[i]}` : `${bits[i]}x${j - i}`);
      i = j;
    }
    return runs.join(',');
  }

  /** Whether the main segment keeps an occupancy bitmap; for the benchmark. */
  get hasBitmap(): boolean {
    return this.main?.bitmap != null;
  }

  /** Bytes held by the index's arrays, for sizing and the benchmark. */
  get byteLength(): number {
    let bytes = this.codes.byteLength + this.keys.byteLength + this.alive.byteLength;
    for (const seg of [this.main, this.delta]) {
      if (seg) bytes += seg.offsets.byteLength + seg.postings.byteLength + (seg.bitmap?.byteLength ?? 0);
    }
    return bytes;
  }

  /** Name of the main segment's slot layout, or 'flat' while the index is small. */
  get layoutName(): string {
    return this.main ? this.main.layout.name : 'flat';
  }

  /** Adds one code (hex, or 8 words at `at`) under the caller's uint32 key. */
  add(code: string | Uint32Array, key: number, at = 0): void {
    if (!Number.isInteger(key) || key < 0 || key > 0xffffffff) throw new Error(`key must be a uint32, got ${key}`);
    if (typeof code !== 'string' && code.length < at + PDQ_UINT32_WORDS) throw new Error('a PDQ code is 8 words');
    if (this.n === this.keys.length) this.grow(this.n + 1);
    const base = this.n * PDQ_UINT32_WORDS;
    if (typeof code === 'string') pdqHexToWords(code, this.codes, base);
    else for (let i = 0; i < PDQ_UINT32_WORDS; i++) this.codes[base + i] = code[at + i]!;
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
    if ((dead > 1024 && dead * 2 > this.liveCount) || this.outgrewMain()) {
      this.compact();
      return 'compact';
    }
    const deltaLimit = Math.min(this.deltaMax, Math.max(this.deltaMin, this.main.count >>> 3));
    if (this.n - this.mainEnd > deltaLimit) {
      this.compact();
      return 'compact';
    }
    if (this.n - this.deltaEnd > this.tailLimit) {
      const g = segmentGeometry(this.n - this.mainEnd, this.n - this.mainEnd, this.layoutChoice, this.bucketBits, this.bitmapChoice);
      this.delta = buildSegment(this.codes, this.alive, this.mainEnd, this.n, g.layout, g.bits, g.bitmap);
      this.deltaPlans = new Map();
      this.deltaEnd = this.n;
      return 'delta';
    }
    return 'none';
  }

  /** Drops removed codes and rebuilds main over everything. Ordinals change; keys do not. */
  compact(): void {
    const live = this.liveCount;
    const codes = new Uint32Array(live * PDQ_UINT32_WORDS);
    const keys = new Uint32Array(live);
    let j = 0;
    for (let o = 0; o < this.n; o++) {
      if (this.alive[o] !== 1) continue;
      codes.set(this.codes.subarray(o * PDQ_UINT32_WORDS, (o + 1) * PDQ_UINT32_WORDS), j * PDQ_UINT32_WORDS);
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
      if (query.length < at + PDQ_UINT32_WORDS) throw new Error('a PDQ code is 8 words');
      for (let i = 0; i < PDQ_UINT32_WORDS; i++) q[i] = query[at + i]!;
    }
    if (this.main === null || this.flatIsCheaper(maxDistance)) return this.scan(0, this.n, maxDistance, sink);
    let found = this.searchOrScan(this.main, this.mainPlans, maxDistance, sink);
    if (this.delta !== null) found += this.searchOrScan(this.delta, this.deltaPlans, maxDistance, sink);
    found += this.scan(this.deltaEnd, this.n, maxDistance, sink);
    return found;
  }

  private searchOrScan(seg: CsrSegment, plans: Map<number, SearchPlan>, d: number, sink: PdqMatchSink): number {
    const plan = this.plan(seg, plans, d);
    // A radius so wide that the plan was not materialised is searched by scanning, whatever the engine option says.
    if (plan.work === Infinity) return this.scan(seg.start, seg.end, d, sink);
    return this.searchSegment(seg, plan, d, sink);
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

  private outgrewMain(): boolean {
    // A bank that has doubled or halved since main was built would search faster with
    // the geometry of its new size; 2× of hysteresis keeps a bank at a boundary stable.
    if (this.main === null) return false;
    const built = this.main.count;
    return this.liveCount > built * 2 || this.liveCount * 2 < built;
  }

  private buildMain(): void {
    this.delta = null;
    this.mainPlans = new Map();
    this.deltaPlans = new Map();
    if (this.liveCount >= this.flatBelow) {
      const g = segmentGeometry(this.liveCount, this.n, this.layoutChoice, this.bucketBits, this.bitmapChoice);
      this.main = buildSegment(this.codes, this.alive, 0, this.n, g.layout, g.bits, g.bitmap);
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
    const codes = new Uint32Array(capacity * PDQ_UINT32_WORDS);
    codes.set(this.codes.subarray(0, this.n * PDQ_UINT32_WORDS));
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
    const q0 = q[0]!,
      q1 = q[1]!,
      q2 = q[2]!,
      q3 = q[3]!,
      q4 = q[4]!,
      q5 = q[5]!,
      q6 = q[6]!,
      q7 = q[7]!;
    let found = 0;
    for (let o = from; o < to; o++) {
      const b = o * PDQ_UINT32_WORDS;
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
    for (let t = 0; t < m; t++) {
      const v = slotValue(q, 0, starts[t]!, widths[t]!);
      qv[t] = v;
      this.qb[t] = v >>> plan.resBits[t]!;
      this.qr[t] = v & plan.resMask[t]!;
    }
    const probes = plan.probeSlot.length;
    this.ensureProbes(plan.maxVisits);
    const rs = this.rangeStart;
    const re = this.rangeEnd;
    let c = 0;
    if (seg.bitmap !== null) {
      // Stage 1: the probed values that some code has, with their bucket ranges.
      const visits = bitmapStage(plan, qv, seg.bitmap, seg.offsets, this.visitSlot, this.visitRes, rs, re);
      // Stage 2, a chunk at a time: bring the buckets into cache, then find each value's
      // residual in its bucket.
      for (let from = 0; from < visits; from += CHUNK) {
        const to = Math.min(visits, from + CHUNK);
        this.touchSink ^= touchPostings(from, to, seg.count, seg.postings, this.visitSlot, rs, re);
        this.ensureCandidates(c + this.bucketTotal(from, to));
        c = exactStage(from, to, seg.count, seg.start, seg.postings, plan, this.visitSlot, this.visitRes, rs, re, this.cand, c);
      }
    } else {
      // Stage 1: each probe's bucket range.
      probeStage(plan, this.qb, seg.offsets, rs, re);
      // Stage 2, a chunk at a time: bring the buckets into cache, then keep the postings
      // with a close enough residual.
      for (let from = 0; from < probes; from += CHUNK) {
        const to = Math.min(probes, from + CHUNK);
        this.touchSink ^= touchPostings(from, to, seg.count, seg.postings, plan.probeSlot, rs, re);
        this.ensureCandidates(c + this.bucketTotal(from, to));
        c = filterStage(from, to, seg.count, seg.start, seg.postings, plan, this.qr, rs, re, this.cand, c);
      }
    }
    // Stage 3: each code once, though a code near the query is found through several slots.
    c = this.dedup(c);
    // Stage 4, a chunk at a time: touch each candidate's code so that its cache line is on
    // its way, then the distances; survivors are compacted to the front of cand/touched.
    let hits = 0;
    for (let from = 0; from < c; from += CHUNK) {
      const to = Math.min(c, from + CHUNK);
      touchStage(from, to, this.cand, this.codes, this.touched);
      hits = verifyStage(from, to, d, this.cand, this.touched, this.codes, q, hits);
    }
    // Stage 5: the rare survivors, if still live.
    let found = 0;
    for (let i = 0; i < hits; i++) {
      const o = this.cand[i]!;
      if (this.alive[o] !== 1) continue;
      found++;
      sink(this.keys[o]!, this.touched[i]!);
    }
    return found;
  }

  private bucketTotal(from: number, to: number): number {
    let total = 0;
    for (let i = from; i < to; i++) total += this.rangeEnd[i]! - this.rangeStart[i]!;
    return total;
  }

  /**
   * Drops repeated candidates in place; returns how many remain. An open-addressing set
   * sized to this query's candidates stays in the fastest caches, where a "seen" stamp
   * per code would cost 4 bytes per code and a cache miss per candidate. Measured: 40%
   * faster on clustered banks (where every near code repeats), no slower on uniform ones.
   */
  private dedup(c: number): number {
    let bits = 10;
    while (2 ** bits < 2 * c) bits++;
    const size = 2 ** bits;
    if (this.seen.length < size) this.seen = new Int32Array(size);
    const seen = this.seen;
    const mask = size - 1;
    const shift = 32 - bits;
    const cand = this.cand;
    let kept = 0;
    for (let i = 0; i < c; i++) {
      const o = cand[i]!;
      // Fibonacci hashing spreads consecutive ordinals; 0 marks an empty entry, so store o + 1.
      let h = Math.imul(o, 0x9e3779b1) >>> shift;
      for (;;) {
        const x = seen[h]!;
        if (x === 0) {
          seen[h] = o + 1;
          cand[kept++] = o;
          break;
        }
        if (x === o + 1) break;
        h = (h + 1) & mask;
      }
    }
    seen.fill(0, 0, size);
    return kept;
  }

  private ensureProbes(n: number): void {
    if (n <= this.rangeStart.length) return;
    const size = Math.max(n, this.rangeStart.length * 2);
    this.rangeStart = new Uint32Array(size);
    this.rangeEnd = new Uint32Array(size);
    this.visitSlot = new Uint8Array(size);
    this.visitRes = new Int32Array(size);
  }

  /** Room for n candidates, keeping those already collected. */
  private ensureCandidates(n: number): void {
    if (n <= this.cand.length) return;
    const size = Math.max(n, this.cand.length * 2);
    const cand = new Uint32Array(size);
    cand.set(this.cand);
    this.cand = cand;
    this.touched = new Uint32Array(size);
  }
}

// The search stages are small module-level functions, not one long method, so that the
// compiler inlines `pc` into each loop (a long method exhausts V8's inlining budget and
// the popcount becomes a call per word: measured at 1.5-2× slower). `pc` is
// pdq-value.ts's popcount32: V8 inlines it across the module boundary just the same
// (seen with --trace-turbo-inlining: 8 sites in verifyStage).

function probeStage(plan: SearchPlan, qb: Int32Array, offsets: Uint32Array, rs: Uint32Array, re: Uint32Array): void {
  const { probeSlot, probeMask, offsetBase } = plan;
  const probes = probeSlot.length;
  for (let from = 0; from < probes;) {
    const t = probeSlot[from]!;
    let to = from;
    while (to < probes && probeSlot[to] === t) to++;
    const q = qb[t]!;
    const ob = offsetBase[t]!;
    for (let i = from; i < to; i++) {
      const k = ob + (q ^ probeMask[i]!);
      rs[i] = offsets[k]!;
      re[i] = offsets[k + 1]!;
    }
    from = to;
  }
}

/**
 * Tests the probed values' occupancy bits and, for the values present, looks up their
 * bucket ranges; returns how many. The bitmap is a table far smaller than the postings,
 * so most probed values cost no visit to a bucket.
 */
function bitmapStage(
  plan: SearchPlan,
  qv: Uint32Array,
  bitmap: Int32Array,
  offsets: Uint32Array,
  visitSlot: Uint8Array,
  visitRes: Int32Array,
  rs: Uint32Array,
  re: Uint32Array,
): number {
  const { probeSlot, probeMask, bitmapBase, offsetBase, resBits, resMask } = plan;
  const probes = probeSlot.length;
  let n = 0;
  // One run of probes per slot, with the slot's constants hoisted out of the inner loop
  // (measured: a quarter faster than looking them up per probe).
  for (let from = 0; from < probes;) {
    const t = probeSlot[from]!;
    let to = from;
    while (to < probes && probeSlot[to] === t) to++;
    const q = qv[t]!;
    const bb = bitmapBase[t]!;
    const ob = offsetBase[t]!;
    const rb = resBits[t]!;
    const rm = resMask[t]!;
    for (let i = from; i < to; i++) {
      const v = q ^ probeMask[i]!;
      if (((bitmap[bb + (v >>> 5)]! >>> (v & 31)) & 1) === 0) continue;
      const k = ob + (v >>> rb);
      visitSlot[n] = t;
      visitRes[n] = v & rm;
      rs[n] = offsets[k]!;
      re[n] = offsets[k + 1]!;
      n++;
    }
    from = to;
  }
  return n;
}

/** Warms the buckets [from, to); a short loop keeps many misses in flight. */
function touchPostings(from: number, to: number, count: number, postings: Int32Array, slots: Uint8Array, rs: Uint32Array, re: Uint32Array): number {
  let acc = 0;
  for (let i = from; i < to; i++) {
    const s = rs[i]!;
    const e = re[i]!;
    if (s === e) continue;
    const pb = slots[i]! * count;
    // Both ends: a bucket often straddles two cache lines, and the binary search starts in the middle.
    acc ^= postings[pb + s]! ^ postings[pb + e - 1]!;
  }
  return acc;
}

/** Finds one residual per visited bucket (binary search: a bucket is sorted by residual). */
function exactStage(
  from: number,
  to: number,
  count: number,
  start: number,
  postings: Int32Array,
  plan: SearchPlan,
  slots: Uint8Array,
  residuals: Int32Array,
  rs: Uint32Array,
  re: Uint32Array,
  cand: Uint32Array,
  c: number,
): number {
  const { resBits, resMask } = plan;
  for (let i = from; i < to; i++) {
    const t = slots[i]!;
    const pb = t * count;
    let lo = pb + rs[i]!;
    let hi = pb + re[i]!;
    const e = hi;
    const rm = resMask[t]!;
    const want = residuals[i]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((postings[mid]! & rm) < want) lo = mid + 1;
      else hi = mid;
    }
    const rb = resBits[t]!;
    for (let p = lo; p < e; p++) {
      const x = postings[p]!;
      if ((x & rm) !== want) break;
      cand[c] = start + (x >>> rb);
      c++;
    }
  }
  return c;
}

/**
 * Keeps the postings whose residual is within the probe's residual radius. A bucket is
 * sorted by residual, so a probe that allows only the query's residual (two bucket bits
 * flipped at slot radius 2: most probes) binary-searches for it; the others scan.
 */
function filterStage(
  from: number,
  to: number,
  count: number,
  start: number,
  postings: Int32Array,
  plan: SearchPlan,
  qr: Int32Array,
  rs: Uint32Array,
  re: Uint32Array,
  cand: Uint32Array,
  c: number,
): number {
  const { probeSlot, probeRes, resBits, resMask } = plan;
  for (let i = from; i < to; i++) {
    const t = probeSlot[i]!;
    const pb = t * count;
    let lo = pb + rs[i]!;
    let hi = pb + re[i]!;
    if (lo === hi) continue;
    const rb = resBits[t]!;
    const rm = resMask[t]!;
    const qrt = qr[t]!;
    const limit = probeRes[i]!;
    if (limit === 0) {
      const e = hi;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((postings[mid]! & rm) < qrt) lo = mid + 1;
        else hi = mid;
      }
      for (let p = lo; p < e; p++) {
        const x = postings[p]!;
        if ((x & rm) !== qrt) break;
        cand[c] = start + (x >>> rb);
        c++;
      }
    } else {
      for (let p = lo; p < hi; p++) {
        const x = postings[p]!;
        if (pc((x ^ qrt) & rm) > limit) continue;
        cand[c] = start + (x >>> rb);
        c++;
      }
    }
  }
  return c;
}

// Ordinals are shifted (`o << 3`), not multiplied: a Uint32Array element times 8 is a
// double to V8 and turns every access into a slow generic load (measured 1.5× slower).
// This holds while ordinals stay below 2^28, which `grow` and `build` enforce.

function touchStage(from: number, to: number, cand: Uint32Array, codes: Uint32Array, touched: Uint32Array): void {
  for (let i = from; i < to; i++) touched[i] = codes[cand[i]! << 3]!;
}

/** Keeps candidates within d, moving them (and their distance, into `touched`) to the front. */
function verifyStage(from: number, to: number, d: number, cand: Uint32Array, touched: Uint32Array, codes: Uint32Array, q: Uint32Array, hits: number): number {
  const q0 = q[0]!,
    q1 = q[1]!,
    q2 = q[2]!,
    q3 = q[3]!,
    q4 = q[4]!,
    q5 = q[5]!,
    q6 = q[6]!,
    q7 = q[7]!;
  for (let i = from; i < to; i++) {
    const o = cand[i]!;
    const b = o << 3;
    let dist = pc(touched[i]! ^ q0) + pc(codes[b + 1]! ^ q1) + pc(codes[b + 2]! ^ q2) + pc(codes[b + 3]! ^ q3);
    if (dist > d) continue;
    dist += pc(codes[b + 4]! ^ q4) + pc(codes[b + 5]! ^ q5) + pc(codes[b + 6]! ^ q6) + pc(codes[b + 7]! ^ q7);
    if (dist > d) continue;
    cand[hits] = o;
    touched[hits] = dist;
    hits++;
  }
  return hits;
}

export interface SegmentGeometry {
  layout: SlotLayout;
  bits: number[];
  bitmap: boolean;
}

/**
 * Slot layout, bucket bits and bitmap choice for a segment over `count` codes spanning
 * `span` ordinals. With 'auto', the widest layout measured to pay at this size whose
 * occupancy bitmap keeps the index within its memory target; 16 × 16 without a bitmap
 * when none does (small segments).
 */
export function segmentGeometry(
  count: number,
  span: number,
  choice: 'auto' | LayoutName = 'auto',
  bucketBits?: number,
  bitmap: 'auto' | boolean = 'auto',
): SegmentGeometry {
  const target = bucketBits ?? Math.max(1, Math.ceil(Math.log2(Math.max(2, count))) - BUCKET_LOAD_BITS);
  const bitsFor = (layout: SlotLayout): number[] => layout.widths.map((w) => Math.min(w, Math.max(target, minBucketBits(w, span))));
  const bitmapPays = (layout: SlotLayout): boolean =>
    count <= 2 ** Math.min(...layout.widths) * BITMAP_MAX_LOAD && estimatedBytesPerCode(layout, bitsFor(layout), true, count) <= MEMORY_TARGET;
  if (choice !== 'auto') {
    const layout = layoutByName(choice);
    return { layout, bits: bitsFor(layout), bitmap: bitmap === 'auto' ? bitmapPays(layout) : bitmap };
  }
  for (const [layout, from] of WIDE_LAYOUTS) {
    if (count < from) continue;
    if (bitmap === false || !bitmapPays(layout)) continue;
    return { layout, bits: bitsFor(layout), bitmap: true };
  }
  // Past tens of millions of codes the bitmaps fill up; the widest layout still means
  // the fewest candidates (not measured beyond ten million codes).
  const [widest, from] = WIDE_LAYOUTS[0]!;
  const layout = count >= from ? widest : LAYOUT_16X16;
  return { layout, bits: bitsFor(layout), bitmap: bitmap === true };
}

/** Bytes per code of an index whose only segment has this geometry. */
export function estimatedBytesPerCode(layout: SlotLayout, bits: readonly number[], bitmap: boolean, count: number): number {
  const m = layout.widths.length;
  const tables = bits.reduce((sum, b) => sum + 4 * (2 ** b + 1), 0) + (bitmap ? layout.widths.reduce((sum, w) => sum + 2 ** w / 8, 0) : 0);
  return PDQ_UINT32_WORDS * 4 + 4 + 1 + 4 * m + tables / Math.max(1, count);
}

/**
 * Bytes per code the automatic choice stays within: the budget is 120, and a bank that
 * grows by adds holds up to half as much again in codes, keys and liveness (37 bytes
 * per code) until its next compaction, so some room is kept.
 */
const MEMORY_TARGET = 112;

/**
 * The layouts 'auto' considers, widest first, each from the size where it was measured
 * to beat the next narrower one (bench/match.ts, d = 31; docs/matching.md). Each is
 * used with its occupancy bitmap, which is what makes wide slots pay.
 */
const WIDE_LAYOUTS: readonly (readonly [SlotLayout, number])[] = [
  [LAYOUT_10, 6_000_000],
  [LAYOUT_11, 500_000],
  [LAYOUT_12, 120_000],
  [LAYOUT_13, 30_000],
  [LAYOUT_14, 8_000],
];

/** The bitmap is kept only while slots are sparse: values present at most this often on average. */
const BITMAP_MAX_LOAD = 1;

/**
 * log2 of the postings per bucket the default bucket bits aim at. Scanning a few
 * postings in a row is cheap next to the cache miss that reaches the bucket, and fewer
 * bucket bits mean smaller offsets tables: measured in docs/matching.md.
 */
const BUCKET_LOAD_BITS = 4;

function positiveInt(v: number, name: string): number {
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${v}`);
  return v;
}
