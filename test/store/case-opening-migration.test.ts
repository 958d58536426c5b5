// Migration 014 on a store that already holds cases: their cached state, folded before cases
// said whether they are urgent and which content made them, is folded again, so the log
// still verifies; the new table and column are there.
import { caseOpening } from '../../src/store/migrations/014-case-opening.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../support/stores.js';
import { Store } from '../../src/store/store.js';
import { verifyLog } from '../../src/services/log/verify-log.js';
import { AT } from '../support/ingest-items.js';

const SYSTEM = { kind: 'system' as const, id: null };

describeEachStore('migration 014 (case opening)', (_store, target) => {
  test('cases opened before it are folded again; sender_risk and content.review_json exist', async () => {
    const config = await target.freshConfig();
    try {
      const s = await Store.open(config);
      await s.write(async (w) => {
        await w.append([
          {
            type: 'case.opened',
            subject: { kind: 'case', id: 'case-old' },
            actor: SYSTEM,
            at: AT,
            reason: null,
            payload: {
              subjectKind: 'content',
              subjectId: 'c1',
              priority: 100,
              urgent: true,
              needs: 'reviewer',
              rule: 'review.text',
              clauses: [],
              reportIds: [],
            },
          },
        ]);
      });
      // As the cache was before 014: no urgent flag, no content ids; and 014 not applied.
      const row = await s.db.selectFrom('cases').select('state_json').where('id', '=', 'case-old').executeTakeFirstOrThrow();
      const old = JSON.parse(row.state_json) as Record<string, unknown>;
      delete old.urgent;
      delete old.contentIds;
      await s.db
        .updateTable('cases')
        .set({ state_json: JSON.stringify(old) })
        .where('id', '=', 'case-old')
        .execute();
      await s.db.schema.dropTable('sender_risk').execute();
      await s.db.schema.alterTable('content').dropColumn('review_json').execute();
      assert.equal((await verifyLog(s)).ok, false, 'the old cache differs from the new fold');
      // 014's own step, run again on the store as it was before it (later migrations stay applied).
      await caseOpening().up(s.db as never);
      const after = await s.db.selectFrom('cases').select('state_json').where('id', '=', 'case-old').executeTakeFirstOrThrow();
      assert.deepEqual(
        {
          urgent: (JSON.parse(after.state_json) as { urgent: boolean }).urgent,
          contentIds: (JSON.parse(after.state_json) as { contentIds: string[] }).contentIds,
        },
        { urgent: true, contentIds: [] },
      );
      assert.ok((await verifyLog(s)).ok);
      assert.deepEqual(await s.db.selectFrom('sender_risk').selectAll().execute(), []);
      await s.close();
    } finally {
      await config.cleanup();
    }
  });
});
