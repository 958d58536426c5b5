// The queue job that carries one delivery. Its payload is only the delivery id: the message,
// the endpoint and its secret are read from the database at each attempt, so that a job
// queued before an endpoint changed uses the endpoint as it is now.
import { z } from 'zod';

export const DELIVER_JOB_KIND = 'webhook.deliver';

export const DeliverJobPayload = z.object({ deliveryId: z.string().min(1).max(100) });
export type DeliverJobPayload = z.infer<typeof DeliverJobPayload>;

/** The first job of a delivery; its key makes a second enqueue of the same delivery a no-op. */
export function firstJobKey(deliveryId: string): string {
  return `${DELIVER_JOB_KIND}:${deliveryId}`;
}

/** A replay's job, keyed by its webhook.replayed event so that each replay runs once. */
export function replayJobKey(deliveryId: string, replayEventSeq: number): string {
  return `${DELIVER_JOB_KIND}:${deliveryId}:replay:${replayEventSeq}`;
}
