// Deliveries are created in the action's own unit of work (the outbox): one row and one
// queued job per active endpoint subscribed to the action's type, so that an action is
// never committed without its deliveries, and workers are woken once it is.
import { randomUUID } from 'node:crypto';
import type { UnitOfWork } from '../../store/store.js';
import { activeEndpoints } from '../../store/webhook-endpoints.js';
import { DELIVER_JOB_KIND, firstJobKey, insertDelivery } from '../../store/webhook-deliveries.js';
import type { JobQueue } from '../../work/queue.js';
import type { LoggedEvent } from '../../moderation/events.js';
import { buildMessage, idempotencyKeyOf, isWebhookEventType, messageBody, type WebhookEventType } from '../../enforcement/webhooks/message.js';
import { WEBHOOK_MAX_ATTEMPTS } from '../../enforcement/webhooks/schedule.js';
import { platformOf } from '../../moderation/platform-ids.js';
import type { WebhookEndpoint } from '../../store/webhook-endpoints.js';

export interface CreatedDelivery {
  deliveryId: string;
  endpointId: string;
  idempotencyKey: string;
  eventType: WebhookEventType;
}

export interface DeliveryOptions {
  /** Attempts before a delivery is dead; the default spans at least three days (schedule.ts). */
  maxAttempts?: number;
}

/**
 * For each action event in `logged` (other events are skipped), one delivery and one queued
 * job per active endpoint of the subject's platform subscribed to its type: a platform
 * hears only of its own accounts and content. Call it in the unit of work that
 * appended the events. Calling it again for the same events creates nothing: a delivery is
 * unique per (endpoint, idempotency key).
 */
export async function enqueueActionDeliveries(
  w: UnitOfWork,
  jobs: JobQueue,
  logged: readonly LoggedEvent[],
  options: DeliveryOptions = {},
): Promise<CreatedDelivery[]> {
  const actions = logged.filter((e) => isWebhookEventType(e.type));
  if (actions.length === 0) return [];
  // One batch may hold several platforms' actions (the ingest batcher mixes their posts).
  const byPlatform = new Map<string, WebhookEndpoint[]>();
  const created: CreatedDelivery[] = [];
  for (const event of actions) {
    const eventType = event.type as WebhookEventType;
    const idempotencyKey = idempotencyKeyOf(event);
    const platform = platformOf(event.subject.id);
    let endpoints = byPlatform.get(platform);
    if (!endpoints) byPlatform.set(platform, (endpoints = await activeEndpoints(w.tx, platform)));
    for (const endpoint of endpoints) {
      if (!endpoint.eventTypes.includes(eventType)) continue;
      const deliveryId = `whd_${randomUUID()}`;
      const inserted = await insertDelivery(w.tx, {
        id: deliveryId,
        endpoint_id: endpoint.id,
        idempotency_key: idempotencyKey,
        event_type: eventType,
        payload_json: messageBody(buildMessage(deliveryId, event)),
        status: 'pending',
        attempts: 0,
        next_attempt_at: event.at,
        last_error: null,
        created_at: event.at,
        delivered_at: null,
      });
      if (!inserted) continue;
      await jobs.enqueueIn(
        w,
        DELIVER_JOB_KIND,
        { deliveryId },
        { dedupeKey: firstJobKey(deliveryId), maxAttempts: options.maxAttempts ?? WEBHOOK_MAX_ATTEMPTS },
      );
      created.push({ deliveryId, endpointId: endpoint.id, idempotencyKey, eventType });
    }
  }
  return created;
}
