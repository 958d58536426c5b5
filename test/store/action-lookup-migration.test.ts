// Migration 022 on a store whose statements were written before it: each statement gets its
// action's event seq from the log (through migration 020's index on the hash), the index is
// dropped, and an action id still finds its action, an appeal included.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachStore } from '../support/stores.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { seedLock, seedSuspension } from '../http/appeal-seed.js';
import { actionLookup } from '../../src/store/migrations/022-action-lookup.js';
import { actionById } from '../../src/store/actions.js';
import { appealableAction } from '../../src/services/appeals/appealable-action.js';

describeEachStore('migration 022 (an action found through its statement)', (store, target) => {
  let t: TestApp;
  after(async () => t?.app.close());

  test('statements written before it get their event seq; the hash index is gone; ids still resolve', async () => {
    t = await buildTestApp(store());
    const suspension = await seedSuspension(t);
    const lock = await seedLock(t);
    const db = store().db;
    // The store as 020 left it: no event_seq column, the log's hash indexed.
    await db.schema.alterTable('statements').dropColumn('event_seq').execute();
    await sql`create index events_hash on events (hash)`.execute(db);

    await actionLookup(target.name).up(db as never);

    const rows = await db.selectFrom('statements').select(['puid', 'event_seq']).execute();
    assert.ok(rows.length >= 2);
    for (const r of rows) assert.equal(typeof r.event_seq, 'number', `${r.puid} has its event seq`);
    for (const { actionId, author } of [suspension, lock]) {
      const found = await actionById(db, actionId);
      assert.equal(found?.subject.id, author);
      assert.equal(`act_${found?.hash}`, actionId);
    }
    assert.equal((await appealableAction(db, suspension.actionId)).kind, 'suspend_account');
    const indexes =
      target.name === 'sqlite'
        ? await sql<{ name: string }>`select name from sqlite_master where type = 'index' and name = 'events_hash'`.execute(db)
        : await sql<{ name: string }>`select indexname as name from pg_indexes where indexname = 'events_hash' and schemaname = current_schema()`.execute(db);
    assert.deepEqual(indexes.rows, []);
  });

  test('an id that names no restriction is not found, even when its hash is an event of the log', async () => {
    const account = await seedSuspension(t);
    const events = await store()
      .db.selectFrom('events')
      .select(['hash', 'type'])
      .where('subject_id', '=', account.author)
      .where('type', '!=', 'action.taken')
      .execute();
    assert.ok(events.length > 0);
    for (const e of events) assert.equal(await actionById(store().db, `act_${e.hash}`), undefined);
    assert.equal(await actionById(store().db, `act_${'0'.repeat(64)}`), undefined);
  });
});
