// The 'webhook.deliver' job: one attempt at one delivery, recorded on the delivery row, with
// the queue deciding when the next attempt comes (work/backoff.ts) and when to stop.
import type { Store } from '../../store/store.js';
import { DELIVER_JOB_KIND, loadForSending, recordAttempt } from '../../store/webhook-deliveries.js';
import { PermanentJobError, type HandlerRegistry, type JobContext } from '../../work/handlers.js';
import { DeliverJobPayload } from '../../enforcement/webhooks/job.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, sendOnce } from './send.js';
import { PUBLIC_ONLY, type DestinationPolicy } from './destination.js';

export interface WebhookHandlerDeps {
  store: Store;
  now?: () => Date;
  /** Longest wait for an endpoint's answer; default 10 s. */
  requestTimeoutMs?: number;
  /** Which addresses deliveries may go to: public ones only unless told otherwise (VIGIE_WEBHOOKS_ALLOW_PRIVATE). */
  destinations?: DestinationPolicy;
}

// Room after the request's own timeout for reading and writing the delivery row.
const HANDLER_MARGIN_MS = 5_000;

export function registerWebhookHandlers(registry: HandlerRegistry, deps: WebhookHandlerDeps): HandlerRegistry {
  const timeoutMs = deps.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  return registry.register<DeliverJobPayload>(DELIVER_JOB_KIND, (payload, ctx) => deliver(deps, timeoutMs, payload.deliveryId, ctx), {
    parse: (p) => DeliverJobPayload.parse(p),
    timeoutMs: timeoutMs + HANDLER_MARGIN_MS,
  });
}

async function deliver(deps: WebhookHandlerDeps, timeoutMs: number, deliveryId: string, ctx: JobContext): Promise<void> {
  const now = deps.now ?? (() => new Date());
  const db = deps.store.db;
  const target = await loadForSending(db, deliveryId);
  if (!target) throw new PermanentJobError(`webhook delivery ${deliveryId} does not exist`);
  // An earlier run got through and only its bookkeeping was lost, or a replay already sent it.
  if (target.delivery.status === 'delivered') return;
  const endpoint = target.endpoint;
  if (!endpoint || Number(endpoint.active) !== 1) {
    // Kept as a dead letter rather than retried for days: an admin turned the endpoint off,
    // and replays it once it is back on.
    const error = endpoint ? 'the endpoint is inactive' : `the endpoint ${target.delivery.endpoint_id} does not exist`;
    await recordAttempt(db, deliveryId, { outcome: 'failed', error, final: true, attempted: false }, now().toISOString());
    throw new PermanentJobError(error);
  }

  const result = await sendOnce(
    { url: endpoint.url, secret: endpoint.secret, body: target.delivery.payload_json, deliveryId, idempotencyKey: target.delivery.idempotency_key },
    { now, timeoutMs, signal: ctx.signal, destinations: deps.destinations ?? PUBLIC_ONLY },
  );
  const at = now().toISOString();
  if (result.kind === 'delivered') {
    await recordAttempt(db, deliveryId, { outcome: 'delivered' }, at);
    return;
  }
  const final = result.kind === 'permanent' || ctx.job.attempt >= ctx.job.maxAttempts;
  await recordAttempt(db, deliveryId, { outcome: 'failed', error: result.error, final, attempted: true }, at);
  throw result.kind === 'permanent' ? new PermanentJobError(result.error) : new Error(result.error);
}
