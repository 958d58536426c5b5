// Admin banks from the console, on both stores: the list of banks with their provenance and
// size, and a hash list imported in the background by a worker, with its progress readable
// from any process, bad lines reported, a refusal recorded, and an import that runs out of
// its job's time carried on by a follow-up job.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describeEachStore } from '../support/stores.js';
import type { TestApp } from '../support/app.js';
import { staffTestApp } from './staff-harness.js';
import { seedStaff, type SignedIn } from '../support/seed.js';
import { HandlerRegistry } from '../../src/work/handlers.js';
import { startWorkers } from '../../src/work/worker.js';
import { IMPORT_CHUNK, registerBankImportHandlers, runBankImport } from '../../src/services/banks/bank-imports.js';

function sha(i: number): string {
  return createHash('sha256').update(`benign entry ${i}`).digest('hex');
}

describeEachStore('admin banks', (store) => {
  let t: TestApp;
  let admin: SignedIn;
  let lead: SignedIn;
  after(async () => t?.app.close());

  async function ready(): Promise<void> {
    if (t) return;
    t = await staffTestApp(store());
    admin = await seedStaff(t, 'admin');
    lead = await seedStaff(t, 'policy_lead');
  }
  const inject = (s: SignedIn, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: s.session.headers(), ...(payload !== undefined ? { payload: payload as object } : {}) });
  const deps = () => ({ store: store(), jobs: t.ctx.jobs, now: () => t.clock.now });

  /** Runs a worker until the import is no longer queued or running. */
  async function untilSettled(id: string): Promise<Record<string, unknown>> {
    const workers = startWorkers(t.ctx.jobs, registerBankImportHandlers(new HandlerRegistry(), deps()), { pollIntervalMs: 20, leaseMs: 200_000 });
    try {
      for (let i = 0; i < 500; i++) {
        const res = await inject(admin, 'GET', `/v1/admin/banks/imports/${id}`);
        assert.equal(res.statusCode, 200, res.body);
        const imp = res.json().import;
        if (imp.status === 'done' || imp.status === 'failed') return imp;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error('the import did not settle');
    } finally {
      await workers.stop();
    }
  }

  test('a list imported in the background: progress, bad lines, the bank listed with its entries, every step logged', async () => {
    await ready();
    const lines = [sha(1), sha(2), 'not a hash', sha(3), sha(1)].join('\n');
    const started = await inject(admin, 'POST', '/v1/admin/banks/partner-a/imports', {
      text: lines,
      hashType: 'sha256',
      source: 'partner-a',
      listVersion: 'v1',
    });
    assert.equal(started.statusCode, 202, started.body);
    const queued = started.json().import;
    assert.deepEqual([queued.status, queued.done, queued.total, queued.bank], ['queued', 0, null, 'partner-a']);

    const done = await untilSettled(queued.id);
    assert.deepEqual([done.status, done.done, done.total, done.added, done.unchanged], ['done', 3, 3, 3, 0]);
    assert.deepEqual(
      (done.errors as { line: number }[]).map((e) => e.line),
      [3],
    );

    const banks = (await inject(admin, 'GET', '/v1/admin/banks')).json().banks;
    const bank = banks.find((b: { name: string }) => b.name === 'partner-a');
    assert.deepEqual(
      { ...bank, updatedAt: undefined },
      {
        name: 'partner-a',
        kind: 'hash',
        hashTypes: ['sha256'],
        entries: 3,
        provenance: 'partner-a',
        verified: false,
        listVersion: 'v1',
        listDate: null,
        updatedAt: undefined,
      },
    );
    const types = (await store().db.selectFrom('events').select('type').where('type', 'like', 'bank.%').orderBy('seq').execute()).map((r) => r.type);
    assert.deepEqual(types.slice(-3), ['bank.import_requested', 'bank.created', 'bank.imported']);
    const row = await store().db.selectFrom('bank_imports').select('list_text').where('id', '=', queued.id).executeTakeFirstOrThrow();
    assert.equal(row.list_text, null, 'the list is not kept once imported');

    // Again, a second later: one new entry, one already there.
    t.clock.now = new Date(t.clock.now.getTime() + 1000);
    const again = await inject(admin, 'POST', '/v1/admin/banks/partner-a/imports', { text: [sha(1), sha(4)].join('\n') });
    const second = await untilSettled(again.json().import.id);
    assert.deepEqual([second.added, second.unchanged], [1, 1]);
    const recent = (await inject(admin, 'GET', '/v1/admin/banks/imports')).json().imports;
    assert.equal(recent[0].id, again.json().import.id);
  });

  test('refusals: at once when they can be told, recorded on the import when found by the worker', async () => {
    await ready();
    const conflict = await inject(admin, 'POST', '/v1/admin/banks/partner-a/imports', { text: sha(9), hashType: 'md5' });
    assert.equal(conflict.statusCode, 409, conflict.body);
    assert.equal((await inject(admin, 'POST', '/v1/admin/banks/Bad Name/imports', { text: sha(9) })).statusCode, 400);
    assert.equal(
      (await inject(admin, 'POST', '/v1/admin/banks/tid/imports', { text: sha(9), source: 'take-it-down', verified: true, hashType: 'md5' })).statusCode,
      422,
    );
    assert.equal((await inject(admin, 'POST', '/v1/admin/banks/x/imports', { text: sha(9), format: 'xml' })).statusCode, 400);
    assert.equal((await inject(lead, 'POST', '/v1/admin/banks/x/imports', { text: sha(9) })).statusCode, 403);
    // Only bad lines: the import is done with nothing in it and every line named.
    const bad = await inject(admin, 'POST', '/v1/admin/banks/empty-list/imports', { text: 'nope\nstill nope\n', hashType: 'sha256' });
    const settled = await untilSettled(bad.json().import.id);
    assert.deepEqual([settled.status, settled.total, (settled.errors as unknown[]).length], ['done', 0, 2]);
  });

  test('an import that runs past its job’s time is carried on by a follow-up job, from where it stopped', async () => {
    await ready();
    const n = IMPORT_CHUNK + 7;
    const text = Array.from({ length: n }, (_, i) => sha(1000 + i)).join('\n');
    const started = (await inject(admin, 'POST', '/v1/admin/banks/big-list/imports', { text, hashType: 'sha256' })).json().import;
    // One chunk, then out of time (as if the job’s time had run out): a follow-up job is queued.
    let chunks = 0;
    await runBankImport({ ...deps(), onBanksChanged: () => chunks++ }, started.id, undefined, -1);
    const midway = (await inject(admin, 'GET', `/v1/admin/banks/imports/${started.id}`)).json().import;
    assert.deepEqual([midway.status, midway.done, midway.total], ['running', IMPORT_CHUNK, n]);
    assert.equal(chunks, 1, 'the run that added entries says so');
    const done = await untilSettled(started.id);
    assert.deepEqual([done.status, done.done, done.added], ['done', n, n]);
    const imported = await store().db.selectFrom('events').select('payload_json').where('type', '=', 'bank.imported').orderBy('seq', 'desc').limit(2).execute();
    assert.deepEqual(
      imported.map((e) => JSON.parse(e.payload_json).offered).sort((a: number, b: number) => a - b),
      [7, IMPORT_CHUNK],
      'one event per chunk',
    );
  });
});
