// Platform webhooks, the pure part: the message, its signature and the retry schedule.
// Sending, the outbox and replays are in services/webhooks. See docs/webhooks.md.
export { sign, verifySignature, SIGNATURE_HEADER, DEFAULT_TOLERANCE_SECONDS } from './signature.js';
export { buildMessage, idempotencyKeyOf, WEBHOOK_EVENT_TYPES, type WebhookMessage, type WebhookEventType } from './message.js';
export { WEBHOOK_MAX_ATTEMPTS, WEBHOOK_MIN_RETRY_SPAN_MS, retrySpan } from './schedule.js';
