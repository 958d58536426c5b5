import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachStore } from '../support/stores.js';
import { Store } from '../../src/store/store.js';
import { IngestBatches, type IngestRequest } from '../../src/services/ingest/ingest-batch.js';
import { verifyLog } from '../../src/services/log/verify-log.js';
import { eventsOf } from '../../src/store/log-store.js';
import { post, AT, PLATFORM } from '../support/ingest-items.js';

const ingestBatch = (s: Store, requests: IngestRequest[]) => new IngestBatches(s).write(requests);
import type { StoreTarget } from '../support/stores.js';

async function withFreshStore(target: StoreTarget, body: (s: Store) => Promise<void>): Promise<void> {
  const config = await target.freshConfig();
  const store = await Store.open(config);
  try {
    await body(store);
  } finally {
    await store.close();
    await config.cleanup();
  }
}

async function seed(store: Store, n: number): Promise<void> {
  const reqs = Array.from({ length: n }, (_, i) => ({ item: post(`p${i}`, `a${i % 7}`), actor: PLATFORM, at: AT }));
  const out = await ingestBatch(store, reqs);
  assert.ok(out.every((o) => o.kind === 'created'));
}

describeEachStore('moderation log', (store, target) => {
  test('ingest is idempotent on the content id and refuses changed data', async () => {
    const first = await ingestBatch(store(), [{ item: post('c1', 'u1'), actor: PLATFORM, at: AT }]);
    assert.equal(first[0]!.kind, 'created');
    const again = await ingestBatch(store(), [{ item: post('c1', 'u1'), actor: PLATFORM, at: '2026-11-28T13:00:00.000Z' }]);
    assert.equal(again[0]!.kind, 'replayed');
    assert.deepEqual(again[0]!.kind === 'replayed' && again[0]!.state, first[0]!.kind === 'created' && first[0]!.state);
    const changed = await ingestBatch(store(), [{ item: post('c1', 'u1', 'other words'), actor: PLATFORM, at: AT }]);
    assert.equal(changed[0]!.kind, 'conflict');
    const rows = await store().db.selectFrom('content').select('id').where('id', '=', 'c1').execute();
    assert.equal(rows.length, 1);
    const events = await eventsOf(store().db, { kind: 'content', id: 'c1' });
    assert.deepEqual(
      events.map((e) => e.type),
      ['content.ingested'],
    );
  });

  test('the same id twice in one batch is stored once', async () => {
    const out = await ingestBatch(store(), [
      { item: post('dup', 'u2'), actor: PLATFORM, at: AT },
      { item: post('dup', 'u2'), actor: PLATFORM, at: AT },
      { item: post('dup', 'u2', 'changed'), actor: PLATFORM, at: AT },
    ]);
    assert.deepEqual(
      out.map((o) => o.kind),
      ['created', 'replayed', 'conflict'],
    );
    const events = await eventsOf(store().db, { kind: 'content', id: 'dup' });
    assert.equal(events.length, 1);
  });

  test('an author is registered once and their state is the fold of their events', async () => {
    await ingestBatch(store(), [
      { item: post('a-1', 'writer'), actor: PLATFORM, at: AT },
      { item: post('a-2', 'writer'), actor: PLATFORM, at: AT },
    ]);
    const events = await eventsOf(store().db, { kind: 'account', id: 'writer' });
    assert.deepEqual(
      events.map((e) => e.type),
      ['account.registered'],
    );
    const row = await store().db.selectFrom('accounts').selectAll().where('id', '=', 'writer').executeTakeFirstOrThrow();
    assert.equal(row.status, 'active');
    assert.equal(row.handle, '@writer');
  });

  test('verify passes on an untouched log', async () => {
    await seed(store(), 40);
    const report = await verifyLog(store());
    assert.equal(report.firstBadEvent, null, JSON.stringify(report));
    assert.deepEqual(report.problems, []);
    assert.ok(report.ok);
    assert.ok(report.events >= 40);
  });

  test('verify names the event whose row was altered', async () => {
    await withFreshStore(target, async (s) => {
      await seed(s, 30);
      const victim = await s.db
        .selectFrom('events')
        .select(['seq'])
        .where('type', '=', 'content.ingested')
        .orderBy('seq')
        .offset(10)
        .limit(1)
        .executeTakeFirstOrThrow();
      await s.db.updateTable('events').set({ payload_json: '{"text":"rewritten"}' }).where('seq', '=', victim.seq).execute();
      const report = await verifyLog(s);
      assert.equal(report.ok, false);
      assert.equal(report.firstBadEvent?.seq, victim.seq);
      assert.match(report.firstBadEvent!.problem, /altered/);
    });
  });

  test('verify names the event after a deleted one', async () => {
    await withFreshStore(target, async (s) => {
      await seed(s, 30);
      const victim = await s.db.selectFrom('events').selectAll().orderBy('seq').offset(12).limit(1).executeTakeFirstOrThrow();
      const next = await s.db
        .selectFrom('events')
        .select('seq')
        .where('partition', '=', victim.partition)
        .where('partition_seq', '=', Number(victim.partition_seq) + 1)
        .executeTakeFirstOrThrow();
      await s.db.deleteFrom('events').where('seq', '=', victim.seq).execute();
      const report = await verifyLog(s);
      assert.equal(report.ok, false);
      assert.equal(report.firstBadEvent?.seq, next.seq);
    });
  });

  test('verify names the first of two swapped events', async () => {
    await withFreshStore(target, async (s) => {
      await seed(s, 30);
      // Two events of one partition exchange their contents (all but their place in the table).
      const rows = await s.db
        .selectFrom('events')
        .selectAll()
        .where('partition', '=', sql<number>`(select partition from events order by seq limit 1)`)
        .orderBy('seq')
        .limit(2)
        .execute();
      assert.equal(rows.length, 2);
      const [a, b] = rows as [(typeof rows)[0], (typeof rows)[0]];
      const fields = (r: typeof a) => ({
        partition_seq: r.partition_seq,
        type: r.type,
        subject_kind: r.subject_kind,
        subject_id: r.subject_id,
        actor_kind: r.actor_kind,
        actor_id: r.actor_id,
        at: r.at,
        reason: r.reason,
        payload_json: r.payload_json,
        prev_hash: r.prev_hash,
        hash: r.hash,
      });
      await s.db
        .updateTable('events')
        .set({ ...fields(b), partition_seq: -1 })
        .where('seq', '=', a.seq)
        .execute();
      await s.db.updateTable('events').set(fields(a)).where('seq', '=', b.seq).execute();
      await s.db.updateTable('events').set({ partition_seq: b.partition_seq }).where('seq', '=', a.seq).execute();
      const report = await verifyLog(s);
      assert.equal(report.ok, false);
      assert.equal(report.firstBadEvent?.seq, a.seq);
    });
  });

  test('verify sees a removed tail and a cached state that differs from the log', async () => {
    await withFreshStore(target, async (s) => {
      await seed(s, 10);
      const last = await s.db.selectFrom('events').select(['seq', 'partition']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
      await s.db.deleteFrom('events').where('seq', '=', last.seq).execute();
      await s.db.updateTable('content').set({ state_json: '{"status":"active"}' }).where('id', '=', 'p0').execute();
      const report = await verifyLog(s);
      assert.equal(report.ok, false);
      assert.ok(
        report.problems.some((p) => p.startsWith(`partition ${last.partition}:`)),
        report.problems.join('\n'),
      );
      assert.ok(
        report.problems.some((p) => p.includes('content p0: cached state differs')),
        report.problems.join('\n'),
      );
    });
  });
});
