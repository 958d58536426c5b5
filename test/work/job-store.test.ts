import { beforeEach, test } from 'node:test';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { describeEachStore, type StoreTarget } from '../support/stores.js';
import { Store } from '../../src/store/store.js';
import { DEFAULT_MAX_ATTEMPTS, JobStore, type JobStoreOptions } from '../../src/store/job-store.js';
import { eventsOf } from '../../src/store/log-store.js';
import { SYSTEM, type NewEvent } from '../../src/moderation/events.js';
import { retryDelayMs, type RetryPolicy } from '../../src/work/backoff.js';
import { fakeClock, msBetween, sequence } from './support.js';

const POLICY: RetryPolicy = { baseMs: 1_000, maxMs: 60_000, jitter: 0.5 };
const LEASE = 30_000;

async function withFreshStore<T>(target: StoreTarget, body: (config: Awaited<ReturnType<StoreTarget['freshConfig']>>) => Promise<T>): Promise<T> {
  const config = await target.freshConfig();
  try {
    return await body(config);
  } finally {
    await config.cleanup();
  }
}

describeEachStore('job store', (store, target) => {
  const clock = fakeClock();
  const jobsWith = (options: JobStoreOptions = {}) => new JobStore(store(), { now: clock.now, retry: POLICY, ...options });

  beforeEach(async () => {
    await store().db.deleteFrom('jobs').execute();
  });

  test('enqueued jobs are claimed in due order, leased once, and completed', async () => {
    const jobs = jobsWith();
    const later = await jobs.enqueue('mail.send', { to: 'later' }, { runAt: new Date(clock.now().getTime() + 60_000) });
    const first = await jobs.enqueue('mail.send', { to: 'first' }, { runAt: new Date(clock.now().getTime() - 1_000) });
    const second = await jobs.enqueue('mail.send', { to: 'second' });
    assert.equal(first.created, true);
    assert.equal(second.job.status, 'queued');

    const claimed = await jobs.claim('w1', 10, LEASE);
    assert.deepEqual(
      claimed.map((j) => j.payload),
      [{ to: 'first' }, { to: 'second' }],
    );
    for (const c of claimed) {
      assert.equal(c.attempt, 1);
      assert.equal(c.claimedBy, 'w1');
      assert.equal(c.leaseUntil, new Date(clock.now().getTime() + LEASE).toISOString());
    }
    assert.deepEqual(await jobs.claim('w2', 10, LEASE), [], 'leased jobs are not handed out twice');
    assert.deepEqual((await jobs.stats()).counts, { queued: 1, running: 2, done: 0, dead: 0 });

    clock.advance(10);
    assert.equal(await jobs.complete(claimed[0]!), true);
    const done = await jobs.get(claimed[0]!.id);
    assert.equal(done?.status, 'done');
    assert.equal(done?.finishedAt, clock.iso());
    assert.equal(done?.lockedBy, null);
    assert.equal(await jobs.complete(claimed[0]!), false, 'a second answer for the same delivery changes nothing');
    assert.equal(await jobs.complete(claimed[1]!), true);

    clock.advance(60_000);
    const third = await jobs.claim('w1', 10, LEASE);
    assert.deepEqual(
      third.map((j) => j.id),
      [later.job.id],
    );
  });

  test('a dedupe key makes the second enqueue a no-op returning the first job', async () => {
    const jobs = jobsWith();
    const a = await jobs.enqueue('webhook.deliver', { n: 1 }, { dedupeKey: 'webhook.deliver:d1' });
    const b = await jobs.enqueue('webhook.deliver', { n: 2 }, { dedupeKey: 'webhook.deliver:d1' });
    assert.equal(a.created, true);
    assert.equal(b.created, false);
    assert.equal(b.job.id, a.job.id);
    assert.deepEqual(b.job.payload, { n: 1 });

    // Still a no-op once the first job has run: the key is remembered while the row is kept.
    const [claimed] = await jobs.claim('w1', 1, LEASE);
    await jobs.complete(claimed!);
    const c = await jobs.enqueue('webhook.deliver', { n: 3 }, { dedupeKey: 'webhook.deliver:d1' });
    assert.equal(c.created, false);
    assert.equal(c.job.status, 'done');

    // Racing enqueues of one key leave one job.
    const raced = await Promise.all(Array.from({ length: 5 }, (_, i) => jobs.enqueue('webhook.deliver', { i }, { dedupeKey: 'webhook.deliver:d2' })));
    assert.equal(raced.filter((r) => r.created).length, 1);
    assert.equal(new Set(raced.map((r) => r.job.id)).size, 1);

    const rows = await store().db.selectFrom('jobs').select('id').execute();
    assert.equal(rows.length, 2);
  });

  test('failures are retried after exponential delays with jitter, growing each time', async () => {
    const draws = [0, 0.99, 0.5, 0.25];
    const jobs = jobsWith({ random: sequence(draws) });
    const { job } = await jobs.enqueue('ncmec.file', { report: 'r1' }, { maxAttempts: 5 });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      const [claimed] = await jobs.claim('w1', 1, LEASE);
      assert.equal(claimed?.attempt, attempt);
      assert.equal(await jobs.fail(claimed!, `upstream said no (${attempt})`), 'retry');
      const row = await jobs.get(job.id);
      assert.equal(row?.status, 'queued');
      assert.equal(row?.lastError, `upstream said no (${attempt})`);
      const delay = msBetween(clock.iso(), row!.runAt);
      delays.push(delay);
      assert.equal(
        delay,
        retryDelayMs(attempt, POLICY, () => draws[attempt - 1]!),
      );

      clock.advance(delay - 1);
      assert.deepEqual(await jobs.claim('w1', 1, LEASE), [], 'not before its time');
      clock.advance(1);
    }
    // 1000·2^(n-1), less the drawn share of up to half of it.
    assert.deepEqual(delays, [1000, 1010, 3000, 7000]);
    for (let i = 1; i < delays.length; i++) assert.ok(delays[i]! > delays[i - 1]!, `delay ${i} grows`);
  });

  test('a job goes dead after its last attempt; an admin sees it and re-queues it', async () => {
    const jobs = jobsWith({ random: () => 0 });
    const { job } = await jobs.enqueue('inhope.refer', { url: 'https://example.org/x' }, { maxAttempts: 2 });
    const [one] = await jobs.claim('w1', 1, LEASE);
    assert.equal(await jobs.fail(one!, 'timeout talking to hotline'), 'retry');
    clock.advance(POLICY.baseMs);
    const [two] = await jobs.claim('w1', 1, LEASE);
    assert.equal(two?.attempt, 2);
    assert.equal(await jobs.fail(two!, 'hotline refused: 503'), 'dead');

    clock.advance(POLICY.maxMs * 10);
    assert.deepEqual(await jobs.claim('w1', 1, LEASE), [], 'dead jobs are not claimed');
    const dead = await jobs.listDead();
    assert.deepEqual(
      dead.map((d) => [d.id, d.kind, d.attempts, d.lastError]),
      [[job.id, 'inhope.refer', 2, 'hotline refused: 503']],
    );
    assert.deepEqual(await jobs.listDead({ kind: 'other.kind' }), []);
    assert.equal((await jobs.stats()).counts.dead, 1);

    assert.equal(await jobs.retryDead('999999'), undefined, 'an unknown id is not re-queued');
    const requeued = await jobs.retryDead(job.id);
    assert.equal(requeued?.status, 'queued');
    assert.equal(requeued?.attempts, 0);
    assert.equal(await jobs.retryDead(job.id), undefined, 'only a dead job can be re-queued');
    const [again] = await jobs.claim('w1', 1, LEASE);
    assert.equal(again?.attempt, 1);
    assert.equal(await jobs.complete(again!), true);
    assert.deepEqual(await jobs.listDead(), []);
  });

  test('a job whose lease expired is claimed again, and the old holder can no longer settle it', async () => {
    const jobs = jobsWith();
    const { job } = await jobs.enqueue('media.hash', { media: 'm1' });
    const [held] = await jobs.claim('dies', 1, 1_000);
    clock.advance(999);
    assert.deepEqual(await jobs.claim('other', 1, 1_000), []);
    clock.advance(1);
    const [reclaimed] = await jobs.claim('other', 1, 1_000);
    assert.equal(reclaimed?.id, job.id);
    assert.equal(reclaimed?.attempt, 2);
    assert.equal(reclaimed?.claimedBy, 'other');

    assert.equal(await jobs.complete(held!), false);
    assert.equal(await jobs.fail(held!, 'late'), 'lost');
    assert.equal(await jobs.bury(held!, 'late'), false);
    assert.equal((await jobs.get(job.id))?.status, 'running');
    assert.match((await jobs.get(job.id))?.lastError ?? '', /lease of dies expired/);
    assert.equal(await jobs.complete(reclaimed!), true);
  });

  test('a job that outlives its lease on its last attempt goes dead instead of looping', async () => {
    const jobs = jobsWith();
    const { job } = await jobs.enqueue('media.hash', { media: 'poison' }, { maxAttempts: 1 });
    await jobs.claim('w1', 1, 1_000);
    clock.advance(1_000);
    assert.deepEqual(await jobs.claim('w2', 1, 1_000), []);
    const dead = await jobs.get(job.id);
    assert.equal(dead?.status, 'dead');
    assert.equal(dead?.finishedAt, clock.iso());
    assert.match(dead?.lastError ?? '', /lease of w1 expired/);
  });

  test('enqueueIn commits with its transaction and vanishes with its rollback', async () => {
    const jobs = jobsWith();
    const event = (id: string): NewEvent => ({
      type: 'export.made',
      subject: { kind: 'system', id },
      actor: SYSTEM,
      at: clock.iso(),
      reason: null,
      payload: { note: 'outbox test' },
    });

    await assert.rejects(
      store().write(async (w) => {
        await w.append([event('rolled-back')]);
        await jobs.enqueueIn(w, 'webhook.deliver', { n: 1 }, { dedupeKey: 'outbox:rolled-back' });
        throw new Error('the action failed');
      }),
      /the action failed/,
    );
    assert.equal((await store().db.selectFrom('jobs').select('id').execute()).length, 0);
    assert.equal((await eventsOf(store().db, { kind: 'system', id: 'rolled-back' })).length, 0);
    // The key was never taken, so the retry of the whole action enqueues afresh.
    const woken: number[] = [];
    const unsubscribe = jobs.onEnqueue(() => woken.push(1));
    const kept = await store().write(async (w) => {
      await w.append([event('kept')]);
      return jobs.enqueueIn(w, 'webhook.deliver', { n: 1 }, { dedupeKey: 'outbox:rolled-back' });
    });
    unsubscribe();
    assert.equal(kept.created, true);
    assert.equal(woken.length, 1, 'workers are woken once the commit is done');
    assert.equal((await eventsOf(store().db, { kind: 'system', id: 'kept' })).length, 1);
    assert.equal((await jobs.get(kept.job.id))?.status, 'queued');
  });

  test('a job enqueued before the store closes is delivered after it reopens, and so is one a dead worker held', async () => {
    await withFreshStore(target, async (config) => {
      const before = await Store.open(config);
      const jobs = new JobStore(before, { now: clock.now });
      const waiting = await jobs.enqueue('cybertip.file', { case: 'c1' }, { dedupeKey: 'cybertip.file:c1' });
      const held = await jobs.enqueue('cybertip.file', { case: 'c2' }, { dedupeKey: 'cybertip.file:c2' });
      const [claimed] = await jobs.claim('crashing-worker', 1, 5_000);
      assert.equal(claimed?.id, waiting.job.id);
      await before.close();

      const after = await Store.open(config);
      try {
        const reopened = new JobStore(after, { now: clock.now });
        const [next] = await reopened.claim('fresh-worker', 5, 5_000);
        assert.equal(next?.id, held.job.id);
        assert.deepEqual(next?.payload, { case: 'c2' });
        clock.advance(5_000);
        const [recovered] = await reopened.claim('fresh-worker', 5, 5_000);
        assert.equal(recovered?.id, waiting.job.id);
        assert.equal(recovered?.attempt, 2);
        assert.equal((await reopened.enqueue('cybertip.file', {}, { dedupeKey: 'cybertip.file:c1' })).created, false);
      } finally {
        await after.close();
      }
    });
  });

  test('workers claiming at the same time from separate connections never get the same job', async () => {
    await withFreshStore(target, async (config) => {
      const a = await Store.open(config);
      // better-sqlite3 waits for a lock synchronously, so a second connection in the same
      // thread would block the holder it waits for: SQLite's several-process case is the
      // child-process test below, and here the claimers share one connection.
      const b = target.name === 'postgres' ? await Store.open(config) : a;
      try {
        const producer = new JobStore(a, { now: clock.now });
        for (let i = 0; i < 60; i++) await producer.enqueue('media.hash', { i });
        const seen = new Map<string, string>();
        const claimAll = async (s: Store, name: string) => {
          const jobs = new JobStore(s, { now: clock.now });
          for (;;) {
            const batch = await jobs.claim(name, 4, LEASE);
            if (batch.length === 0) return;
            for (const job of batch) {
              assert.equal(seen.get(job.id), undefined, `job ${job.id} claimed by ${name} was already held by ${seen.get(job.id)}`);
              seen.set(job.id, name);
            }
          }
        };
        await Promise.all([claimAll(a, 'a1'), claimAll(b, 'b1'), claimAll(a, 'a2'), claimAll(b, 'b2')]);
        assert.equal(seen.size, 60);
        const holders = new Set(seen.values());
        assert.ok(holders.size >= 2, `the work was shared (${[...holders].join(', ')})`);
        const rows = await a.db.selectFrom('jobs').select(['attempts', 'status']).execute();
        assert.ok(rows.every((r) => r.attempts === 1 && r.status === 'running'));
      } finally {
        await a.close();
        if (b !== a) await b.close();
      }
    });
  });

  test('stats count by status and show the backlog; purging frees finished rows', async () => {
    const jobs = jobsWith();
    const start = clock.iso();
    await jobs.enqueue('a.b', 1);
    await jobs.enqueue('a.b', 2);
    await jobs.enqueue('a.b', 3, { runAt: '2030-01-01T00:00:00Z' });
    clock.advance(5);
    const stats = await jobs.stats();
    assert.deepEqual(stats.counts, { queued: 3, running: 0, done: 0, dead: 0 });
    assert.equal(stats.due, 2);
    assert.equal(stats.oldestDueAt, start);

    const claimed = await jobs.claim('w', 2, LEASE);
    for (const c of claimed) await jobs.complete(c);
    clock.advance(1);
    assert.equal(await jobs.purgeDone(clock.now()), 2);
    assert.deepEqual((await jobs.stats()).counts, { queued: 1, running: 0, done: 0, dead: 0 });
  });

  test('enqueue checks its input and stores times in the comparable form', async () => {
    const jobs = jobsWith();
    await assert.rejects(jobs.enqueue('has space', {}), /job kind/);
    await assert.rejects(jobs.enqueue('vigie.jobs.>', {}), /job kind/);
    await assert.rejects(jobs.enqueue('ok.kind', undefined as never), /not JSON/);
    await assert.rejects(jobs.enqueue('ok.kind', {}, { maxAttempts: 0 }), /maxAttempts/);
    await assert.rejects(jobs.enqueue('ok.kind', {}, { runAt: 'soon' }), /not a time/);
    const { job } = await jobs.enqueue('ok.kind', { nested: [1, 'two', null] }, { runAt: '2026-11-28T13:00:00+01:00' });
    assert.equal(job.runAt, '2026-11-28T12:00:00.000Z');
    assert.equal(job.maxAttempts, DEFAULT_MAX_ATTEMPTS);
    assert.deepEqual(job.payload, { nested: [1, 'two', null] });
  });
});

describeEachStore('job store across processes', (_store, target) => {
  test('a claimer in another process and one here share the jobs without overlap', async () => {
    await withFreshStore(target, async (config) => {
      const now = '2026-11-28T12:00:00.000Z';
      const here = await Store.open(config);
      try {
        const jobs = new JobStore(here, { now: () => new Date(now) });
        for (let i = 0; i < 150; i++) await jobs.enqueue('media.hash', { i });
        const { cleanup: _cleanup, ...plain } = config;
        const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'claimer.ts'), JSON.stringify(plain), 'there', now], {
          stdio: ['pipe', 'pipe', 'inherit'],
        });
        const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
        const out = createInterface({ input: child.stdout! });
        const lines = out[Symbol.asyncIterator]();
        assert.equal((await lines.next()).value, 'ready');
        child.stdin!.write('go\n');
        const mine: string[] = [];
        for (;;) {
          const batch = await jobs.claim('here', 2, 60_000);
          if (batch.length === 0) break;
          mine.push(...batch.map((j) => j.id));
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
        const theirs = JSON.parse((await lines.next()).value as string) as string[];
        assert.equal(await exited, 0);
        const all = [...mine, ...theirs];
        assert.equal(new Set(all).size, all.length, 'no job was claimed by both processes');
        assert.equal(all.length, 150);
        assert.ok(mine.length > 0 && theirs.length > 0, `both processes got work (here ${mine.length}, there ${theirs.length})`);
      } finally {
        await here.close();
      }
    });
  });
});
