// The job queue's contract (src/work/queue.ts), as one suite that every implementation runs:
// the database queue and the JetStream queue (with the database as its outbox), each on
// SQLite and PostgreSQL. Real time, short delays: JetStream's clock is the server's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Store } from '../../src/store/store.js';
import type { ClaimedJob, JobBackend } from '../../src/work/queue.js';
import { HandlerRegistry } from '../../src/work/handlers.js';
import { startWorkers } from '../../src/work/worker.js';
import type { RetryPolicy } from '../../src/work/backoff.js';

/** Retries come back within a fraction of a second. */
export const FAST_RETRY: RetryPolicy = { baseMs: 100, maxMs: 400, jitter: 0 };

export interface QueueUnderTest {
  queue: JobBackend;
  /** The lease a claim gets (JetStream: the consumer's AckWait, whatever claim asks for). */
  leaseMs: number;
  close(): Promise<void>;
}

/** Makes a queue over the store; a second call is a second process's queue over the same jobs. */
export type QueueMaker = (store: Store) => Promise<QueueUnderTest>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function claimUntil(q: QueueUnderTest, worker: string, n: number, timeoutMs = 8_000): Promise<ClaimedJob[]> {
  const got: ClaimedJob[] = [];
  const deadline = Date.now() + timeoutMs;
  while (got.length < n && Date.now() < deadline) {
    got.push(...(await q.queue.claim(worker, n - got.length, q.leaseMs)));
    if (got.length < n) await sleep(20);
  }
  return got;
}

/** Nothing more is handed out for a while. */
async function claimsNothing(q: QueueUnderTest, worker: string, forMs = 400): Promise<void> {
  const extra = await claimUntil(q, worker, 1, forMs);
  assert.deepEqual(
    extra.map((j) => `${j.id}#${j.attempt}`),
    [],
    'nothing more is delivered',
  );
}

export function queueConformance(store: () => Store, make: QueueMaker): void {
  const kind = () => `conf.k${randomBytes(3).toString('hex')}`;

  async function withQueue(body: (q: QueueUnderTest) => Promise<void>): Promise<void> {
    const q = await make(store());
    try {
      await body(q);
    } finally {
      await q.close();
    }
  }

  test('enqueued jobs are delivered once each, with their payload, and completed', () =>
    withQueue(async (q) => {
      const k = kind();
      const ids = new Set<string>();
      for (let i = 0; i < 5; i++) ids.add((await q.queue.enqueue(k, { n: i })).job.id);
      const got = await claimUntil(q, 'w1', 5);
      assert.deepEqual(new Set(got.map((j) => j.id)), ids);
      assert.deepEqual(got.map((j) => (j.payload as { n: number }).n).sort(), [0, 1, 2, 3, 4]);
      for (const j of got) {
        assert.equal(j.kind, k);
        assert.equal(j.attempt, 1);
        assert.equal(await q.queue.complete(j), true);
      }
      await claimsNothing(q, 'w1');
    }));

  test('a dedupe key makes the second enqueue return the first job, delivered once', () =>
    withQueue(async (q) => {
      const k = kind();
      const key = `${k}:only`;
      const first = await q.queue.enqueue(k, { v: 1 }, { dedupeKey: key });
      const second = await q.queue.enqueue(k, { v: 2 }, { dedupeKey: key });
      assert.equal(first.created, true);
      assert.equal(second.created, false);
      assert.equal(second.job.id, first.job.id);
      const got = await claimUntil(q, 'w1', 1);
      assert.equal(got.length, 1);
      assert.deepEqual(got[0]!.payload, { v: 1 });
      assert.equal(got[0]!.dedupeKey, key);
      await q.queue.complete(got[0]!);
      await claimsNothing(q, 'w1');
    }));

  test('a failed job comes back with the next attempt; after its last it is dead, listed, and re-queued with fresh attempts', () =>
    withQueue(async (q) => {
      const k = kind();
      const { job } = await q.queue.enqueue(k, { x: 1 }, { maxAttempts: 2 });
      const [a1] = await claimUntil(q, 'w1', 1);
      assert.equal(a1!.attempt, 1);
      assert.equal(await q.queue.fail(a1!, 'first failure'), 'retry');
      const [a2] = await claimUntil(q, 'w1', 1);
      assert.equal(a2!.id, job.id);
      assert.equal(a2!.attempt, 2);
      assert.equal(await q.queue.fail(a2!, 'second failure'), 'dead');
      await claimsNothing(q, 'w1');
      const dead = await q.queue.listDead({ kind: k });
      assert.equal(dead.length, 1);
      assert.equal(dead[0]!.id, job.id);
      assert.equal(dead[0]!.status, 'dead');
      assert.match(dead[0]!.lastError ?? '', /second failure/);
      assert.ok((await q.queue.stats()).counts.dead >= 1);
      const back = await q.queue.retryDead(job.id);
      assert.equal(back?.status, 'queued');
      assert.equal(await q.queue.retryDead(job.id), undefined, 'a job no longer dead is not re-queued twice');
      const [again] = await claimUntil(q, 'w1', 1);
      assert.equal(again!.id, job.id);
      assert.equal(again!.attempt, 1);
      assert.deepEqual(again!.payload, { x: 1 });
      await q.queue.complete(again!);
      assert.deepEqual(await q.queue.listDead({ kind: k }), []);
    }));

  test('bury sends a job dead at once, with its error', () =>
    withQueue(async (q) => {
      const k = kind();
      await q.queue.enqueue(k, {}, { maxAttempts: 5 });
      const [j] = await claimUntil(q, 'w1', 1);
      assert.equal(await q.queue.bury(j!, 'PermanentJobError: cannot help'), true);
      await claimsNothing(q, 'w1');
      const dead = await q.queue.listDead({ kind: k });
      assert.equal(dead.length, 1);
      assert.match(dead[0]!.lastError ?? '', /cannot help/);
    }));

  test('a delivery not answered within its lease is delivered again, with the next attempt number', () =>
    withQueue(async (q) => {
      const k = kind();
      const { job } = await q.queue.enqueue(k, {});
      const [first] = await claimUntil(q, 'w1', 1);
      assert.equal(first!.attempt, 1);
      const [second] = await claimUntil(q, 'w2', 1, q.leaseMs + 8_000);
      assert.equal(second!.id, job.id);
      assert.equal(second!.attempt, 2);
      assert.equal(await q.queue.complete(second!), true);
    }));

  test('enqueueIn: delivered once its unit of work commits, never after a rollback', () =>
    withQueue(async (q) => {
      const k = kind();
      await assert.rejects(
        store().write(async (w) => {
          await q.queue.enqueueIn(w, k, { kept: false });
          throw new Error('roll back');
        }),
        /roll back/,
      );
      await store().write(async (w) => {
        await q.queue.enqueueIn(w, k, { kept: true });
      });
      const got = await claimUntil(q, 'w1', 1);
      assert.deepEqual(
        got.map((j) => j.payload),
        [{ kept: true }],
      );
      await q.queue.complete(got[0]!);
      await claimsNothing(q, 'w1');
    }));

  test('a job due later is not delivered before its time', () =>
    withQueue(async (q) => {
      const k = kind();
      const runAt = new Date(Date.now() + 1_200);
      await q.queue.enqueue(k, {}, { runAt });
      await claimsNothing(q, 'w1', 600);
      const [j] = await claimUntil(q, 'w1', 1);
      assert.ok(Date.now() >= runAt.getTime() - 50, 'delivered at its time');
      await q.queue.complete(j!);
    }));

  test('two processes taking jobs at once never get the same job', async () => {
    const a = await make(store());
    const b = await make(store());
    try {
      const k = kind();
      const total = 40;
      for (let i = 0; i < total; i++) await a.queue.enqueue(k, { i });
      const seen: string[] = [];
      const take = async (q: QueueUnderTest, name: string) => {
        const deadline = Date.now() + 10_000;
        while (seen.length < total && Date.now() < deadline) {
          const batch = await q.queue.claim(name, 3, q.leaseMs);
          for (const j of batch) {
            seen.push(j.id);
            await q.queue.complete(j);
          }
          if (batch.length === 0) await sleep(10);
        }
      };
      await Promise.all([take(a, 'a'), take(b, 'b')]);
      assert.equal(seen.length, total);
      assert.equal(new Set(seen).size, total, 'no job was handed out twice');
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('a worker runs every job through its handler once; a failure is retried', () =>
    withQueue(async (q) => {
      const k = kind();
      const runs = new Map<number, number>();
      let failedOnce = false;
      const handlers = new HandlerRegistry().register<{ i: number }>(k, async ({ i }) => {
        runs.set(i, (runs.get(i) ?? 0) + 1);
        if (i === 7 && !failedOnce) {
          failedOnce = true;
          throw new Error('transient');
        }
      });
      const workers = startWorkers(q.queue, handlers, { concurrency: 4, leaseMs: q.leaseMs, pollIntervalMs: 50 });
      try {
        for (let i = 0; i < 30; i++) await q.queue.enqueue(k, { i });
        const deadline = Date.now() + 15_000;
        while ((runs.size < 30 || (runs.get(7) ?? 0) < 2) && Date.now() < deadline) await sleep(20);
      } finally {
        await workers.stop();
      }
      assert.equal(runs.size, 30);
      for (const [i, n] of runs) assert.equal(n, i === 7 ? 2 : 1, `job ${i} ran ${n} times`);
    }));
}
