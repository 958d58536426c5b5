// npm run bench:multipart-memory -- [--requests 8] [--parts 16] [--part-mb 30] [--store sqlite|postgres]
// The multipart attack of issue 10 (item 4), measured: starts `vigie serve` in a child
// process, sends N concurrent multipart requests of P parts of M MB each to POST
// /v1/content, first WITHOUT an API key and then WITH a valid one (a fresh server for
// each, so each peak is its own), and prints the peak resident memory of the server
// (VmHWM of /proc/PID/status, sampled every 50 ms as well) with the answers it gave.
// Loopback only; every loop is bounded by the arguments. The bodies are streamed from one
// 1 MiB buffer, so this process stays small.
import { parseArgs } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../src/store/store.js';
import { createApiKey } from '../src/services/api-keys/create-api-key.js';
import { createTempDatabase } from '../test/support/temp-database.js';
import { kill, startServerProcess } from '../test/support/server-process.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '8' },
    parts: { type: 'string', default: '16' },
    'part-mb': { type: 'string', default: '30' },
    store: { type: 'string', default: 'sqlite' },
    'database-url': { type: 'string', default: process.env.VIGIE_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
  },
});
const requests = bounded(values.requests!, 1, 64, '--requests');
const parts = bounded(values.parts!, 1, 64, '--parts');
const partMb = bounded(values['part-mb']!, 1, 64, '--part-mb');
const MIB = 1024 * 1024;
const chunk = Buffer.alloc(MIB, 0x5a);

function bounded(raw: string, min: number, max: number, name: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} is a whole number from ${min} to ${max}`);
  return n;
}

function memoryOf(pid: number): { rssKb: number; hwmKb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
}

/** One multipart request, streamed; resolves with the status (or the error that ended it). */
function send(url: string, key: string | undefined, n: number): Promise<string> {
  const boundary = `vigiebench${n}`;
  const content = {
    id: `attack-${n}`,
    kind: 'post',
    author: { id: 'bench-author' },
    media: Array.from({ length: parts }, (_, i) => ({ id: `m${i}` })),
    createdAt: '2026-11-28T12:00:00Z',
  };
  const head = Buffer.from(
    `--${boundary}\r\ncontent-disposition: form-data; name="content"\r\ncontent-type: application/json\r\n\r\n${JSON.stringify(content)}\r\n`,
  );
  const partHead = (i: number) =>
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="m${i}"; filename="m${i}.bin"\r\ncontent-type: application/octet-stream\r\n\r\n`);
  const u = new URL('/v1/content', url);
  return new Promise((resolve) => {
    let settled = false;
    const done = (s: string) => {
      if (!settled) {
        settled = true;
        resolve(s);
      }
    };
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...(key ? { authorization: `Bearer ${key}` } : {}) },
      },
      (res) => {
        res.resume();
        res.on('end', () => done(String(res.statusCode)));
        res.on('error', () => done(String(res.statusCode)));
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
    const write = (b: Buffer) => new Promise<boolean>((ok) => (req.write(b) ? ok(!settled) : req.once('drain', () => ok(!settled))));
    void (async () => {
      if (!(await write(head))) return;
      for (let p = 0; p < parts; p++) {
        if (!(await write(partHead(p)))) return;
        for (let m = 0; m < partMb; m++) if (!(await write(chunk))) return;
        if (!(await write(Buffer.from('\r\n')))) return;
      }
      req.end(`--${boundary}--\r\n`);
    })().catch(() => undefined);
  });
}

async function phase(withKey: boolean): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-bench-mp-'));
  const env: Record<string, string> = { VIGIE_LOG_LEVEL: 'info' };
  let cleanup = async () => {};
  if (values.store === 'postgres') {
    const db = await createTempDatabase(values['database-url']!, `vigie_bench_mp_${process.pid}`);
    env.DATABASE_URL = db.url;
    cleanup = db.drop;
  }
  const setup = await Store.open({ dataDir, databaseUrl: env.DATABASE_URL });
  const { key } = await createApiKey(setup, { name: 'bench', actor: { kind: 'system', id: null }, at: new Date().toISOString() }, null);
  await setup.close();
  const server = await startServerProcess(dataDir, env);
  const pid = server.child.pid!;
  const idle = memoryOf(pid);
  let peakRss = idle.rssKb;
  const sampler = setInterval(() => {
    try {
      peakRss = Math.max(peakRss, memoryOf(pid).rssKb);
    } catch {
      // the server is gone; the results say so
    }
  }, 50);
  const started = Date.now();
  try {
    const answers = await Promise.all(Array.from({ length: requests }, (_, n) => send(server.url, withKey ? key : undefined, n)));
    const seconds = (Date.now() - started) / 1000;
    const end = memoryOf(pid);
    const health = await fetch(`${server.url}/health`).then((r) => r.status);
    console.log(
      JSON.stringify({
        bench: 'multipart-memory',
        store: values.store,
        api_key: withKey,
        requests,
        parts,
        part_mb: partMb,
        offered_mb: requests * parts * partMb,
        answers: count(answers),
        seconds: Number(seconds.toFixed(1)),
        idle_rss_mb: Math.round(idle.rssKb / 1024),
        peak_rss_mb: Math.round(Math.max(peakRss, end.hwmKb) / 1024),
        health_after: health,
      }),
    );
  } finally {
    clearInterval(sampler);
    await kill(server, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
    await cleanup();
  }
}

function count(xs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}

await phase(false);
await phase(true);
