// npm run bench:scale -- [--processes 1,2,4] [--mix text,media] [--duration S] [--connections N] [--runs N] [--no-nats]
// Starts N `vigie serve --roles api` processes on one PostgreSQL database (and one worker and
// indexer process beside them), with their jobs on NATS JetStream when it answers at
// 127.0.0.1:4222, and drives POST /v1/content on all of them at once with autocannon from
// this process (connections spread evenly, as a proxy would), on the same machine. Mixes:
// `text` (text and links), `media` (one post in ten carries a generated test-pattern JPEG,
// PDQ-hashed and matched on arrival). Prints one JSON line per run with posts/s, latency
// percentiles and the ratio to one process.
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import { startCluster } from '../test/support/cluster.js';
import { patternImage } from '../test/support/images.js';
import { dropStreams, natsProblem, natsUrl } from '../test/support/nats.js';
import { postText } from './ingest-posts.js';

const { values } = parseArgs({
  options: {
    processes: { type: 'string', default: '1,2,4' },
    mix: { type: 'string', default: 'text,media' },
    duration: { type: 'string', default: '15' },
    connections: { type: 'string', default: '64' },
    runs: { type: 'string', default: '1' },
    'no-nats': { type: 'boolean', default: false },
  },
});

const counts = values.processes!.split(',').map(Number);
const mixes = values.mix!.split(',') as ('text' | 'media')[];
const duration = Number(values.duration);
const connections = Number(values.connections);
const runs = Number(values.runs);
for (const m of mixes) if (m !== 'text' && m !== 'media') throw new Error(`--mix: text or media, not ${m}`);
if (counts.some((n) => !(n >= 1) || !Number.isInteger(n))) throw new Error('--processes: whole numbers, e.g. 1,2,4');

const nats = !values['no-nats'] && (await natsProblem()) === null;

// Benign generated patterns, a few of them so that not every post carries the same bytes.
const images = await Promise.all([1, 2, 3, 4].map(async (seed) => (await patternImage(seed, 320, 240, 'jpeg')).toString('base64')));

interface Figures {
  posts_per_s: number;
  p99: number;
}

async function runOne(processes: number, mix: 'text' | 'media'): Promise<Figures> {
  const prefix = `vb${randomBytes(4).toString('hex')}`;
  const cluster = await startCluster(processes, {
    name: 'scale',
    roles: 'api',
    env: { VIGIE_RATE_LIMIT_PER_KEY: '100000000', ...(nats ? { NATS_URL: natsUrl, VIGIE_NATS_PREFIX: prefix } : {}) },
  });
  try {
    await cluster.addServer('worker,indexer');
    const apis = cluster.servers.filter((s) => s.url);
    const waits = sampleWaits(cluster.databaseUrl);
    const per = Math.max(1, Math.round(connections / apis.length));
    const run = randomBytes(3).toString('hex');
    let counter = 0;
    const results = await Promise.all(
      apis.map((s) =>
        autocannon({
          url: s.url,
          connections: per,
          duration,
          requests: [
            {
              method: 'POST',
              path: '/v1/content',
              headers: { authorization: `Bearer ${cluster.apiKey}`, 'content-type': 'application/json' },
              setupRequest: (req) => {
                const i = counter++;
                const withMedia = mix === 'media' && i % 10 === 0;
                req.body = JSON.stringify({
                  id: `scale-${run}-${i}`,
                  kind: 'post',
                  // A pool of authors shared by every process: the case that answered 500 before issue 16.
                  author: { id: `user-${i % 5000}`, handle: `user${i % 5000}` },
                  text: postText(i),
                  links: i % 4 === 0 ? [`https://example.org/articles/${i}`] : [],
                  ...(withMedia ? { media: [{ id: 'm1', mimeType: 'image/jpeg', data: images[i % images.length] }] } : {}),
                  createdAt: new Date(Date.UTC(2026, 10, 28, 12, 0, 0) + i).toISOString(),
                });
                return req;
              },
            },
          ],
        }),
      ),
    );
    const waited = await waits.stop();
    const total = results.reduce((n, r) => n + r.requests.total, 0);
    const p99 = Math.max(...results.map((r) => r.latency.p99));
    const line = {
      bench: 'scale',
      store: 'postgres',
      jobs: nats ? 'jetstream' : 'database',
      mix,
      api_processes: processes,
      connections: per * apis.length,
      duration_s: duration,
      requests: total,
      non_2xx: results.reduce((n, r) => n + r.non2xx, 0),
      errors: results.reduce((n, r) => n + r.errors, 0),
      posts_per_s: Math.round(total / duration),
      // The slowest process's percentiles: a proxy's clients see the worst of them.
      latency_ms: { p50: Math.max(...results.map((r) => r.latency.p50)), p99, max: Math.max(...results.map((r) => r.latency.max)) },
      // What the database's sessions of this run were doing, sampled every 100 ms: where time goes when processes are added.
      db_sessions: waited,
      load_average: loadavg().map((x) => Number(x.toFixed(2))),
    };
    console.log(JSON.stringify(line));
    return { posts_per_s: line.posts_per_s, p99 };
  } finally {
    await cluster.stop();
    if (nats) await dropStreams([prefix]);
  }
}

/**
 * Samples pg_stat_activity for the run's database: the mean number of sessions active, and
 * of those waiting on a lock by kind (a row lock on a log head shows as `tuple` or
 * `transactionid`; a subject's advisory lock as `advisory`), or on the client, or on I/O.
 */
function sampleWaits(databaseUrl: string): { stop(): Promise<Record<string, number>> } {
  const client = new pg.Client({ connectionString: databaseUrl });
  const totals = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    await client.connect();
    const db = new URL(databaseUrl).pathname.slice(1);
    while (!stopped) {
      const r = await client.query<{ what: string; n: string }>(
        `select coalesce(wait_event_type || ':' || wait_event, 'cpu') as what, count(*) as n
           from pg_stat_activity where datname = $1 and state = 'active' and pid <> pg_backend_pid() group by 1`,
        [db],
      );
      samples++;
      for (const row of r.rows) totals.set(row.what, (totals.get(row.what) ?? 0) + Number(row.n));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop.catch(() => undefined);
      await client.end().catch(() => undefined);
      const out: Record<string, number> = {};
      for (const [k, v] of [...totals].sort((a, b) => b[1] - a[1])) out[k] = Number((v / Math.max(1, samples)).toFixed(2));
      return out;
    },
  };
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

for (const mix of mixes) {
  let one: number | undefined;
  for (const n of counts) {
    const figures: Figures[] = [];
    for (let r = 0; r < runs; r++) figures.push(await runOne(n, mix));
    const rate = median(figures.map((f) => f.posts_per_s));
    if (n === 1) one = rate;
    console.log(
      JSON.stringify({
        bench: 'scale-summary',
        mix,
        api_processes: n,
        runs,
        posts_per_s: rate,
        p99_ms: median(figures.map((f) => f.p99)),
        ratio_to_one: one ? Number((rate / one).toFixed(2)) : null,
      }),
    );
  }
}
