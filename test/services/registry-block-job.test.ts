// A suspension never silently skips the block: with the block registry closed (a server
// secret that differs from the registry's), the suspension commits with a 'registry.block'
// job; a worker retries it until the registry opens, then blocks the identifiers, and a
// signup with them is denied. With the registry open, the block is immediate and no job is
// made. On both stores.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore, type StoreTarget } from '../support/stores.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { Store } from '../../src/store/store.js';
import { Worker } from '../../src/work/worker.js';
import { workerHandlers } from '../../src/main/server.js';
import { REGISTRY_BLOCK_JOB_KIND, REGISTRY_BLOCK_MAX_ATTEMPTS } from '../../src/services/block-registry/block-later.js';
import type { NewEvent } from '../../src/moderation/events.js';

const identifiers = {
  email: 'Dana.Placeholder@gmail.com',
  deviceIds: ['dev-4411'],
  ips: ['192.0.2.77'],
};
const SYSTEM = { kind: 'system' as const, id: null };
const HOUR = 60 * 60_000;

function suspension(accountId: string, at: string): NewEvent[] {
  return [
    {
      type: 'action.taken',
      subject: { kind: 'account', id: accountId },
      actor: SYSTEM,
      at,
      reason: 'test',
      payload: { action: 'suspend_account', permanent: true },
    },
    { type: 'action.taken', subject: { kind: 'account', id: accountId }, actor: SYSTEM, at, reason: 'test', payload: { action: 'block_identifiers' } },
  ];
}

async function registerAccount(t: TestApp, accountId: string): Promise<void> {
  const put = await t.app.inject({ method: 'PUT', url: `/v1/accounts/${accountId}`, headers: t.auth(), payload: { identifiers } });
  assert.equal(put.statusCode, 201, put.body);
}

async function suspend(t: TestApp, accountId: string): Promise<string> {
  const at = t.clock.now.toISOString();
  await t.ctx.store.write((w) => t.ctx.enforcement.takeActions(w, suspension(accountId, at), [accountId], at));
  return at;
}

const jobsOf = (store: Store) => store.db.selectFrom('jobs').selectAll().where('kind', '=', REGISTRY_BLOCK_JOB_KIND).execute();
const registryRows = (store: Store, accountId: string) => store.db.selectFrom('block_registry').selectAll().where('account_id', '=', accountId).execute();
const check = (t: TestApp, ids: object) => t.app.inject({ method: 'POST', url: '/v1/signups/check', headers: t.auth(), payload: { identifiers: ids } });

/** Runs every due job once with the app's clock, and waits for the handlers. */
async function runDueJobs(t: TestApp): Promise<void> {
  const worker = new Worker(t.ctx.jobs, workerHandlers(t.ctx), { now: () => t.clock.now });
  await worker.runOnce();
  await worker.idle();
  await worker.stop();
}

describeEachStore('registry.block job', (store, target: StoreTarget) => {
  let broken: { store: Store; cleanup(): Promise<void> };
  let t: TestApp;

  before(async () => {
    const config = await target.freshConfig();
    const other = await Store.open(config);
    // As if the registry had been written with another server secret: it refuses to open.
    await other.db.updateTable('block_registry_state').set({ secret_fingerprint: 'written with another secret' }).execute();
    broken = { store: other, cleanup: config.cleanup };
    t = await buildTestApp(other);
    assert.equal(t.ctx.blockRegistry.current, undefined, 'the registry did not open');
  });
  after(async () => {
    await t?.app.close();
    await broken?.store.close();
    await broken?.cleanup();
  });

  test('with the registry closed, the suspension commits with its job and no entries', async () => {
    await registerAccount(t, 'acct-later');
    const at = await suspend(t, 'acct-later');
    const jobs = await jobsOf(broken.store);
    assert.equal(jobs.length, 1);
    const job = jobs[0]!;
    assert.deepEqual(JSON.parse(job.payload_json), { accountId: 'acct-later', at });
    assert.match(job.dedupe_key ?? '', /^registry\.block:acct-later:\d+$/);
    assert.equal(job.max_attempts, REGISTRY_BLOCK_MAX_ATTEMPTS);
    assert.equal(job.status, 'queued');
    assert.deepEqual(await registryRows(broken.store, 'acct-later'), []);
  });

  test('while the registry still cannot open, the job is retried, not dropped', async () => {
    await runDueJobs(t);
    const [job] = await jobsOf(broken.store);
    assert.equal(job?.status, 'queued');
    assert.equal(job?.attempts, 1);
    assert.match(job?.last_error ?? '', /server secret differs/);
    assert.deepEqual(await registryRows(broken.store, 'acct-later'), []);
  });

  test('once the registry can open, the job blocks the identifiers and a signup with them is refused', async () => {
    // The operator restored the secret the registry was written with.
    await broken.store.db.updateTable('block_registry_state').set({ secret_fingerprint: null }).execute();
    t.clock.now = new Date(t.clock.now.getTime() + 2 * HOUR);
    await runDueJobs(t);
    const [job] = await jobsOf(broken.store);
    assert.equal(job?.status, 'done', job?.last_error ?? '');
    const rows = await registryRows(broken.store, 'acct-later');
    assert.deepEqual(rows.map((r) => r.kind).sort(), ['device', 'email', 'ip']);
    // Stamped with the suspension's time, so the IP entry expires 30 days after it.
    const at = JSON.parse(job!.payload_json).at as string;
    assert.ok(rows.every((r) => r.created_at === at));
    assert.equal(rows.find((r) => r.kind === 'ip')?.expires_at, new Date(Date.parse(at) + 30 * 24 * HOUR).toISOString());

    const denied = await check(t, { email: 'danaplaceholder@googlemail.com' });
    assert.equal(denied.statusCode, 200, denied.body);
    assert.deepEqual(denied.json(), { decision: 'deny', matches: [{ kind: 'email', strength: 'strong', accountId: 'acct-later' }] });
    assert.equal((await check(t, { ips: ['192.0.2.77'] })).json().decision, 'review');
  });

  test('a restored account is not blocked by a job that ran late', async () => {
    // Closed again, for a new suspension.
    await broken.store.db.updateTable('block_registry_state').set({ secret_fingerprint: 'written with another secret' }).execute();
    const closed = await buildTestApp(broken.store);
    try {
      await registerAccount(closed, 'acct-restored');
      await suspend(closed, 'acct-restored');
      const at = closed.clock.now.toISOString();
      await broken.store.write((w) =>
        w.append([
          {
            type: 'action.taken',
            subject: { kind: 'account', id: 'acct-restored' },
            actor: SYSTEM,
            at,
            reason: 'appeal upheld',
            payload: { action: 'restore_account' },
          },
        ]),
      );
      // t's registry is open: its worker runs the job.
      await broken.store.db.updateTable('block_registry_state').set({ secret_fingerprint: null }).execute();
      t.clock.now = new Date(t.clock.now.getTime() + HOUR);
      await runDueJobs(t);
      const job = (await jobsOf(broken.store)).find((j) => JSON.parse(j.payload_json).accountId === 'acct-restored');
      assert.equal(job?.status, 'done', job?.last_error ?? '');
      assert.deepEqual(await registryRows(broken.store, 'acct-restored'), []);
    } finally {
      await closed.app.close();
    }
  });

  test('with the registry open, the block is immediate and no job is made', async () => {
    const open = await buildTestApp(store());
    try {
      assert.ok(open.ctx.blockRegistry.current, 'the registry is open');
      await registerAccount(open, 'acct-now');
      await suspend(open, 'acct-now');
      assert.deepEqual(await jobsOf(store()), []);
      assert.equal((await registryRows(store(), 'acct-now')).length, 3);
      assert.equal((await check(open, { deviceIds: ['dev-4411'] })).json().decision, 'deny');
    } finally {
      await open.app.close();
    }
  });
});
