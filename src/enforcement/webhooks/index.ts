// Platform webhooks, for the code that takes actions and the server that runs the workers.
// See docs/webhooks.md.
export { registerWebhookHandlers, type WebhookHandlerDeps } from './handler.js';
export { sign, verifySignature, SIGNATURE_HEADER, DEFAULT_TOLERANCE_SECONDS } from './signature.js';
export { buildMessage, idempotencyKeyOf, WEBHOOK_EVENT_TYPES, type WebhookMessage, type WebhookEventType } from './message.js';
export { WEBHOOK_MAX_ATTEMPTS, WEBHOOK_MIN_RETRY_SPAN_MS, retrySpan } from './schedule.js';
export { DELIVER_JOB_KIND } from './job.js';
export { enqueueActionDeliveries, outboxIn, type DeliveryOutbox } from '../../store/webhook-store.js';
