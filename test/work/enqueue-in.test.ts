// JobStore.enqueueIn: a job enqueued in a unit of work commits with it, and this process's
// workers are woken only once it has committed, never for a unit of work that rolled back.
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../support/stores.js';
import { JobStore } from '../../src/store/job-store.js';
import { fakeClock } from './support.js';

describeEachStore('enqueueIn', (store) => {
  const clock = fakeClock();

  beforeEach(async () => {
    await store().db.deleteFrom('jobs').execute();
  });

  test('wakes the workers after the commit, not before', async () => {
    const jobs = new JobStore(store(), { now: clock.now });
    let woken = 0;
    const off = jobs.onEnqueue(() => woken++);
    try {
      let wokenInside = -1;
      const { job } = await store().write(async (w) => {
        const enqueued = await jobs.enqueueIn(w, 'test.kind', { n: 1 });
        wokenInside = woken;
        return enqueued;
      });
      assert.equal(wokenInside, 0, 'no wake-up while the job is not committed (a worker would not see it)');
      assert.equal(woken, 1);
      assert.equal((await jobs.get(job.id))?.status, 'queued');
    } finally {
      off();
    }
  });

  test('a rolled-back unit of work neither wakes the workers nor leaves the job', async () => {
    const jobs = new JobStore(store(), { now: clock.now });
    let woken = 0;
    const off = jobs.onEnqueue(() => woken++);
    try {
      let id = '';
      await assert.rejects(
        store().write(async (w) => {
          id = (await jobs.enqueueIn(w, 'test.kind', { n: 2 })).job.id;
          throw new Error('rolled back');
        }),
        /rolled back/,
      );
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(woken, 0);
      assert.ok(id);
      assert.equal(await jobs.get(id), undefined);
    } finally {
      off();
    }
  });

  test('a job deduplicated onto an existing one wakes nobody', async () => {
    const jobs = new JobStore(store(), { now: clock.now });
    await jobs.enqueue('test.kind', { n: 3 }, { dedupeKey: 'test.kind:same' });
    let woken = 0;
    const off = jobs.onEnqueue(() => woken++);
    try {
      const again = await store().write((w) => jobs.enqueueIn(w, 'test.kind', { n: 3 }, { dedupeKey: 'test.kind:same' }));
      assert.equal(again.created, false);
      assert.equal(woken, 0);
    } finally {
      off();
    }
  });
});
