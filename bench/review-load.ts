// npm run bench:review-load -- [--store sqlite|postgres] [--duration S] [--connections N]
// The review load of a benign stream: starts `vigie serve` in a child process (as
// deployed), registers the accounts of the benign conversations with their ages, then
// drives POST /v1/content with a mix of public posts and direct messages, none of them
// harmful: 40 % hard-negative posts from eval/text (selling, homework, meetups, giveaways,
// news, prevention...), 20 % everyday chatter, 40 % messages of the benign conversations
// (teenagers, parent and child, coach, adults), replayed with fresh accounts per round.
// Prints items/s with the accumulation on and the cases opened per 10,000 items.
import { parseArgs } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Store } from '../src/store/store.js';
import { createTempDatabase } from '../test/support/temp-database.js';
import { createApiKey } from '../src/services/api-keys/create-api-key.js';
import { kill, startServerProcess } from '../test/support/server-process.js';

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: 'sqlite' },
    duration: { type: 'string', default: '15' },
    connections: { type: 'string', default: '64' },
    // Conversations are replayed with fresh accounts this many times before they repeat.
    rounds: { type: 'string', default: '150' },
    'database-url': { type: 'string', default: process.env.VIGIE_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const rounds = Number(values.rounds);

interface Post {
  text: string;
}
interface Conversation {
  id: string;
  label: string;
  parties: Record<string, { minor?: boolean; birthYear?: number }>;
  messages: { from: string; to: string; text: string }[];
}
const evalDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'eval', 'text');
const jsonl = <T>(name: string): T[] =>
  readFileSync(join(evalDir, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
const posts = [...jsonl<Post>('posts-dev.jsonl'), ...jsonl<Post>('posts-holdout.jsonl')].map((p) => p.text);
const conversations = [...jsonl<Conversation>('conversations-dev.jsonl'), ...jsonl<Conversation>('conversations-holdout.jsonl')].filter(
  (c) => c.label === 'benign',
);
const dms = conversations.flatMap((c) => c.messages.map((m) => ({ conv: c.id, ...m })));

const words = 'the quick brown fox jumps over a lazy dog while people talk about weather football music school and dinner plans'.split(' ');
function chatter(i: number): string {
  const out: string[] = [];
  for (let k = 0; k < 8 + (i % 30); k++) out.push(words[(i * 7 + k * 13) % words.length]!);
  return out.join(' ');
}

const account = (conv: string, party: string, round: number) => `${conv}-r${round}-${party}`;
const base = Date.UTC(2026, 10, 28, 12, 0, 0);

function item(i: number): Record<string, unknown> {
  const slot = i % 10;
  const createdAt = new Date(base + i).toISOString();
  if (slot < 4) {
    const n = Math.floor(i / 10) * 4 + slot;
    return { id: `rl-${i}`, kind: 'post', author: { id: `poster-${n % 5000}` }, text: posts[n % posts.length], createdAt };
  }
  if (slot < 6) return { id: `rl-${i}`, kind: 'post', author: { id: `chatter-${i % 5000}` }, text: chatter(i), createdAt };
  const n = Math.floor(i / 10) * 4 + (slot - 6);
  const m = dms[n % dms.length]!;
  const cycle = Math.floor(n / dms.length);
  const round = cycle % rounds;
  // Each pass over the conversations is 20 days after the one before: when the accounts of a
  // round come back, their earlier messages have left the 14-day window, as a new chat would.
  return {
    id: `rl-${i}`,
    kind: 'direct_message',
    author: { id: account(m.conv, m.from, round) },
    recipient: { id: account(m.conv, m.to, round) },
    text: m.text,
    createdAt: new Date(Date.UTC(2010, 0, 1) + cycle * 20 * 86_400_000 + i).toISOString(),
  };
}

async function registerAges(url: string, key: string): Promise<number> {
  const puts: { id: string; body: Record<string, unknown> }[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const c of conversations) {
      for (const [party, facts] of Object.entries(c.parties)) {
        if (facts.minor === undefined && facts.birthYear === undefined) continue; // unknown age stays unknown
        puts.push({ id: account(c.id, party, r), body: facts });
      }
    }
  }
  let next = 0;
  const worker = async () => {
    while (next < puts.length) {
      const p = puts[next++]!;
      const res = await fetch(`${url}/v1/accounts/${encodeURIComponent(p.id)}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(p.body),
      });
      if (res.status >= 300) throw new Error(`PUT account ${p.id}: ${res.status} ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return puts.length;
}

const dataDir = mkdtempSync(join(tmpdir(), 'vigie-review-load-'));
const env: Record<string, string> = { VIGIE_LOG_LEVEL: 'info' };
let cleanup = async () => {};
if (values.store === 'postgres') {
  const db = await createTempDatabase(values['database-url']!, `vigie_review_load_${process.pid}`);
  env.DATABASE_URL = db.url;
  cleanup = db.drop;
}
const setup = await Store.open({ dataDir, databaseUrl: env.DATABASE_URL });
const { key } = await createApiKey(setup, { name: 'bench', actor: { kind: 'system', id: null }, at: new Date().toISOString() }, null);
await setup.close();
const server = await startServerProcess(dataDir, env, []);
try {
  const accounts = await registerAges(server.url, key);
  let counter = 0;
  const cpuBefore = await serverCpuSeconds(server.url);
  const result = await autocannon({
    url: server.url,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        path: '/v1/content',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        setupRequest: (req) => {
          req.body = JSON.stringify(item(counter++));
          return req;
        },
      },
    ],
  });
  const cpuAfter = await serverCpuSeconds(server.url);
  await kill(server, 'SIGTERM');
  const store = await Store.open({ dataDir, databaseUrl: env.DATABASE_URL });
  const cases = await store.db.selectFrom('cases').select(['subject_kind', 'subject_id']).execute();
  const signals = await store.db.selectFrom('events').select('seq').where('type', '=', 'signal.recorded').execute();
  await store.close();
  const items = result.requests.total - result.non2xx;
  const bySubject: Record<string, number> = {};
  // Which benign conversations the cases came from (their accounts are named after them).
  const byConversation: Record<string, number> = {};
  for (const c of cases) {
    bySubject[c.subject_kind] = (bySubject[c.subject_kind] ?? 0) + 1;
    const name = /([a-z]+-benign-[a-z-]+?)-r\d+-/.exec(c.subject_id)?.[1] ?? `(${c.subject_kind})`;
    byConversation[name] = (byConversation[name] ?? 0) + 1;
  }
  console.log(
    JSON.stringify({
      bench: 'review-load',
      store: values.store,
      connections,
      duration_s: duration,
      accounts_registered: accounts,
      items,
      non_2xx: result.non2xx,
      errors: result.errors,
      items_per_s: Math.round(result.requests.total / duration),
      latency_ms: { p50: result.latency.p50, p99: result.latency.p99 },
      // CPU the server spent per item: steadier than items/s when other work shares the machine.
      server_cpu_us_per_item: Math.round(((cpuAfter - cpuBefore) * 1e6) / Math.max(1, result.requests.total)),
      signals_recorded: signals.length,
      cases_opened: cases.length,
      cases_by_subject: bySubject,
      cases_by_conversation: byConversation,
      cases_per_10k_items: Number(((cases.length * 10_000) / Math.max(1, items)).toFixed(2)),
      load_average: loadavg().map((x) => Number(x.toFixed(2))),
    }),
  );
} finally {
  await kill(server, 'SIGTERM').catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
  await cleanup();
}

async function serverCpuSeconds(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const m = /^vigie_process_cpu_seconds_total (\S+)$/m.exec(text);
  return m ? Number(m[1]) : NaN;
}
