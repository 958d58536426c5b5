// npm run bench:match -- --size N --queries Q [--clustered] [--seed S] [--radius D]
//   [--engine auto|flat|mih] [--layout auto|16x16|14x18-19|13x19-20|12x21-22|11x23-24|10x25-26]
//   [--bucket-bits B] [--bitmap auto|yes|no] [--runs R]
//
// Builds a PdqIndex over N seeded synthetic codes and runs Q queries, half planted
// near-duplicates (a database code with up to D bits flipped) and half uniform random,
// R times with fresh queries each time. Prints one JSON line: the median rate over the
// runs and each run's. Timings are wall-clock on one thread, and also this process's
// CPU time, which other processes on a shared machine disturb less (they still compete
// for caches and memory bandwidth); the load average is printed with them. Peak RSS
// includes the generated codes, which the index takes over without a copy.

import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { PdqIndex, type PdqIndexOptions } from '../src/match/pdq-index.js';
import { PDQ_UINT32_WORDS } from '../src/match/pdq-value.js';
import { LAYOUTS, type LayoutName } from '../src/match/slot-layout.js';
import { seededRandom, randomBelow } from '../src/match/seeded-random.js';
import { uniformCodes, clusteredCodes, flipBits } from '../src/match/synthetic-codes.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '1000000' },
    queries: { type: 'string', default: '10000' },
    clustered: { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    radius: { type: 'string', default: '31' },
    engine: { type: 'string', default: 'auto' },
    layout: { type: 'string', default: 'auto' },
    'bucket-bits': { type: 'string' },
    bitmap: { type: 'string', default: 'auto' },
    runs: { type: 'string', default: '1' },
  },
});

const n = intArg(values.size, 'size');
const queries = intArg(values.queries, 'queries');
const seed = intArg(values.seed, 'seed');
const radius = intArg(values.radius, 'radius');
const runs = Math.max(1, intArg(values.runs, 'runs'));
const engine = values.engine;
if (engine !== 'auto' && engine !== 'flat' && engine !== 'mih') throw new Error('--engine is auto, flat or mih');

const random = seededRandom(seed);
const codes = values.clustered ? clusteredCodes(random, n, Math.max(1, Math.ceil(n / 1024)), 48) : uniformCodes(random, n);
const keys = new Uint32Array(n);
for (let i = 0; i < n; i++) keys[i] = i;

// Queries are drawn before the build because the index takes `codes` over.
const queryCodes = new Uint32Array(runs * queries * PDQ_UINT32_WORDS);
for (let i = 0; i < runs * queries; i++) {
  if (i % 2 === 0 && n > 0) {
    const src = randomBelow(random, n);
    queryCodes.set(codes.subarray(src * PDQ_UINT32_WORDS, (src + 1) * PDQ_UINT32_WORDS), i * PDQ_UINT32_WORDS);
    flipBits(random, queryCodes, i * PDQ_UINT32_WORDS, randomBelow(random, radius + 1));
  } else {
    for (let w = 0; w < PDQ_UINT32_WORDS; w++) queryCodes[i * PDQ_UINT32_WORDS + w] = random();
  }
}

const layoutNames = LAYOUTS.map((l) => l.name);
const layout = values.layout as 'auto' | LayoutName;
if (layout !== 'auto' && !layoutNames.includes(layout)) throw new Error(`--layout is auto or one of ${layoutNames.join(', ')}`);
const options: PdqIndexOptions = { layout, engine };
if (values['bucket-bits'] !== undefined) options.bucketBits = intArg(values['bucket-bits'], 'bucket-bits');
if (!['auto', 'yes', 'no'].includes(values.bitmap)) throw new Error('--bitmap is auto, yes or no');
options.bitmap = values.bitmap === 'auto' ? 'auto' : values.bitmap === 'yes';
if (engine === 'flat') options.flatBelow = Number.MAX_SAFE_INTEGER;
if (engine === 'mih') options.flatBelow = 1;
const t0 = process.hrtime.bigint();
const index = PdqIndex.build(codes, keys, options);
const t1 = process.hrtime.bigint();
const loadBefore = loadavg()[0]!;
let hits = 0;
const sink = (): void => {
  hits++;
};
const wall: number[] = [];
const cpu: number[] = [];
for (let r = 0; r < runs; r++) {
  const w0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  for (let i = r * queries; i < (r + 1) * queries; i++) index.searchInto(queryCodes, radius, sink, i * PDQ_UINT32_WORDS);
  const c = process.cpuUsage(c0);
  wall.push(Number(process.hrtime.bigint() - w0) / 1e9);
  cpu.push((c.user + c.system) / 1e6);
}

const buildS = Number(t1 - t0) / 1e9;
console.log(
  JSON.stringify({
    engine: 'vigie-mih',
    n,
    queries,
    runs,
    hits,
    build_s: round(buildS, 3),
    search_s: round(median(wall), 3),
    qps: round(queries / median(wall), 0),
    search_cpu_s: round(median(cpu), 3),
    qps_cpu: round(queries / median(cpu), 0),
    qps_runs: wall.map((s) => round(queries / s, 0)),
    qps_cpu_runs: cpu.map((s) => round(queries / s, 0)),
    load_avg: [round(loadBefore, 2), round(loadavg()[0]!, 2)],
    peak_rss_mb: round(process.resourceUsage().maxRSS / 1024, 0),
    index_bytes_per_code: n > 0 ? round(index.byteLength / n, 1) : 0,
    search_engine: index.engineFor(radius),
    layout: index.layoutName,
    bucket_bits: index.bucketBitsName,
    bitmap: index.hasBitmap,
    radius,
    clustered: values.clustered,
    seed,
  }),
);

function intArg(v: string | undefined, name: string): number {
  const x = Number(v);
  if (!Number.isInteger(x) || x < 0) throw new Error(`--${name} must be a non-negative integer, got ${v}`);
  return x;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
