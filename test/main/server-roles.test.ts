// startServer by role, on both stores: a worker-only process does not listen, builds neither
// the bank index nor the api's services, leaves no index snapshot, and still delivers a
// queued webhook and runs a registry.block job; an api-only process serves /health and runs
// no worker, so a queued delivery stays queued (another process's worker would take it); an
// indexer holds the bank index and saves it on stop.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../../src/config/config.js';
import { startServer, type Running } from '../../src/main/server.js';
import type { Role } from '../../src/config/roles.js';
import { createEndpoint } from '../../src/services/webhooks/endpoints.js';
import { enqueueActionDeliveries, type CreatedDelivery } from '../../src/services/webhooks/outbox.js';
import { getDelivery } from '../../src/store/webhook-deliveries.js';
import { postgresUrl, storeTargets } from '../support/stores.js';
import { createTempDatabase } from '../support/temp-database.js';
import { dropStreams, natsSkip, natsUrl } from '../support/nats.js';
import { startReceiver, type Receiver } from '../enforcement/webhooks/receiver.js';
import { until } from '../work/support.js';
import { REGISTRY_BLOCK_JOB_KIND } from '../../src/services/block-registry/block-later.js';

const SYSTEM = { kind: 'system' as const, id: null };

/** An action logged with its deliveries, through the running process's own job queue. */
async function queueDelivery(running: Running, url: string): Promise<{ delivery: CreatedDelivery; secret: string }> {
  const { store, jobs } = running.ctx;
  const at = new Date().toISOString();
  const { endpoint, secret } = await createEndpoint(store, { url, actor: SYSTEM, at }, { allowPrivate: true }, null);
  const created = await store.write(async (w) => {
    const { logged } = await w.append([
      {
        type: 'action.taken',
        subject: { kind: 'content', id: `server-roles-${randomBytes(4).toString('hex')}` },
        actor: SYSTEM,
        at,
        reason: null,
        payload: { action: 'remove_content' },
      },
    ]);
    return enqueueActionDeliveries(w, jobs, logged);
  });
  return { delivery: created.find((d) => d.endpointId === endpoint.id)!, secret };
}

// Each store with the database queue, and again with the jobs carried by NATS JetStream
// (the same roles, the same outcomes; the database is then the outbox).
const natsSkipped = await natsSkip();
const variants = storeTargets.flatMap(({ target, skip }) => [
  { target, skip, nats: undefined as string | undefined },
  { target, skip: skip || natsSkipped, nats: `vr${target.name.slice(0, 2)}${randomBytes(4).toString('hex')}` as string | undefined },
]);

for (const { target, skip, nats } of variants) {
  describe(`startServer by role [${target.name}${nats ? ', jetstream' : ''}]`, { skip }, () => {
    let dataDir = '';
    let database: { url: string; drop(): Promise<void> } | undefined;
    let receiver: Receiver;

    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'vigie-roles-'));
      if (target.name === 'postgres') database = await createTempDatabase(postgresUrl, `vigie_roles_${randomBytes(4).toString('hex')}`);
      receiver = await startReceiver(() => new Date());
    });
    after(async () => {
      await receiver?.close();
      await database?.drop();
      if (nats) await dropStreams([nats]);
      rmSync(dataDir, { recursive: true, force: true });
    });

    // Both processes share one database, as they would in production.
    const configFor = (): Config =>
      loadConfig(
        {
          http: { host: '127.0.0.1', port: 0 },
          store: { dataDir },
          secrets: { databaseUrl: database?.url, serverSecret: undefined, natsUrl: nats ? natsUrl : undefined },
          webhooks: { allowPrivate: true },
          ...(nats ? { nats: { prefix: nats } } : {}),
        },
        {},
      );
    const start = (roles: Role[]) => startServer(configFor(), { logger: false, roles });

    // The bank index's snapshot lives under the data folder's index/; nothing else writes there.
    const indexDir = () => join(dataDir, 'index');

    test('worker only: no app, no address, no bank index, and a queued webhook delivery is sent', async () => {
      const running = await start(['worker']);
      try {
        assert.equal(running.app, undefined);
        assert.equal(running.url, undefined);
        assert.deepEqual(running.roles, ['worker']);
        assert.equal(running.ctx.knownMaterial, undefined, 'the bank index is not built');
        assert.equal(running.ctx.api, undefined, "the api's services are not built");
        assert.equal(running.ctx.blockRegistry.current, undefined, 'the block registry opens on first use only');
        const { delivery, secret } = await queueDelivery(running, receiver.url);
        receiver.secret = secret;
        await until(() => receiver.requests.some((r) => r.message?.id === delivery.deliveryId), 'the delivery to arrive', 10_000);
        const sent = receiver.requests.find((r) => r.message?.id === delivery.deliveryId)!;
        assert.equal(sent.verified, true, 'signed with the endpoint secret');
        for (let i = 0; i < 200; i++) {
          if ((await getDelivery(running.ctx.store.db, delivery.deliveryId))?.status === 'delivered') break;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        assert.equal((await getDelivery(running.ctx.store.db, delivery.deliveryId))?.status, 'delivered');
      } finally {
        await running.stop();
      }
      assert.equal(existsSync(indexDir()), false, 'no index snapshot was saved on stop');
    });

    test('worker only: a registry.block job opens the registry and blocks the identifiers', async () => {
      const running = await start(['worker']);
      try {
        const { store, jobs } = running.ctx;
        const at = new Date().toISOString();
        const accountId = `acct-roles-${randomBytes(4).toString('hex')}`;
        await store.write((w) =>
          w.append([
            {
              type: 'account.registered',
              subject: { kind: 'account', id: accountId },
              actor: SYSTEM,
              at,
              reason: null,
              payload: { identifiers: { deviceIds: ['dev-roles-1'] } },
            },
            { type: 'action.taken', subject: { kind: 'account', id: accountId }, actor: SYSTEM, at, reason: null, payload: { action: 'suspend_account' } },
          ]),
        );
        await jobs.enqueue(REGISTRY_BLOCK_JOB_KIND, { accountId, at });
        const rows = () => store.db.selectFrom('block_registry').select('kind').where('account_id', '=', accountId).execute();
        for (let i = 0; i < 500 && (await rows()).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
        assert.deepEqual(
          (await rows()).map((r) => r.kind),
          ['device'],
        );
      } finally {
        await running.stop();
      }
      assert.equal(existsSync(indexDir()), false);
    });

    test('api only: serves /health and runs no worker, so a queued delivery stays queued', async () => {
      const running = await start(['api']);
      try {
        assert.ok(running.app);
        assert.ok(running.url, 'it listens');
        const health = await fetch(`${running.url}/health`);
        assert.equal(health.status, 200);
        const before = receiver.requests.length;
        const { delivery } = await queueDelivery(running, receiver.url);
        await new Promise((resolve) => setTimeout(resolve, 500));
        assert.equal(receiver.requests.length, before, 'nothing was sent');
        const stored = await getDelivery(running.ctx.store.db, delivery.deliveryId);
        assert.equal(stored?.status, 'pending');
        assert.equal(stored?.attempts, 0);
        assert.ok(running.ctx.knownMaterial, 'the api holds the bank index');
      } finally {
        await running.stop();
      }
      assert.equal(existsSync(indexDir()), true, 'the refreshed index was saved as the snapshot');
    });

    test('indexer only: holds the bank index, builds no api services, and saves the snapshot on stop', async () => {
      rmSync(indexDir(), { recursive: true, force: true });
      const running = await start(['indexer']);
      try {
        assert.equal(running.app, undefined);
        assert.ok(running.ctx.knownMaterial);
        assert.equal(running.ctx.api, undefined);
      } finally {
        await running.stop();
      }
      assert.equal(existsSync(indexDir()), true);
    });
  });
}
