// Background checkpoints for SQLite (src/store/checkpointer.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { Store } from '../../src/store/store.js';

test('a thread copies the log into the database while writes go on, and stops with the store', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-ckpt-'));
  let store = await Store.open({ dataDir: dir });
  try {
    const errors: string[] = [];
    const checkpointer = (await store.startBackgroundCheckpoints((m) => errors.push(m)))!;
    assert.ok(checkpointer);
    const auto = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(store.db);
    assert.equal(auto.rows[0]!.wal_autocheckpoint, 10000, "the writer's own checkpoint is only a safety net now");
    for (let i = 0; i < 200; i++) {
      await store.write(async (w) => {
        await w.tx
          .insertInto('meta')
          .values({ key: `k-${i}`, value: 'x'.repeat(2000) })
          .execute();
      });
    }
    const deadline = Date.now() + 5000;
    while (checkpointer.stats.runs === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.ok(checkpointer.stats.runs > 0, 'the thread checkpointed');
    assert.ok(checkpointer.stats.checkpointed > 0);
    assert.deepEqual(errors, []);
  } finally {
    await store.close();
  }
  // Everything written is there for the next opener.
  store = await Store.open({ dataDir: dir });
  try {
    const rows = await store.db.selectFrom('meta').select('key').where('key', 'like', 'k-%').execute();
    assert.equal(rows.length, 200);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a checkpoint thread that dies is reported, and closing the store still completes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-ckpt-'));
  const store = await Store.open({ dataDir: dir });
  try {
    const errors: string[] = [];
    const checkpointer = (await store.startBackgroundCheckpoints((m) => errors.push(m)))!;
    // The thread is private; ending it from outside stands for a crash.
    await (checkpointer as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    const deadline = Date.now() + 2000;
    while (errors.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.match(errors[0] ?? '', /checkpoint thread stopped/);
    await store.write(async (w) => {
      await w.tx.insertInto('meta').values({ key: 'after-crash', value: '1' }).execute();
    });
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
