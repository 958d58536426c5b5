// Kills the server with SIGKILL in the middle of a burst of ingests: after a restart every
// acknowledged item is in the log exactly once and `vigie verify` passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Store } from '../../src/store/store.js';
import { createApiKey } from '../../src/services/api-keys/create-api-key.js';
import { storeTargets, postgresUrl } from '../support/stores.js';
import { cliArgs, kill, startServerProcess } from '../support/server-process.js';
import { createTempDatabase } from '../support/temp-database.js';

const TOTAL = 3000;
const CONCURRENCY = 48;
const KILL_AFTER = 600;

function post(i: number) {
  return {
    id: `burst-${i}`,
    kind: 'post',
    author: { id: `author-${i % 50}`, handle: `author${i % 50}` },
    text: `post number ${i}`,
    links: i % 3 === 0 ? [`https://example.org/${i}`] : [],
    createdAt: '2026-11-28T10:00:00Z',
  };
}

async function send(url: string, key: string, i: number): Promise<number> {
  const res = await fetch(`${url}/v1/content`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(post(i)),
  });
  await res.arrayBuffer();
  return res.status;
}

for (const { target, skip } of storeTargets) {
  test(`SIGKILL during a burst loses no acknowledged item [${target.name}]`, { skip, timeout: 180_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigie-crash-'));
    const env: Record<string, string> = {};
    let dropDb: (() => Promise<void>) | undefined;
    if (target.name === 'postgres') {
      const db = await createTempDatabase(postgresUrl, `vigie_crash_${process.pid}_${Date.now()}`);
      env.DATABASE_URL = db.url;
      dropDb = db.drop;
    }
    try {
      const setup = await Store.open({ dataDir, databaseUrl: env.DATABASE_URL });
      const { key } = await createApiKey(setup, { name: 'crash test', actor: { kind: 'system', id: null }, at: new Date().toISOString() }, null);
      await setup.close();

      const server = await startServerProcess(dataDir, env);
      const acknowledged = new Set<number>();
      let next = 0;
      let killed = false;
      const worker = async () => {
        while (next < TOTAL) {
          const i = next++;
          try {
            const status = await send(server.url, key, i);
            if (status === 201 || status === 200) acknowledged.add(i);
          } catch {
            // the connection died with the server: not acknowledged
          }
          if (!killed && acknowledged.size >= KILL_AFTER) {
            killed = true;
            await kill(server, 'SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      assert.ok(killed, 'the server was killed during the burst');
      assert.ok(acknowledged.size >= KILL_AFTER && acknowledged.size < TOTAL, `acknowledged ${acknowledged.size}`);

      const verify = spawnSync(process.execPath, cliArgs('verify', '--data', dataDir), { env: { ...process.env, ...env }, encoding: 'utf8' });
      assert.equal(verify.status, 0, verify.stdout + verify.stderr);

      const restarted = await startServerProcess(dataDir, env);
      try {
        const store = await Store.open({ dataDir, databaseUrl: env.DATABASE_URL }, { migrate: false });
        try {
          const rows = await store.db.selectFrom('events').select(['subject_id']).where('type', '=', 'content.ingested').execute();
          const counts = new Map<string, number>();
          for (const r of rows) counts.set(r.subject_id, (counts.get(r.subject_id) ?? 0) + 1);
          for (const i of acknowledged) assert.equal(counts.get(`burst-${i}`), 1, `burst-${i} acknowledged but found ${counts.get(`burst-${i}`) ?? 0} times`);
          for (const [id, n] of counts) assert.equal(n, 1, `${id} stored ${n} times`);
        } finally {
          await store.close();
        }
        // The platform retries everything it did not see answered: nothing is stored twice.
        const statuses = await Promise.all(Array.from({ length: 200 }, (_, i) => send(restarted.url, key, i)));
        assert.ok(
          statuses.every((s) => s === 200 || s === 201),
          statuses.join(','),
        );
      } finally {
        await kill(restarted, 'SIGTERM');
      }
      const after = spawnSync(process.execPath, cliArgs('verify', '--data', dataDir), { env: { ...process.env, ...env }, encoding: 'utf8' });
      assert.equal(after.status, 0, after.stdout + after.stderr);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await dropDb?.();
    }
  });
}
