// Two units of work that each append twice, in opposite partition orders, at the same time:
// each holds the heads of its first append and waits for the other's. PostgreSQL ends one
// of them (deadlock_detected); Store.write runs it again from the start, so both commit, each
// once, with their effects run once, and the log verifies. SQLite has one writer and never
// gets there; the test runs on both all the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describeEachStore } from '../support/stores.js';
import { partitionOf } from '../../src/moderation/chain.js';
import { verifyLog } from '../../src/services/log/verify-log.js';
import type { NewEvent } from '../../src/moderation/events.js';

const SYSTEM = { kind: 'system' as const, id: null };

function accountIn(partition: number, partitions: number): string {
  for (;;) {
    const id = `retry-${randomUUID()}`;
    if (partitionOf({ kind: 'account', id }, partitions) === partition) return id;
  }
}

const registered = (id: string): NewEvent => ({
  type: 'account.registered',
  subject: { kind: 'account', id },
  actor: SYSTEM,
  at: '2026-12-03T12:00:00.000Z',
  reason: null,
  payload: { handle: null },
});

describeEachStore('a unit of work ended by a deadlock runs again', (store) => {
  test('two writers appending in opposite partition orders both commit, once each', async () => {
    const s = store();
    const [a1, a2, b1, b2] = [accountIn(1, s.partitions), accountIn(2, s.partitions), accountIn(2, s.partitions), accountIn(1, s.partitions)];
    let arrived = 0;
    let release!: () => void;
    const bothHoldFirst = new Promise<void>((r) => (release = r));
    const runs = { a: 0, b: 0 };
    const effects = { a: 0, b: 0 };
    const writer = (name: 'a' | 'b', first: string, second: string) =>
      s.write(async (w) => {
        runs[name]++;
        await w.append([registered(first)]);
        if (runs[name] === 1) {
          // Only the first run waits for the other: a run again must not wait for nobody.
          if (++arrived === 2) release();
          await Promise.race([bothHoldFirst, new Promise((r) => setTimeout(r, s.dialect === 'postgres' ? 5_000 : 50))]);
        }
        await w.append([registered(second)]);
        w.onCommit(() => {
          effects[name]++;
        });
      });
    await Promise.all([writer('a', a1, a2), writer('b', b1, b2)]);
    assert.deepEqual(effects, { a: 1, b: 1 }, 'each effect ran once');
    if (s.dialect === 'postgres') assert.equal(runs.a + runs.b, 3, 'one of them ran again');
    for (const id of [a1, a2, b1, b2]) {
      const n = await s.db.selectFrom('events').select('seq').where('subject_id', '=', id).execute();
      assert.equal(n.length, 1, `${id} registered once`);
    }
    const report = await verifyLog(s);
    assert.equal(report.ok, true, JSON.stringify(report.problems));
  });
});
