// The outbox holds: jobs committed while NATS cannot be reached wait in the database and are
// run, once each, when it is back. NATS is cut off for this test alone by a TCP proxy in
// front of it (the server itself is shared with other suites). Skipped with a message
// without NATS JetStream outside CI.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { describeEachStore } from '../support/stores.js';
import { dropStreams, natsSkip, natsUrl } from '../support/nats.js';
import { JobStore } from '../../src/store/job-store.js';
import { JetStreamQueue } from '../../src/work/jetstream-queue.js';
import { HandlerRegistry } from '../../src/work/handlers.js';
import { startWorkers } from '../../src/work/worker.js';
import { FAST_RETRY } from './queue-conformance.js';

const skip = await natsSkip();
const target = new URL(natsUrl.replace(/^nats:/, 'http:'));

/** A proxy to NATS that the test can take down and bring back on the same port. */
async function natsProxy(): Promise<{ url: string; down(): Promise<void>; up(): Promise<void>; close(): Promise<void> }> {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let port = 0;
  const up = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = tcpConnect(Number(target.port || 4222), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  const down = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  };
  await up();
  return { url: `nats://127.0.0.1:${port}`, down, up, close: down };
}

const prefixes: string[] = [];
after(() => dropStreams(prefixes));

describeEachStore('JetStream outbox', (store, storeTarget) => {
  test('jobs committed while NATS is unreachable run once each when it is back', { skip, timeout: 60_000 }, async () => {
    const prefix = `vo${storeTarget.name.slice(0, 2)}${randomBytes(4).toString('hex')}`;
    prefixes.push(prefix);
    const proxy = await natsProxy();
    const outbox = new JobStore(store(), { retry: FAST_RETRY });
    const queue = await JetStreamQueue.open(outbox, { url: proxy.url, prefix, ackWaitMs: 5_000, retry: FAST_RETRY, relayPollMs: 100 });
    const kind = `outbox.k${randomBytes(3).toString('hex')}`;
    const runs = new Map<number, number>();
    const handlers = new HandlerRegistry().register<{ i: number }>(kind, async ({ i }) => {
      runs.set(i, (runs.get(i) ?? 0) + 1);
    });
    const workers = startWorkers(queue, handlers, { concurrency: 2, leaseMs: queue.ackWaitMs, pollIntervalMs: 100 });
    try {
      await proxy.down();
      for (let i = 0; i < 5; i++) {
        await store().write(async (w) => {
          await queue.enqueueIn(w, kind, { i });
        });
      }
      // Committed, not yet handed over: they wait in the database.
      await new Promise((r) => setTimeout(r, 1_500));
      assert.equal(runs.size, 0);
      const waiting = await store().db.selectFrom('jobs').select('status').where('kind', '=', kind).execute();
      assert.equal(waiting.length, 5);
      assert.ok(
        waiting.every((r) => r.status === 'queued' || r.status === 'running'),
        JSON.stringify(waiting),
      );

      await proxy.up();
      const deadline = Date.now() + 30_000;
      while (runs.size < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      // Time for a duplicate to show, if there were one.
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(
        [...runs.entries()].sort(([a], [b]) => a - b),
        [0, 1, 2, 3, 4].map((i) => [i, 1]),
      );
      // The row is marked after NATS acknowledged the ack, a moment after the handler ran.
      const statuses = () => store().db.selectFrom('jobs').select('status').where('kind', '=', kind).execute();
      const marked = Date.now() + 10_000;
      while ((await statuses()).some((r) => r.status !== 'done') && Date.now() < marked) await new Promise((r) => setTimeout(r, 50));
      const handed = await statuses();
      assert.ok(
        handed.every((r) => r.status === 'done'),
        `every row is marked handed over: ${JSON.stringify(handed)}`,
      );
    } finally {
      await workers.stop();
      await queue.close();
      await proxy.close();
    }
  });
});
