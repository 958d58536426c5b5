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
import { LEASE_SECONDS, assertRedeliveredAfterLease, deliveryHeldByWorker } from './held-delivery.js';
import { getDelivery } from '../../src/store/webhook-deliveries.js';

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
          const { deliveryId, worker: first } = await deliveryHeldByWorker(cluster, store, receiver, 'paused');
          first.child.kill('SIGSTOP');
          const killedAt = Date.now();
          // The other worker starts once the first holds the job, so that the first is sure to take it.
          await cluster.addServer('worker');
          await assertRedeliveredAfterLease(store, receiver, deliveryId, killedAt);
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
