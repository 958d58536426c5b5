// The queue contract on both implementations and both stores. The JetStream half needs NATS
// with JetStream (NATS_TEST_URL, default nats://127.0.0.1:4222): without it, it is skipped
// with a message, unless CI is set, when it fails. Each run has streams of its own.
import { after, describe } from 'node:test';
import { randomBytes } from 'node:crypto';
import { describeEachStore } from '../support/stores.js';
import { natsSkip, natsUrl, dropStreams } from '../support/nats.js';
import { JobStore } from '../../src/store/job-store.js';
import { JetStreamQueue } from '../../src/work/jetstream-queue.js';
import { FAST_RETRY, queueConformance } from './queue-conformance.js';

describeEachStore('queue contract: database queue', (store) => {
  queueConformance(store, async (s) => ({
    queue: new JobStore(s, { retry: FAST_RETRY }),
    leaseMs: 1_500,
    close: async () => {},
  }));
});

const skip = await natsSkip();
describe('queue contract: JetStream', { skip }, () => {
  const prefixes: string[] = [];
  after(async () => {
    await dropStreams(prefixes);
  });
  describeEachStore('queue contract: JetStream queue', (store, target) => {
    const prefix = `vt${target.name.slice(0, 2)}${randomBytes(4).toString('hex')}`;
    prefixes.push(prefix);
    queueConformance(store, async (s) => {
      const queue = await JetStreamQueue.open(new JobStore(s, { retry: FAST_RETRY }), {
        url: natsUrl,
        prefix,
        ackWaitMs: 2_000,
        retry: FAST_RETRY,
        relayPollMs: 100,
        duplicateWindowMs: 60_000,
      });
      return { queue, leaseMs: queue.ackWaitMs, close: () => queue.close() };
    });
  });
});
