// Durable SQLite commits with the log flushed off the event loop (src/store/wal-sync.ts).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WalSync } from '../../src/store/wal-sync.js';
import { Store } from '../../src/store/store.js';
import { sql } from 'kysely';

function manualFlush() {
  const calls: { resolve(): void; reject(e: Error): void }[] = [];
  const flush = () => new Promise<void>((resolve, reject) => calls.push({ resolve, reject }));
  return { calls, flush };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('WalSync', () => {
  test('a commit is durable only after a flush that started after it', async () => {
    const { calls, flush } = manualFlush();
    const wal = new WalSync('unused', flush);
    const first = wal.committed();
    let firstDone = false;
    const waitFirst = wal.durable(first).then(() => (firstDone = true));
    await tick();
    assert.equal(calls.length, 1);
    // Committed while the first flush runs: that flush may not cover it.
    const second = wal.committed();
    let secondDone = false;
    const waitSecond = wal.durable(second).then(() => (secondDone = true));
    calls[0]!.resolve();
    await waitFirst;
    await tick();
    assert.equal(firstDone, true);
    assert.equal(secondDone, false, 'the second commit waits for a flush of its own');
    assert.equal(calls.length, 2);
    calls[1]!.resolve();
    await waitSecond;
    assert.equal(wal.flushedThrough, 2);
  });

  test('writers waiting together share one flush', async () => {
    let flushes = 0;
    const wal = new WalSync('unused', async () => {
      flushes++;
      await tick();
    });
    const commits = [wal.committed(), wal.committed(), wal.committed()];
    await Promise.all(commits.map((n) => wal.durable(n)));
    assert.equal(flushes, 1);
    // Already durable: no flush.
    await wal.durable(2);
    assert.equal(flushes, 1);
  });

  test('a failed flush fails its waiters and every later wait: nothing is acknowledged any more', async () => {
    let fail = true;
    let flushes = 0;
    const wal = new WalSync('unused', async () => {
      flushes++;
      if (fail) throw new Error('EIO');
    });
    const n = wal.committed();
    await assert.rejects(wal.durable(n), /could not be flushed to disk \(EIO\); restart vigie/);
    // A later fsync could succeed without the pages the failed one dropped.
    fail = false;
    await assert.rejects(wal.durable(wal.committed()), /EIO/);
    assert.equal(flushes, 1);
    assert.ok(wal.failure);
  });
});

describe('SQLite store with synchronous FULL', () => {
  test('a write resolves once its log is flushed, and statements outside transactions stay FULL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-wal-'));
    const store = await Store.open({ dataDir: dir });
    try {
      const wal = store.wal!;
      assert.ok(wal, 'FULL is the default and flushes the log itself');
      const before = wal.flushedThrough;
      await store.write(async (w) => {
        await w.tx.insertInto('meta').values({ key: 'wal-test', value: '1' }).execute();
      });
      assert.ok(wal.flushedThrough > before, 'the commit was flushed before write() resolved');
      const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(store.db);
      assert.equal(sync.rows[0]!.synchronous, 2, 'FULL (2) again once the transaction is over');
      await assert.rejects(
        store.write(async (w) => {
          await w.tx.insertInto('meta').values({ key: 'wal-test-2', value: '1' }).execute();
          throw new Error('changed my mind');
        }),
        /changed my mind/,
      );
      const rows = await store.db.selectFrom('meta').select('key').where('key', 'like', 'wal-test%').execute();
      assert.deepEqual(
        rows.map((r) => r.key),
        ['wal-test'],
      );
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('NORMAL neither flushes nor waits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-wal-'));
    const store = await Store.open({ dataDir: dir, sqliteSynchronous: 'NORMAL' });
    try {
      assert.equal(store.wal, undefined);
      await store.write(async (w) => {
        await w.tx.insertInto('meta').values({ key: 'n', value: '1' }).execute();
      });
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
