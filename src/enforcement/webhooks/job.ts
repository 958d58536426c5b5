// The queue job that carries one delivery. Its payload is only the delivery id: the message,
// the endpoint and its secret are read from the database at each attempt, so that a job
// queued before an endpoint changed uses the endpoint as it is now. The job's kind and keys
// are in store/webhook-deliveries.ts, beside the query that reads them.
import { z } from 'zod';

export const DeliverJobPayload = z.object({ deliveryId: z.string().min(1).max(100) });
export type DeliverJobPayload = z.infer<typeof DeliverJobPayload>;
