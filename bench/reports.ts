// npm run bench:reports -- [--store sqlite|postgres|both] [--ceiling N] [--connections N] [--bits B]
// Starts `vigie serve` in a child process (as deployed) with the public report page's global
// ceiling at N reports a minute, fetches N + 10% forms from GET /report and solves each
// one's proof of work in this process (as the page's script would), then posts them all to
// POST /report over HTTP, C at a time, within one minute window: the first N are accepted
// (201 with a receipt), the rest refused (429). Then, the server stopped, it opens the
// database and checks that every receipt answered maps to a stored report with a case: no
// accepted report was lost. Prints one JSON line per store.
import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../src/store/store.js';
import { receiptHash } from '../src/services/reports/file-report.js';
import { createTempDatabase } from '../test/support/temp-database.js';
import { kill, startServerProcess } from '../test/support/server-process.js';
import { FORM_TYPE, receiptOf, solvedForm } from '../test/support/report-page.js';

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: 'both' },
    ceiling: { type: 'string', default: '600' },
    connections: { type: 'string', default: '8' },
    bits: { type: 'string', default: '14' },
    'database-url': { type: 'string', default: process.env.VIGIE_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
  },
});
const ceiling = Number(values.ceiling);
const connections = Number(values.connections);
const stores = values.store === 'both' ? ['sqlite', 'postgres'] : [values.store!];
const attempts = ceiling + Math.max(10, Math.ceil(ceiling / 10));

async function pool<T>(count: number, width: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await work(i);
      }
    }),
  );
  return out;
}

/** The form for report i: a post on the bench platform; every fifth names an earlier post again (it joins that case). */
function fields(i: number): Record<string, string> {
  const n = i % 5 === 4 ? i - 1 : i;
  return {
    lang: i % 2 ? 'fr' : 'en',
    account: `@acct${n}`,
    posts: `https://bench.example/@acct${n}/posts/p${n}`,
    reason: 'other',
    description: `bench report ${i}`,
  };
}

async function runOne(kind: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-bench-reports-'));
  const rulesPath = join(dataDir, 'review.json');
  writeFileSync(rulesPath, JSON.stringify({ links: { default: ['https://bench.example/@{account}/posts/{content}', 'https://bench.example/@{account}'] } }));
  const env: Record<string, string> = {
    VIGIE_LOG_LEVEL: 'warn',
    VIGIE_REVIEW_RULES: rulesPath,
    VIGIE_REPORT_LIMIT_GLOBAL: String(ceiling),
    VIGIE_REPORT_POW_BITS: values.bits!,
    // Every request comes from this one address: its own limits are lifted so the global one is what is measured.
    VIGIE_REPORT_LIMIT_PER_ADDRESS: String(attempts * 2),
    VIGIE_RATE_LIMIT_PER_IP: String(attempts * 4),
  };
  let cleanup = async () => {};
  if (kind === 'postgres') {
    const db = await createTempDatabase(values['database-url']!, `vigie_bench_reports_${process.pid}`);
    env.DATABASE_URL = db.url;
    cleanup = db.drop;
  }
  try {
    const server = await startServerProcess(dataDir, { ...env, VIGIE_LOG_LEVEL: 'info' });
    let receipts: (string | null)[];
    let statuses: number[];
    let solveSeconds: number;
    let postSeconds: number;
    try {
      const s0 = performance.now();
      const forms = await pool(attempts, connections, async (i) => {
        const page = await (await fetch(`${server.url}/report`)).text();
        return solvedForm(page, fields(i));
      });
      solveSeconds = (performance.now() - s0) / 1000;
      // All posts inside one minute window (the global ceiling counts per calendar minute).
      const intoMinute = Date.now() % 60_000;
      if (intoMinute > 30_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 200));
      const p0 = performance.now();
      const answers = await pool(attempts, connections, async (i) => {
        const res = await fetch(`${server.url}/report`, { method: 'POST', headers: FORM_TYPE, body: forms[i] });
        const text = await res.text();
        return { status: res.status, receipt: res.status === 201 ? receiptOf(text) : null };
      });
      postSeconds = (performance.now() - p0) / 1000;
      statuses = answers.map((a) => a.status);
      receipts = answers.map((a) => a.receipt);
    } finally {
      await kill(server, 'SIGTERM');
    }

    const accepted = receipts.filter((r): r is string => r !== null);
    const byStatus: Record<string, number> = {};
    for (const s of statuses) byStatus[s] = (byStatus[s] ?? 0) + 1;
    const store = await Store.open({ dataDir, databaseUrl: env.DATABASE_URL });
    let lost = 0;
    try {
      for (const r of accepted) {
        const row = await store.db.selectFrom('reports').select(['id', 'case_id']).where('receipt_hash', '=', receiptHash(r)).executeTakeFirst();
        const c = row?.case_id ? await store.db.selectFrom('cases').select('id').where('id', '=', row.case_id).executeTakeFirst() : undefined;
        if (!c) lost++;
      }
    } finally {
      await store.close();
    }
    console.log(
      JSON.stringify({
        bench: 'reports',
        store: kind,
        ceiling_per_minute: ceiling,
        pow_bits: Number(values.bits),
        connections,
        posted: attempts,
        answers: byStatus,
        accepted: accepted.length,
        accepted_per_s: Number((accepted.length / postSeconds).toFixed(1)),
        post_seconds: Number(postSeconds.toFixed(2)),
        client_forms_solved_per_s: Number((attempts / solveSeconds).toFixed(1)),
        lost,
        load_average: loadavg().map((x) => Number(x.toFixed(2))),
      }),
    );
    if (lost > 0) throw new Error(`${lost} accepted reports have no stored report and case`);
    if (accepted.length < ceiling) throw new Error(`only ${accepted.length} of the ceiling of ${ceiling} were accepted`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await cleanup();
  }
}

for (const s of stores) await runOne(s);
