import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { describeEachStore } from '../support/stores.js';
import { Store } from '../../src/store/store.js';
import { JobStore } from '../../src/store/job-store.js';
import { HandlerRegistry, PermanentJobError } from '../../src/work/handlers.js';
import { Worker, startWorkers, type JobReport, type WorkerOptions } from '../../src/work/worker.js';
import { fakeClock, gate, msBetween, until } from './support.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describeEachStore('worker', (store, target) => {
  const clock = fakeClock();
  let jobs: JobStore;
  let reports: JobReport[];
  const workerWith = (handlers: HandlerRegistry, options: WorkerOptions = {}) =>
    new Worker(jobs, handlers, { now: clock.now, workerId: 'test-worker', onSettled: (r) => reports.push(r), ...options });
  const outcomes = () => reports.map((r) => r.outcome).sort();

  beforeEach(async () => {
    await store().db.deleteFrom('jobs').execute();
    jobs = new JobStore(store(), { now: clock.now, random: () => 0 });
    reports = [];
  });

  test('each job runs through the handler of its kind; a failing handler does not stop the others', async () => {
    const seen: number[] = [];
    const handlers = new HandlerRegistry().register<{ n: number }>('media.hash', ({ n }) => {
      // Throwing before any promise exists must be caught like a rejection.
      if (n === 4) throw new Error('synchronous failure');
      return (async () => {
        if (n === 2) throw new Error('decoder crashed');
        seen.push(n);
      })();
    });
    const worker = workerWith(handlers, { concurrency: 3 });
    for (let n = 1; n <= 5; n++) await jobs.enqueue('media.hash', { n });
    while ((await worker.runOnce()) > 0) await worker.idle();

    assert.deepEqual(seen.sort(), [1, 3, 5]);
    assert.deepEqual(outcomes(), ['done', 'done', 'done', 'retry', 'retry']);
    const failed = reports
      .filter((r) => r.outcome === 'retry')
      .map((r) => r.error)
      .sort();
    assert.deepEqual(failed, ['decoder crashed', 'synchronous failure']);
    assert.deepEqual((await jobs.stats()).counts, { queued: 2, running: 0, done: 3, dead: 0 });
  });

  test('a job of a kind no handler knows goes dead with an error naming it', async () => {
    const worker = workerWith(new HandlerRegistry().register('mail.send', async () => undefined));
    const { job } = await jobs.enqueue('nobody.handles', { x: 1 });
    await worker.runOnce();
    await worker.idle();
    const dead = await jobs.get(job.id);
    assert.equal(dead?.status, 'dead');
    assert.equal(dead?.attempts, 1);
    assert.equal(dead?.lastError, 'no handler for job kind "nobody.handles" on worker test-worker (it handles: mail.send)');
  });

  test('a handler that runs out of time is aborted and retried', async () => {
    let signal: AbortSignal | undefined;
    const handlers = new HandlerRegistry().register(
      'slow.call',
      (_payload, ctx) => {
        signal = ctx.signal;
        return new Promise<void>(() => undefined);
      },
      { timeoutMs: 20 },
    );
    const worker = workerWith(handlers, { leaseMs: 2_000 });
    const { job } = await jobs.enqueue('slow.call', {});
    await worker.runOnce();
    await worker.idle();
    assert.equal(signal?.aborted, true);
    assert.deepEqual(outcomes(), ['retry']);
    assert.match(reports[0]!.error!, /^JobTimeoutError: handler for slow.call did not finish within 20 ms/);
    assert.equal((await jobs.get(job.id))?.status, 'queued');
  });

  test('a rejected payload, or a handler saying retrying cannot help, goes dead at once', async () => {
    const handlers = new HandlerRegistry()
      .register<{ url: string }>('webhook.deliver', async () => undefined, {
        parse: (p) => {
          if (typeof p !== 'object' || p === null || typeof (p as { url?: unknown }).url !== 'string') throw new Error('url is missing');
          return p as { url: string };
        },
      })
      .register('cybertip.file', async () => {
        throw new PermanentJobError('report refused as malformed');
      });
    const worker = workerWith(handlers);
    const bad = await jobs.enqueue('webhook.deliver', { nope: true });
    const refused = await jobs.enqueue('cybertip.file', {});
    await worker.runOnce();
    await worker.idle();
    assert.equal((await jobs.get(bad.job.id))?.lastError, 'PermanentJobError: payload rejected: url is missing');
    assert.equal((await jobs.get(refused.job.id))?.lastError, 'PermanentJobError: report refused as malformed');
    assert.deepEqual(
      (await jobs.listDead()).map((j) => j.attempts),
      [1, 1],
    );
  });

  test('at most `concurrency` handlers run at once', async () => {
    let active = 0;
    let most = 0;
    let hold = gate();
    const handlers = new HandlerRegistry().register('media.hash', async () => {
      active++;
      most = Math.max(most, active);
      await hold.wait();
      active--;
    });
    const worker = workerWith(handlers, { concurrency: 2 });
    for (let i = 0; i < 5; i++) await jobs.enqueue('media.hash', { i });
    assert.equal(await worker.runOnce(), 2);
    assert.equal(await worker.runOnce(), 0, 'no free slot');
    assert.equal(worker.busy, 2);
    for (;;) {
      hold.open();
      await worker.idle();
      hold = gate();
      if ((await worker.runOnce()) === 0) break;
    }
    assert.equal(most, 2);
    assert.equal((await jobs.stats()).counts.done, 5);
  });

  test('a started worker is woken by enqueues in this process and comes back after the backoff', async () => {
    let calls = 0;
    const handlers = new HandlerRegistry().register('webhook.deliver', async () => {
      calls++;
      if (calls === 1) throw new Error('endpoint answered 502');
    });
    // Polling alone would take a minute: only the wake-ups can make this test pass in time.
    const worker = workerWith(handlers, { pollIntervalMs: 60_000 }).start();
    try {
      const { job } = await jobs.enqueue('webhook.deliver', { id: 'd1' });
      await until(() => reports.length === 1, 'the first attempt');
      assert.equal(reports[0]!.outcome, 'retry');
      const waiting = await jobs.get(job.id);
      clock.advance(msBetween(clock.iso(), waiting!.runAt));
      worker.wake();
      await until(() => reports.length === 2, 'the retry');
      assert.equal(reports[1]!.outcome, 'done');
      assert.equal(reports[1]!.job.attempt, 2);

      // An enqueue inside a transaction wakes the worker once it has committed.
      await jobs.store.write((w) => jobs.enqueueIn(w, 'webhook.deliver', { id: 'd2' }));
      await until(() => reports.length === 3, 'the job enqueued in a transaction');
      assert.equal(reports[2]!.outcome, 'done');
    } finally {
      await worker.stop();
    }
  });

  test('stop() waits for running handlers and then claims nothing more', async () => {
    const hold = gate();
    let started = 0;
    const handlers = new HandlerRegistry().register('media.hash', async () => {
      started++;
      await hold.wait();
    });
    const worker = workerWith(handlers, { pollIntervalMs: 5 }).start();
    const { job } = await jobs.enqueue('media.hash', {});
    await until(() => started === 1, 'the handler to start');
    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    for (let i = 0; i < 20; i++) await tick();
    assert.equal(stopped, false, 'stop waits for the running handler');
    hold.open();
    await stopping;
    assert.equal((await jobs.get(job.id))?.status, 'done');

    const after = await jobs.enqueue('media.hash', {});
    for (let i = 0; i < 20; i++) await tick();
    assert.equal((await jobs.get(after.job.id))?.status, 'queued');
    assert.equal(started, 1);
  });

  test('two workers on separate connections never run the same job at once', async () => {
    const config = await target.freshConfig();
    const a = await Store.open(config);
    // See the job-store suite: SQLite's second process is tested there; here one connection.
    const b = target.name === 'postgres' ? await Store.open(config) : a;
    const active = new Set<string>();
    const runs = new Map<string, number>();
    const ranBy = new Map<string, number>();
    let overlaps = 0;
    let settled = 0;
    const handlers = new HandlerRegistry().register('media.hash', async (_p, ctx) => {
      if (active.has(ctx.job.id)) overlaps++;
      active.add(ctx.job.id);
      runs.set(ctx.job.id, (runs.get(ctx.job.id) ?? 0) + 1);
      ranBy.set(ctx.job.claimedBy, (ranBy.get(ctx.job.claimedBy) ?? 0) + 1);
      await tick();
      active.delete(ctx.job.id);
    });
    const options = { now: clock.now, concurrency: 3, pollIntervalMs: 5, onSettled: () => settled++ };
    const one = new Worker(new JobStore(a, { now: clock.now }), handlers, { ...options, workerId: 'one' });
    const two = new Worker(new JobStore(b, { now: clock.now }), handlers, { ...options, workerId: 'two' });
    try {
      const producer = new JobStore(a, { now: clock.now });
      for (let i = 0; i < 40; i++) await producer.enqueue('media.hash', { i });
      one.start();
      two.start();
      await until(() => settled === 40, 'all jobs to settle', 20_000);
      await Promise.all([one.stop(), two.stop()]);
      assert.equal(overlaps, 0);
      assert.equal(runs.size, 40);
      assert.ok([...runs.values()].every((n) => n === 1));
      assert.equal(ranBy.size, 2, `both workers ran jobs: ${JSON.stringify([...ranBy])}`);
      assert.equal((await producer.stats()).counts.done, 40);
    } finally {
      await Promise.all([one.stop(), two.stop()]);
      await a.close();
      if (b !== a) await b.close();
      await config.cleanup();
    }
  });

  test('startWorkers delivers a job that was enqueued before a restart', async () => {
    const config = await target.freshConfig();
    try {
      const before = await Store.open(config);
      await new JobStore(before, { now: clock.now }).enqueue('legal.hold.expire', { hold: 'h1' }, { dedupeKey: 'legal.hold.expire:h1' });
      await before.close();

      const after = await Store.open(config);
      const got: unknown[] = [];
      const keys: string[] = [];
      const handlers = new HandlerRegistry().register('legal.hold.expire', async (payload, ctx) => {
        got.push(payload);
        keys.push(ctx.idempotencyKey);
      });
      const workers = startWorkers(new JobStore(after, { now: clock.now }), handlers, {
        now: clock.now,
        pollIntervalMs: 10,
        logger: pino({ level: 'silent' }),
      });
      try {
        await until(() => got.length === 1, 'the job from before the restart');
      } finally {
        await workers.stop();
        await after.close();
      }
      assert.deepEqual(got, [{ hold: 'h1' }]);
      assert.deepEqual(keys, ['legal.hold.expire:h1']);
    } finally {
      await config.cleanup();
    }
  });

  test('a handler timeout that would outlast the lease is refused at start', () => {
    const handlers = new HandlerRegistry().register('slow.call', async () => undefined, { timeoutMs: 10_000 });
    assert.throws(() => workerWith(handlers, { leaseMs: 10_500 }), /slow.call: timeout 10000 ms/);
    assert.throws(() => new HandlerRegistry().register('x', async () => undefined).register('x', async () => undefined), /already registered/);
  });
});
