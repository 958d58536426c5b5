// node --import tsx bench/signups.ts [--store sqlite|postgres|both] [--entries N] [--duration S] [--connections N]
// Fills the block registry with N entries (five identifiers per suspended account), starts
// `vigie serve` in a child process (as deployed) and drives POST /v1/signups/check over HTTP
// with autocannon from this process, on the same machine. Three runs per store: signups that
// match nothing (the everyday case: memory only), signups that reuse a suspended account's
// identifiers written differently (denied; the signal is written after the answer) and
// signups that share only an address (review; the answer waits for the signal's commit).
// Prints one JSON line per run, and one for the in-process match cost.
import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Store } from '../src/store/store.js';
import { createTempDatabase } from '../test/support/temp-database.js';
import { createApiKey } from '../src/services/api-keys/create-api-key.js';
import { BlockRegistry } from '../src/services/block-registry/block-registry.js';
import { loadServerSecret } from '../src/store/server-secret.js';
import type { PlatformIdentifiers } from '../src/enforcement/identifiers.js';
import { kill, startServerProcess } from '../test/support/server-process.js';

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: 'both' },
    entries: { type: 'string', default: '100000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    'database-url': { type: 'string', default: process.env.VIGIE_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
  },
});

const PER_ACCOUNT = 5;
const accounts = Math.ceil(Number(values.entries) / PER_ACCOUNT);
const duration = Number(values.duration);
const connections = Number(values.connections);
const stores = values.store === 'both' ? ['sqlite', 'postgres'] : [values.store!];

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** The identifiers of suspended account i, as the platform first sent them. */
function suspendedIds(i: number): PlatformIdentifiers {
  return {
    email: `bench.user${i}@gmail.com`,
    phone: `+33 6 1${pad(i, 7).replace(/(\d)(\d\d)(\d\d)(\d\d)/, '$1 $2 $3 $4')}`,
    deviceIds: [`device-${i}`],
    paymentIds: [`pay-${i}`],
    ips: [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`],
  };
}

/** A newcomer's identifiers: nothing on the registry. */
function freshIds(j: number): PlatformIdentifiers {
  return {
    email: `newcomer${j}@example.org`,
    phone: `+33 7 ${pad(j % 100_000_000, 8)}`,
    deviceIds: [`fresh-device-${j}`],
    ips: [`2001:db8:${((j >> 16) & 0xffff).toString(16)}:${(j & 0xffff).toString(16)}::1`],
  };
}

/** Suspended account i coming back: the same mailbox written another way, a new device. */
function evaderIds(i: number, j: number): PlatformIdentifiers {
  return { email: `Bench.User${i}+again${j}@GoogleMail.com`, deviceIds: [`fresh-device-${j}`] };
}

async function fill(store: Store, dataDir: string): Promise<{ seconds: number; size: number; matchUs: number }> {
  const registry = await BlockRegistry.open(store, await loadServerSecret(dataDir));
  const started = performance.now();
  const at = new Date().toISOString();
  for (let a = 0; a < accounts; a += 500) {
    await store.write(async (w) => {
      for (let i = a; i < Math.min(accounts, a + 500); i++) await registry.blockAccountIdentifiers(w, `suspended-${i}`, suspendedIds(i), at);
    });
  }
  await registry.settled();
  const seconds = (performance.now() - started) / 1000;
  // The check's core without HTTP: canonicalise, hash and look up five identifiers.
  const now = new Date();
  const rounds = 20_000;
  const t0 = performance.now();
  let hits = 0;
  for (let j = 0; j < rounds; j++) hits += registry.match(j % 2 ? freshIds(j) : evaderIds(j % accounts, j), now, 'default').length;
  const matchUs = ((performance.now() - t0) * 1000) / rounds;
  if (hits === 0) throw new Error('the registry matched nothing: the bench is broken');
  return { seconds, size: registry.size, matchUs };
}

async function drive(url: string, key: string, body: (j: number) => object): Promise<autocannon.Result> {
  let counter = 0;
  return autocannon({
    url,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        path: '/v1/signups/check',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        setupRequest: (req) => {
          req.body = JSON.stringify(body(counter++));
          return req;
        },
      },
    ],
  });
}

async function serverTimes(url: string): Promise<{ count: number; sum: number; under5ms: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out = { count: 0, sum: 0, under5ms: 0 };
  for (const line of text.split('\n')) {
    if (!line.startsWith('vigie_http_request_duration_seconds') || !line.includes('route="/v1/signups/check"') || !line.includes('status="200"')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (line.startsWith('vigie_http_request_duration_seconds_count')) out.count += value;
    else if (line.startsWith('vigie_http_request_duration_seconds_sum')) out.sum += value;
    else if (line.includes('le="0.005"')) out.under5ms += value;
  }
  return out;
}

async function runOne(kind: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-bench-'));
  const env: Record<string, string> = { VIGIE_LOG_LEVEL: 'warn' };
  let cleanup = async () => {};
  if (kind === 'postgres') {
    const db = await createTempDatabase(values['database-url']!, `vigie_bench_signups_${process.pid}`);
    env.DATABASE_URL = db.url;
    cleanup = db.drop;
  }
  try {
    const setup = await Store.open({ dataDir, databaseUrl: env.DATABASE_URL });
    const { key } = await createApiKey(setup, { name: 'bench', actor: { kind: 'system', id: null }, at: new Date().toISOString() }, null);
    const filled = await fill(setup, dataDir);
    await setup.close();
    console.log(
      JSON.stringify({
        bench: 'signups-fill',
        store: kind,
        entries: filled.size,
        fill_s: Number(filled.seconds.toFixed(1)),
        match_us_in_process: Number(filled.matchUs.toFixed(1)),
      }),
    );

    const server = await startServerProcess(dataDir, { ...env, VIGIE_LOG_LEVEL: 'info' });
    try {
      const runs: [string, (j: number) => object][] = [
        ['allow', (j) => ({ identifiers: freshIds(j), accountId: `new-${j}` })],
        ['deny', (j) => ({ identifiers: evaderIds((j * 7919) % accounts, j), accountId: `evader-${j}` })],
        // A suspended account's address with otherwise new identifiers: review waits for its signal's commit.
        ['review', (j) => ({ identifiers: { ...freshIds(j), ips: suspendedIds((j * 7919) % accounts).ips }, accountId: `shared-${j}` })],
      ];
      for (const [name, body] of runs) {
        const before = await serverTimes(server.url);
        const result = await drive(server.url, key, body);
        const after = await serverTimes(server.url);
        if (result.non2xx > 0 || result.errors > 0) throw new Error(`${name}: ${result.non2xx} answers were not 2xx and ${result.errors} failed`);
        const sample = await (
          await fetch(`${server.url}/v1/signups/check`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: JSON.stringify(body(1)),
          })
        ).json();
        if ((sample as { decision?: string }).decision !== name) throw new Error(`${name}: the sample was answered ${JSON.stringify(sample)}`);
        console.log(
          JSON.stringify({
            bench: 'signups-check',
            store: kind,
            decision: name,
            registry_entries: filled.size,
            connections,
            duration_s: duration,
            requests: result.requests.total,
            non_2xx: result.non2xx,
            errors: result.errors,
            requests_per_s: Math.round(result.requests.total / duration),
            latency_ms: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
            // From the server's own histogram: request received to answer sent, without the
            // client's queueing; steadier than the client's figures when the machine is shared.
            server_mean_ms: Number((((after.sum - before.sum) * 1000) / Math.max(1, after.count - before.count)).toFixed(2)),
            server_share_under_5ms: Number(((after.under5ms - before.under5ms) / Math.max(1, after.count - before.count)).toFixed(4)),
            load_average: loadavg().map((x) => Number(x.toFixed(2))),
          }),
        );
      }
    } finally {
      await kill(server, 'SIGTERM');
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await cleanup();
  }
}

for (const s of stores) await runOne(s);
