// Fault: a worker paused (SIGSTOP) in the middle of a job for longer than its lease. An API
// process and two workers on one PostgreSQL, with the database queue and again with NATS
// JetStream; the platform's receiver takes the first delivery and never answers, and the
// worker sending it is stopped. After the lease (125 s) the other worker sends it again under
// the same idempotency key and it is delivered; then the paused worker is continued: its late
// outcome changes nothing (the database queue reports its lease lost), the platform applied
// the delivery once, and `vigie verify` passes. About 140 s per queue; the two queues run side by side.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { clusterSkip, startCluster, type Cluster } from '../support/cluster.js';
import { dropStreams, natsSkip, natsUrl } from '../support/nats.js';
import { runCli } from '../support/cli.js';
import { startReceiver, type Receiver } from '../enforcement/webhooks/receiver.js';
import { createEndpoint } from '../../src/services/webhooks/endpoints.js';
import { enqueueActionDeliveries } from '../../src/services/webhooks/outbox.js';
import { getDelivery } from '../../src/store/webhook-deliveries.js';
import { JobStore } from '../../src/store/job-store.js';

const SYSTEM = { kind: 'system' as const, id: null };
const LEASE_SECONDS = 125;
const TITLE = 'a worker paused past its lease';
const pgSkip = await clusterSkip();
const natsSkipped = await natsSkip();

// Both queues at once: each mostly waits for its lease to run out.
describe(`${TITLE}`, { concurrency: 2 }, () => {
  for (const queue of ['database', 'jetstream'] as const) {
    const skip = pgSkip || (queue === 'jetstream' ? natsSkipped : false);
    describe(`a worker paused past its lease in the middle of a job [${queue}]`, { skip, timeout: 360_000 }, () => {
      let cluster: Cluster;
      let receiver: Receiver;
      const prefix = `vp${randomBytes(4).toString('hex')}`;

      before(async () => {
        cluster = await startCluster(1, {
          name: `pause_${queue}`,
          roles: 'api,indexer',
          env: { VIGIE_JOB_LEASE_SECONDS: String(LEASE_SECONDS), ...(queue === 'jetstream' ? { NATS_URL: natsUrl, VIGIE_NATS_PREFIX: prefix } : {}) },
        });
        receiver = await startReceiver(() => new Date());
      });
      after(async () => {
        // A process left stopped would never act on the SIGTERM that ends it.
        for (const s of cluster?.servers ?? []) s.child.kill('SIGCONT');
        await receiver?.close();
        await cluster?.stop();
        if (queue === 'jetstream') await dropStreams([prefix]);
      });

      test('the other worker delivers it once the lease runs out; the paused one, continued, changes nothing', async () => {
        const store = await cluster.openStore();
        try {
          const at = new Date().toISOString();
          const { secret } = await createEndpoint(store, { url: receiver.url, actor: SYSTEM, at }, { allowPrivate: true }, null);
          receiver.secret = secret;
          // The first request is taken and never answered: the worker is in the middle of the job.
          receiver.script = (n) => (n === 1 ? { kind: 'late', ms: 10 * 60_000 } : { kind: 'ok' });
          const first = await cluster.addServer('worker');
          const created = await store.write(async (w) => {
            const { logged } = await w.append([
              {
                type: 'action.taken',
                subject: { kind: 'content', id: `paused-${randomBytes(4).toString('hex')}` },
                actor: SYSTEM,
                at,
                reason: null,
                payload: { action: 'remove_content' },
              },
            ]);
            return enqueueActionDeliveries(w, new JobStore(store), logged);
          });
          const deliveryId = created[0]!.deliveryId;
          const deadline = Date.now() + 30_000;
          while (receiver.requests.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
          assert.equal(receiver.requests.length, 1, 'the worker took the job');
          first.child.kill('SIGSTOP');
          const killedAt = Date.now();
          // The other worker starts once the first holds the job, so that the first is sure to take it.
          await cluster.addServer('worker');
          const until = killedAt + (LEASE_SECONDS + 45) * 1000;
          while ((await getDelivery(store.db, deliveryId))?.status !== 'delivered' && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
          const delivery = await getDelivery(store.db, deliveryId);
          assert.equal(delivery?.status, 'delivered', `after ${Math.round((Date.now() - killedAt) / 1000)} s`);
          const keys = receiver.requests.map((r) => r.message?.idempotencyKey);
          assert.ok(receiver.requests.length >= 2, 'sent again after the lease');
          assert.equal(new Set(keys).size, 1, `one idempotency key: ${JSON.stringify(keys)}`);
          assert.equal(receiver.effects.length, 1, 'applied once');
          assert.ok(Date.now() - killedAt >= (LEASE_SECONDS - 5) * 1000, 'not before the lease ran out');
          // Continued: its request has long timed out; its outcome must not undo the delivery.
          first.child.kill('SIGCONT');
          await new Promise((r) => setTimeout(r, 3_000));
          assert.equal((await getDelivery(store.db, deliveryId))?.status, 'delivered');
          assert.equal(receiver.effects.length, 1, 'still applied once');
          if (queue === 'database')
            assert.ok(
              first.output.some((l) => l.includes('job lease was lost before it settled')),
              'the paused worker found its lease lost',
            );
        } finally {
          await store.close();
        }
        const verify = await runCli(['verify', '--data', cluster.dataDirs[0]!], { env: { ...process.env, ...cluster.env } });
        assert.equal(verify.code, 0, verify.stdout + verify.stderr);
      });
    });
  }
});
