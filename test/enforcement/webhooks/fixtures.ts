// A delivery made through the real calls (endpoint, action logged with its deliveries, an
// attempt recorded), for tests that need one to exist without running a worker.
import type { Store } from '../../../src/store/store.js';
import { JobStore } from '../../../src/store/job-store.js';
import { createEndpoint } from '../../../src/services/webhooks/endpoints.js';
import { enqueueActionDeliveries, type CreatedDelivery } from '../../../src/services/webhooks/outbox.js';
import { recordAttempt } from '../../../src/store/webhook-deliveries.js';

const SYSTEM = { kind: 'system' as const, id: null };

/** A delivered delivery to a new endpoint at `url` (nothing listens there: nothing is sent). */
export async function deliveredDelivery(store: Store, at: string, url = 'http://127.0.0.1:9/unused'): Promise<CreatedDelivery> {
  const { endpoint } = await createEndpoint(store, { url, actor: SYSTEM, at }, { allowPrivate: true }, null);
  const jobs = new JobStore(store, { now: () => new Date(at) });
  const created = await store.write(async (w) => {
    const { logged } = await w.append([
      {
        type: 'action.taken',
        subject: { kind: 'content', id: `fixture-${endpoint.id}` },
        actor: SYSTEM,
        at,
        reason: null,
        payload: { action: 'remove_content' },
      },
    ]);
    return enqueueActionDeliveries(w, jobs, logged);
  });
  const mine = created.find((d) => d.endpointId === endpoint.id)!;
  await recordAttempt(store.db, mine.deliveryId, { outcome: 'delivered' }, at);
  return mine;
}
