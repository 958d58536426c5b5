// What a platform receives for each action: a small, versioned JSON message built from the
// action's logged event. Pure: the delivery id is chosen by the caller.
//
// Only what the platform needs to carry the action out goes in it. Evidence, signals, media
// and reporter identities stay in vigie.
import type { JsonValue, LoggedEvent } from '../../moderation/events.js';
import { externalId } from '../../moderation/platform-ids.js';

export const MESSAGE_VERSION = 1;

/** The log event types that become webhook messages. */
export const WEBHOOK_EVENT_TYPES = ['action.taken', 'action.reverted', 'content.requested', 'report.resolved', 'appeal.resolved', 'deadline.breached'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

export interface ActionDescription {
  /** remove_content, suspend_account, lock_account, ... (ACTION_KINDS in moderation/events.ts). */
  kind: string;
  subject: { kind: string; id: string };
  reason: string | null;
  /** Policy clause ids the decision rests on. */
  clauses: string[];
  /**
   * Whether the platform may tell the user. False unless the action says so: material is
   * removed without notice, and a notice can warn an offender before law enforcement acts.
   */
  userMayBeNotified: boolean;
  caseId: string | null;
  /** For lock_account: the content the user must delete before the lock lifts. */
  contentIds: string[];
  /** For notify_user only: the notice to show, in English and French. */
  notice?: JsonValue;
  /** For report_resolved only: the platform's key for the report and its outcome in general terms. */
  report?: { clientKey: string | null; outcome: string };
  /** For appeal_resolved only: the appeal, the action appealed and the outcome (the reason is the reviewer's, for the user). */
  appeal?: { id: string; actionId: string; outcome: string };
  /** For deadline_breached only: the case or appeal past its queue's target (an alert for the operator, not for a user). */
  deadline?: { item: string; itemId: string; queue: string; dueAt: string };
}

export interface WebhookMessage {
  version: typeof MESSAGE_VERSION;
  /** The delivery id: one per action and endpoint, the same on every retry and replay. */
  id: string;
  type: WebhookEventType;
  /** One per action, the same for every endpoint, retry and replay: apply it once. */
  idempotencyKey: string;
  occurredAt: string;
  action: ActionDescription;
}

/**
 * The action's key: its event's hash is unique in the log and never changes, so every
 * delivery of the action, to any endpoint, at any time, carries the same key.
 */
export function idempotencyKeyOf(event: Pick<LoggedEvent, 'hash'>): string {
  if (!/^[0-9a-f]{64}$/.test(event.hash)) throw new TypeError('the event has no log hash: only logged events have a webhook');
  return `act_${event.hash}`;
}

export function buildMessage(deliveryId: string, event: LoggedEvent): WebhookMessage {
  if (!isWebhookEventType(event.type)) throw new TypeError(`a ${event.type} event is not sent to webhooks`);
  return {
    version: MESSAGE_VERSION,
    id: deliveryId,
    type: event.type,
    idempotencyKey: idempotencyKeyOf(event),
    occurredAt: event.at,
    action: describe(event),
  };
}

/** What the platform is asked to do. Read field by field, defensively: whatever a row holds, only these fields go out. */
function describe(event: LoggedEvent): ActionDescription {
  const p: { readonly [key: string]: JsonValue | undefined } = event.payload;
  // The platform's own ids: the endpoint is one platform's, and knows no other.
  const subject = { kind: event.subject.kind, id: externalId(event.subject.id) };
  const none = { clauses: [], contentIds: [] };
  switch (event.type) {
    case 'report.resolved':
      // The reporter (an account of the platform's) may be told that their report was dealt
      // with: in general terms only, never what was decided about whom.
      return {
        ...none,
        kind: 'report_resolved',
        subject,
        reason: null,
        userMayBeNotified: true,
        caseId: null,
        report: { clientKey: clientKeyOf(text(p.clientKey)), outcome: text(p.outcome) ?? 'no-action' },
      };
    case 'appeal.resolved':
      // The appellant is told the outcome through their platform; the restorations
      // themselves arrive as their own action.taken / action.reverted messages.
      return {
        ...none,
        kind: 'appeal_resolved',
        subject,
        reason: event.reason,
        userMayBeNotified: true,
        caseId: null,
        appeal: { id: text(p.appealId) ?? '', actionId: text(p.actionId) ?? '', outcome: text(p.outcome) ?? '' },
      };
    case 'deadline.breached':
      return {
        ...none,
        kind: 'deadline_breached',
        subject,
        reason: event.reason,
        userMayBeNotified: false,
        caseId: p.item === 'case' ? text(p.itemId) : null,
        deadline: { item: text(p.item) ?? '', itemId: text(p.itemId) ?? '', queue: text(p.queue) ?? '', dueAt: text(p.dueAt) ?? '' },
      };
    case 'content.requested':
      // Not an action on the item: a request that the platform send it (POST /v1/content) so
      // that it can be scanned and reviewed, shaped as an action so that receivers read one shape.
      return { ...none, kind: 'request_content', subject, reason: event.reason, userMayBeNotified: false, caseId: text(p.caseId) };
    default:
      return {
        kind: text(p.action) ?? 'unknown',
        subject,
        reason: event.reason,
        clauses: strings(p.clauses),
        userMayBeNotified: p.notifyUser === true,
        caseId: text(p.caseId),
        contentIds: strings(p.contentIds).map(externalId),
        ...(p.action === 'notify_user' && p.texts !== undefined ? { notice: p.texts } : {}),
      };
  }
}

/** The exact bytes that are signed and sent; stored once, so every retry sends the same. */
export function messageBody(message: WebhookMessage): string {
  return JSON.stringify(message);
}

function text(v: JsonValue | undefined): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

function strings(v: JsonValue | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The platform's own key: vigie keeps it as "<platform>:<key>". */
function clientKeyOf(stored: string | null): string | null {
  if (stored === null) return null;
  const at = stored.indexOf(':');
  return at < 0 ? stored : stored.slice(at + 1);
}
