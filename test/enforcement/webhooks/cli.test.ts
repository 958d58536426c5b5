// `vigie webhooks replay` as an operator runs it: a real process on a SQLite data folder whose
// dead letters were made by the real worker; the replays are then delivered.
import { test, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../../src/store/store.js';
import { createEndpoint } from '../../../src/services/webhooks/endpoints.js';
import { getDelivery, listDeliveries } from '../../../src/store/webhook-deliveries.js';
import { LOOPBACK_ALLOWED, actionEvent, webhookHarness } from './harness.js';
import { startReceiver } from './receiver.js';

const dataDir = mkdtempSync(join(tmpdir(), 'vigie-cli-webhooks-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

function vigie(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, VIGIE_DATA: dataDir };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('vigie webhooks replay', () => {
  test('replays every dead letter, logged as the CLI; refuses one in flight and bad usage', async () => {
    let store = await Store.open({ dataDir });
    const h = webhookHarness(store);
    // The receiver reads the clock of whichever worker is sending.
    let clock = h.clock;
    const receiver = await startReceiver(() => clock.now());
    try {
      const { secret } = await createEndpoint(store, { url: receiver.url, actor: { kind: 'system', id: null }, at: h.clock.iso() }, LOOPBACK_ALLOWED, null);
      receiver.secret = secret;
      let refuse = true;
      receiver.script = () => (refuse ? { kind: 'status', status: 403 } : { kind: 'ok' });
      const { deliveries } = await h.logActions([
        actionEvent(h.clock, 'remove_content', { kind: 'content', id: 'post-cli-1' }),
        actionEvent(h.clock, 'suspend_account', { kind: 'account', id: 'acct-cli-1' }),
      ]);
      await h.runToQuiet();
      assert.equal((await listDeliveries(store.db, { status: 'dead' })).deliveries.length, 2);
      await store.close();

      assert.equal((await vigie(['webhooks', 'replay', '--id', 'x', '--all-dead', '--data', dataDir])).code, 2);

      const all = await vigie(['webhooks', 'replay', '--all-dead', '--reason', 'platform back', '--data', dataDir]);
      assert.equal(all.code, 0, all.stderr);
      assert.deepEqual(new Set(all.stdout.trim().split('\n')), new Set(deliveries.map((d) => d.deliveryId)));
      assert.match(all.stderr, /replayed 2 dead deliveries/);
      const again = await vigie(['webhooks', 'replay', '--id', deliveries[0]!.deliveryId, '--data', dataDir]);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /still being attempted/);

      store = await Store.open({ dataDir });
      const replays = await store.db.selectFrom('events').selectAll().where('type', '=', 'webhook.replayed').execute();
      assert.deepEqual(
        replays.map((e) => [e.actor_kind, e.actor_id, e.reason]),
        [
          ['system', 'cli', 'platform back'],
          ['system', 'cli', 'platform back'],
        ],
      );

      refuse = false;
      // The server's worker, on a clock past the real time at which the CLI queued the replays.
      const worker = webhookHarness(store);
      clock = worker.clock;
      worker.clock.advance(Math.max(0, Date.now() - worker.clock.now().getTime()) + 60_000);
      await worker.runToQuiet();
      assert.deepEqual(new Set(receiver.effects), new Set(deliveries.map((d) => d.idempotencyKey)));
      for (const d of deliveries) assert.equal((await getDelivery(store.db, d.deliveryId))?.status, 'delivered');
    } finally {
      await receiver.close();
      await store.close();
    }
  });
});
