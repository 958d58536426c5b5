// Throughput of media hashing end to end (read the file, decode, PDQ, MD5, SHA-256)
// on the reference fixture JPEGs, through the worker pool with every core and with one,
// in each decode mode (exact: the reference's pixels, bit for bit; fast: large JPEGs
// decoded shrunk). Prints one JSON line per run.
// Run: npm run bench:pdq [-- --seconds N] [--decode exact|fast] [--cores all|one]
//
// Besides images per second of wall time, it reports the CPU time the whole process
// (main thread, workers, libvips threads) spent per image, and the load average: on a
// machine shared with other work the wall-clock figure drops with the load, while CPU
// time per image shows what the hashing itself costs.
//
// The fixtures live beside the project in ../shared (or $VIGIE_SHARED).

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pdqHexDistance, type DecodeMode } from '../src/detect/media/index.js';
import { HashPool, type HashPoolOptions } from '../src/services/media/hash-pool.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '6' },
    decode: { type: 'string', multiple: true },
    cores: { type: 'string', multiple: true },
  },
});
const seconds = Number(values.seconds);
const decodeModes = (values.decode ?? ['exact', 'fast']) as DecodeMode[];
const coreModes = values.cores ?? ['all', 'one'];
if (!(seconds > 0) || decodeModes.some((m) => m !== 'exact' && m !== 'fast') || coreModes.some((c) => c !== 'all' && c !== 'one')) {
  process.stderr.write('usage: bench/pdq.ts [--seconds N] [--decode exact|fast]... [--cores all|one]...\n');
  process.exit(2);
}

const shared = process.env.VIGIE_SHARED ?? resolve(process.cwd(), '..', 'shared');
const fixtures = join(shared, 'fixtures', 'pdq');
if (!existsSync(join(fixtures, 'images'))) {
  process.stderr.write(`bench:pdq needs the PDQ fixtures at ${fixtures} (set VIGIE_SHARED)\n`);
  process.exit(2);
}

const files = walk(join(fixtures, 'images')).filter((f) => /\.jpe?g$/i.test(f));
const expected = new Map(
  readFileSync(join(fixtures, 'expected', 'reference-cpp.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .map((cols) => [cols[0]!, cols[4]!] as const),
);

// One core: a single worker with one item at a time, so decoding (libvips, on a libuv
// thread) and hashing (the worker's JavaScript) never overlap.
const runs: { decode: DecodeMode; cores: string; pool: HashPoolOptions }[] = decodeModes.flatMap((decode) =>
  coreModes.map((cores) => ({
    decode,
    cores,
    pool: cores === 'all' ? { decode: { mode: decode } } : { size: 1, inFlightPerWorker: 1, decode: { mode: decode } },
  })),
);

for (const { decode, cores, pool: poolOptions } of runs) {
  const pool = new HashPool(poolOptions);
  // Start the workers and warm up their code on one pass; not timed.
  const agreement = await runPass(pool, files.length * 2);
  const loadBefore = loadavg()[0]!;
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let images = 0;
  while (Number(process.hrtime.bigint() - start) / 1e9 < seconds) {
    await runPass(pool, files.length);
    images += files.length;
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  await pool.close();
  process.stdout.write(
    `${JSON.stringify({
      bench: 'pdq',
      decode,
      mode: cores === 'all' ? 'all-cores' : 'one-core',
      workers: poolOptions.size ?? availableParallelism(),
      images,
      seconds: round(elapsed),
      imagesPerSecond: round(images / elapsed),
      cpuMsPerImage: round((cpuSeconds * 1000) / images),
      imagesPerCpuSecond: round(images / cpuSeconds),
      loadAverage: [round(loadBefore), round(loadavg()[0]!)],
      files: files.length,
      exactVsReference: `${agreement.exact}/${files.length}`,
      maxDistance: agreement.maxDistance,
      cpu: `${availableParallelism()} × ${cpus()[0]?.model ?? 'unknown'}`,
    })}\n`,
  );
}

/**
 * Hashes every fixture once, keeping `window` items in flight; counts the hashes equal
 * to the reference's and the largest distance from it.
 */
async function runPass(pool: HashPool, window: number): Promise<{ exact: number; maxDistance: number }> {
  let next = 0;
  let exact = 0;
  let maxDistance = 0;
  const lanes = Array.from({ length: Math.min(window, files.length) }, async () => {
    while (next < files.length) {
      const file = files[next++]!;
      const result = await pool.hashMedia(await readFile(file));
      const reference = expected.get(relative(fixtures, file));
      const distance = reference === undefined ? 256 : pdqHexDistance(result.pdq, reference);
      if (distance === 0) exact++;
      maxDistance = Math.max(maxDistance, distance);
    }
  });
  await Promise.all(lanes);
  return { exact, maxDistance };
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
