// Sending webhook deliveries again, on an admin's word: same delivery id, same
// idempotency key, same bytes (re-signed at send time), a fresh set of attempts, and an
// event in the log saying who asked.
import type { Store } from '../../store/store.js';
import {
  DELIVER_JOB_KIND,
  deadDeliveryIds,
  getDelivery,
  lockDelivery,
  markPendingAgain,
  replayJobKey,
  type DeliveryView,
} from '../../store/webhook-deliveries.js';
import { getEndpoint } from '../../store/webhook-endpoints.js';
import type { JobQueue } from '../../work/queue.js';
import type { Actor } from '../../moderation/events.js';
import { WEBHOOK_MAX_ATTEMPTS } from '../../enforcement/webhooks/schedule.js';
import { forbidden } from '../errors.js';
import { sees, type PlatformAccess } from '../platforms/platform-access.js';

export type ReplayResult =
  { replayed: true; delivery: DeliveryView } | { replayed: false; reason: 'not_found' | 'in_flight' | 'endpoint_inactive'; delivery?: DeliveryView };

/**
 * Sends a dead or delivered delivery again: same delivery id, same idempotency key, same
 * bytes (re-signed at send time), a fresh set of attempts. Logs who asked. A delivery still
 * on its way is left alone, so that two admins replaying at once send it once more, not twice.
 */
export async function replayDelivery(
  store: Store,
  jobs: JobQueue,
  deliveryId: string,
  actor: Actor,
  at: string,
  access: PlatformAccess,
  options: { reason?: string | null; maxAttempts?: number } = {},
): Promise<ReplayResult> {
  return store.write(async (w) => {
    if (!(await lockDelivery(w.tx, w.dialect, deliveryId))) return { replayed: false, reason: 'not_found' };
    const before = (await getDelivery(w.tx, deliveryId))!;
    const endpoint = await getEndpoint(w.tx, before.endpointId);
    // Another platform's delivery is, for this caller, no delivery at all.
    if (endpoint && !sees(access, endpoint.platform)) return { replayed: false, reason: 'not_found' };
    if (before.status === 'pending') return { replayed: false, reason: 'in_flight', delivery: before };
    if (!endpoint?.active) return { replayed: false, reason: 'endpoint_inactive', delivery: before };
    const { logged } = await w.append([
      {
        type: 'webhook.replayed',
        subject: { kind: 'webhook', id: before.endpointId },
        actor,
        at,
        reason: options.reason ?? null,
        payload: {
          deliveryId,
          idempotencyKey: before.idempotencyKey,
          eventType: before.eventType,
          previousStatus: before.status,
          attemptsBefore: before.attempts,
        },
      },
    ]);
    await markPendingAgain(w.tx, deliveryId, at);
    await jobs.enqueueIn(
      w,
      DELIVER_JOB_KIND,
      { deliveryId },
      { dedupeKey: replayJobKey(deliveryId, logged[0]!.seq), maxAttempts: options.maxAttempts ?? WEBHOOK_MAX_ATTEMPTS },
    );
    return { replayed: true, delivery: (await getDelivery(w.tx, deliveryId))! };
  });
}

export interface ReplayDeadSummary {
  replayed: string[];
  /** Dead deliveries left alone because their endpoint is inactive. */
  skipped: string[];
  /** More dead deliveries than `limit` were found: call again. */
  more: boolean;
}

/**
 * Replays the dead letters, oldest first, up to `limit`. The list is read first, so a
 * delivery that dies again while this runs is not picked up twice.
 */
export async function replayDeadDeliveries(
  store: Store,
  jobs: JobQueue,
  actor: Actor,
  at: string,
  access: PlatformAccess,
  options: { endpointId?: string | undefined; limit?: number | undefined; reason?: string | null } = {},
): Promise<ReplayDeadSummary> {
  if (access !== null && options.endpointId === undefined) throw forbidden('a staff member limited to some platforms replays one endpoint at a time: name it');
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 1000), 1), 10_000);
  const rows = await deadDeliveryIds(store.db, limit, options.endpointId);
  const summary: ReplayDeadSummary = { replayed: [], skipped: [], more: rows.length > limit };
  for (const id of rows.slice(0, limit)) {
    const result = await replayDelivery(store, jobs, id, actor, at, access, { reason: options.reason ?? null });
    if (result.replayed) summary.replayed.push(id);
    else if (result.reason === 'endpoint_inactive') summary.skipped.push(id);
  }
  return summary;
}
