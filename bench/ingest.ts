// npm run bench:ingest -- [--store sqlite|postgres|both] [--duration S] [--connections N] [--runs N] [--profile DIR]
// Starts `vigie serve` in a child process (as deployed) and drives POST /v1/content (text and
// links, no media) over HTTP with autocannon from this process, on the same machine.
// Prints one JSON line per run with posts/s and latency percentiles, and with --runs > 1 a
// summary line per store (median and range): a shared machine's speed drifts between runs.
import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Store } from '../src/store/store.js';
import { createTempDatabase } from '../test/support/temp-database.js';
import { createApiKey } from '../src/services/api-keys/create-api-key.js';
import { kill, startServerProcess } from '../test/support/server-process.js';
import { postBody } from './ingest-posts.js';

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: 'both' },
    duration: { type: 'string', default: '15' },
    connections: { type: 'string', default: '64' },
    runs: { type: 'string', default: '1' },
    // Writes a V8 CPU profile of the server (open it in Chrome's DevTools) into DIR.
    profile: { type: 'string' },
    'database-url': { type: 'string', default: process.env.VIGIE_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
  },
});

const duration = Number(values.duration);
const connections = Number(values.connections);
const runs = Number(values.runs);
const stores = values.store === 'both' ? ['sqlite', 'postgres'] : [values.store!];
if (!(runs >= 1) || !Number.isInteger(runs)) throw new Error('--runs must be a whole number of at least 1');

interface RunFigures {
  posts_per_s: number;
  p99: number;
}

async function runOne(kind: string): Promise<RunFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-bench-'));
  const env: Record<string, string> = { VIGIE_LOG_LEVEL: 'info' };
  let cleanup = async () => {};
  if (kind === 'postgres') {
    const db = await createTempDatabase(values['database-url']!, `vigie_bench_${process.pid}`);
    env.DATABASE_URL = db.url;
    cleanup = db.drop;
  }
  const setup = await Store.open({ dataDir, databaseUrl: env.DATABASE_URL });
  const { key } = await createApiKey(setup, { name: 'bench', actor: { kind: 'system', id: null }, at: new Date().toISOString() }, null);
  await setup.close();
  const nodeArgs = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [];
  const server = await startServerProcess(dataDir, env, nodeArgs);
  const cpuBefore = await serverCpuSeconds(server.url);
  let counter = 0;
  const clientCpuBefore = process.cpuUsage();
  try {
    const result = await autocannon({
      url: server.url,
      connections,
      duration,
      requests: [
        {
          method: 'POST',
          path: '/v1/content',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          setupRequest: (req) => Object.assign(req, { body: postBody(counter++) }),
        },
      ],
    });
    const clientCpu = process.cpuUsage(clientCpuBefore);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    const cpuAfter = await serverCpuSeconds(server.url);
    const batches = /vigie_ingest_batch_size_count (\d+)/.exec(metrics)?.[1];
    const items = /vigie_ingest_batch_size_sum (\d+)/.exec(metrics)?.[1];
    const line = {
      bench: 'ingest',
      store: kind,
      connections,
      duration_s: duration,
      requests: result.requests.total,
      non_2xx: result.non2xx,
      errors: result.errors,
      posts_per_s: Math.round(result.requests.total / duration),
      latency_ms: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
      mean_batch: batches && items ? Number((Number(items) / Number(batches)).toFixed(1)) : null,
      // CPU the server spent per post: steadier than posts/s when other work shares the machine.
      server_cpu_us_per_post: Math.round(((cpuAfter - cpuBefore) * 1e6) / Math.max(1, result.requests.total)),
      // The load generator shares the machine's two cores with the server.
      client_cpu_us_per_post: Math.round((clientCpu.user + clientCpu.system) / Math.max(1, result.requests.total)),
      load_average: loadavg().map((x) => Number(x.toFixed(2))),
    };
    console.log(JSON.stringify(line));
    return { posts_per_s: line.posts_per_s, p99: result.latency.p99 };
  } finally {
    await kill(server, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
    await cleanup();
  }
}

async function serverCpuSeconds(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const m = /^vigie_process_cpu_seconds_total (\S+)$/m.exec(text);
  return m ? Number(m[1]) : NaN;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

for (const s of stores) {
  const figures: RunFigures[] = [];
  for (let r = 0; r < runs; r++) figures.push(await runOne(s));
  if (runs > 1) {
    const rates = figures.map((f) => f.posts_per_s);
    const p99s = figures.map((f) => f.p99);
    console.log(
      JSON.stringify({
        bench: 'ingest-summary',
        store: s,
        runs,
        posts_per_s: { median: median(rates), min: Math.min(...rates), max: Math.max(...rates) },
        p99_ms: { median: median(p99s), max: Math.max(...p99s) },
      }),
    );
  }
}
