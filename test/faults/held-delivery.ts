// What the worker fault tests share: a webhook delivery that one worker has taken and is in
// the middle of (the platform's receiver takes the first request and never answers), and
// the wait for another worker to deliver it once the lease has run out, under the same key.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Cluster } from '../support/cluster.js';
import type { ServerProcess } from '../support/server-process.js';
import type { Receiver } from '../enforcement/webhooks/receiver.js';
import type { Store } from '../../src/store/store.js';
import { createEndpoint } from '../../src/services/webhooks/endpoints.js';
import { enqueueActionDeliveries } from '../../src/services/webhooks/outbox.js';
import { getDelivery } from '../../src/store/webhook-deliveries.js';
import { JobStore } from '../../src/store/job-store.js';

const SYSTEM = { kind: 'system' as const, id: null };

/** The shortest job lease allowed (a classifier call may take 120 s). */
export const LEASE_SECONDS = 125;

/** A delivery the returned worker holds: its request reached the receiver, which never answers it. */
export async function deliveryHeldByWorker(
  cluster: Cluster,
  store: Store,
  receiver: Receiver,
  subject: string,
): Promise<{ deliveryId: string; worker: ServerProcess }> {
  const at = new Date().toISOString();
  const { secret } = await createEndpoint(store, { url: receiver.url, actor: SYSTEM, at }, { allowPrivate: true }, null);
  receiver.secret = secret;
  receiver.script = (n) => (n === 1 ? { kind: 'late', ms: 10 * 60_000 } : { kind: 'ok' });
  const worker = await cluster.addServer('worker');
  const created = await store.write(async (w) => {
    const { logged } = await w.append([
      {
        type: 'action.taken',
        subject: { kind: 'content', id: `${subject}-${randomBytes(4).toString('hex')}` },
        actor: SYSTEM,
        at,
        reason: null,
        payload: { action: 'remove_content' },
      },
    ]);
    return enqueueActionDeliveries(w, new JobStore(store), logged);
  });
  const deadline = Date.now() + 30_000;
  while (receiver.requests.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(receiver.requests.length, 1, 'the worker took the job');
  return { deliveryId: created[0]!.deliveryId, worker };
}

/** Waits for another worker to deliver it after the lease, then checks: sent again under the one key, applied once, not early. */
export async function assertRedeliveredAfterLease(store: Store, receiver: Receiver, deliveryId: string, faultAt: number): Promise<void> {
  const until = faultAt + (LEASE_SECONDS + 45) * 1000;
  while ((await getDelivery(store.db, deliveryId))?.status !== 'delivered' && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
  const delivery = await getDelivery(store.db, deliveryId);
  assert.equal(delivery?.status, 'delivered', `after ${Math.round((Date.now() - faultAt) / 1000)} s`);
  const keys = receiver.requests.map((r) => r.message?.idempotencyKey);
  assert.ok(receiver.requests.length >= 2, 'sent again after the lease');
  assert.equal(new Set(keys).size, 1, `one idempotency key: ${JSON.stringify(keys)}`);
  assert.equal(receiver.effects.length, 1, 'applied once');
  assert.ok(Date.now() - faultAt >= (LEASE_SECONDS - 5) * 1000, 'not before the lease ran out');
}
