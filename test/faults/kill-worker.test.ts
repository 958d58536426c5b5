// Fault: `kill -9` a worker process in the middle of a job. An API process and a worker
// process on one PostgreSQL, with the database queue and again with NATS JetStream; the
// platform's receiver takes the first delivery and never answers, the worker is killed while
// it waits, a second worker starts. After the lease (125 s, the shortest allowed) the delivery
// is sent again under the same idempotency key: delivered at least once, applied once, and
// `vigie verify` passes. About 135 s per queue; the two queues run side by side.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { clusterSkip, startCluster, type Cluster } from '../support/cluster.js';
import { dropStreams, natsSkip, natsUrl } from '../support/nats.js';
import { runCli } from '../support/cli.js';
import { kill } from '../support/server-process.js';
import { startReceiver, type Receiver } from '../enforcement/webhooks/receiver.js';
import { LEASE_SECONDS, assertRedeliveredAfterLease, deliveryHeldByWorker } from './held-delivery.js';

const TITLE = 'kill -9 a worker in the middle of a job';
const pgSkip = await clusterSkip();
const natsSkipped = await natsSkip();

// Both queues at once: each mostly waits for its lease to run out.
describe(`${TITLE}`, { concurrency: 2 }, () => {
  for (const queue of ['database', 'jetstream'] as const) {
    const skip = pgSkip || (queue === 'jetstream' ? natsSkipped : false);
    describe(`kill -9 a worker in the middle of a job [${queue}]`, { skip, timeout: 360_000 }, () => {
      let cluster: Cluster;
      let receiver: Receiver;
      const prefix = `vk${randomBytes(4).toString('hex')}`;

      before(async () => {
        cluster = await startCluster(1, {
          name: `kill_${queue}`,
          roles: 'api,indexer',
          env: { VIGIE_JOB_LEASE_SECONDS: String(LEASE_SECONDS), ...(queue === 'jetstream' ? { NATS_URL: natsUrl, VIGIE_NATS_PREFIX: prefix } : {}) },
        });
        receiver = await startReceiver(() => new Date());
      });
      after(async () => {
        await receiver?.close();
        await cluster?.stop();
        if (queue === 'jetstream') await dropStreams([prefix]);
      });

      test('the delivery the killed worker held is sent again by another, under the same key, and applied once', async () => {
        const store = await cluster.openStore();
        try {
          const { deliveryId, worker } = await deliveryHeldByWorker(cluster, store, receiver, 'killed');
          await kill(worker, 'SIGKILL');
          const killedAt = Date.now();
          await cluster.addServer('worker');

          await assertRedeliveredAfterLease(store, receiver, deliveryId, killedAt);
        } finally {
          await store.close();
        }
        const verify = await runCli(['verify', '--data', cluster.dataDirs[0]!], { env: { ...process.env, ...cluster.env } });
        assert.equal(verify.code, 0, verify.stdout + verify.stderr);
      });
    });
  }
});
