// The moderation log's vocabulary. Every change in vigie is one of these events; the state
// of an account, a piece of content or a case is a fold over them (folds/). Payloads are
// plain JSON values so that the log can be hashed, exported and replayed, and each type has
// its own payload (payloads.ts): the compiler checks emitters and folds against it, and the
// log's edge refuses a payload that does not match (check.ts).
import type { PayloadOf } from './payloads.js';

export type SubjectKind =
  'account' | 'content' | 'case' | 'report' | 'staff' | 'api_key' | 'bank' | 'cybertip' | 'referral' | 'webhook' | 'platform' | 'hold' | 'system';

export interface SubjectRef {
  kind: SubjectKind;
  id: string;
}

export type ActorKind = 'staff' | 'api_key' | 'system' | 'anonymous' | 'account';

export interface Actor {
  kind: ActorKind;
  /** Staff user id, API key id, reporter's account id; null for the system and anonymous reporters. */
  id: string | null;
}

export const SYSTEM: Actor = { kind: 'system', id: null };

export const EVENT_TYPES = [
  'account.registered',
  'account.updated',
  'content.ingested',
  'content.deleted',
  'content.restored',
  'content.requested',
  'signal.recorded',
  'report.filed',
  'report.resolved',
  'reporter.muted',
  'reporter.unmuted',
  'case.opened',
  'case.joined',
  'case.assigned',
  'case.unassigned',
  'case.escalated',
  'case.commented',
  'case.decided',
  'case.closed',
  'case.reprioritised',
  'action.taken',
  'action.reverted',
  'notice.sent',
  'cybertip.drafted',
  // The CyberTipline filing workflow (services/cybertip, docs/cybertipline.md) and INHOPE referrals.
  'cybertip.approved',
  'cybertip.submitted',
  'cybertip.file_uploaded',
  'cybertip.finished',
  'cybertip.retracted',
  'cybertip.failed',
  'cybertip.overdue',
  'referral.prepared',
  'referral.sent',
  'signup.checked',
  'webhook.endpoint_created',
  'webhook.endpoint_updated',
  'webhook.replayed',
  // Appeals (docs/appeals.md): on the appellant's account; the claim of the appeal by a
  // reviewer; on a CyberTipline report, legal told that the decision behind it was overturned.
  'appeal.filed',
  'appeal.assigned',
  'appeal.resolved',
  'cybertip.decision_overturned',
  // Deadlines (docs/transparency.md, deadlines): a case or an appeal passed its queue's time-to-action target.
  'deadline.breached',
  'media.revealed',
  'export.made',
  'staff.created',
  'staff.signed_in',
  'staff.sign_in_failed',
  'staff.sign_in_alert',
  'staff.signed_out',
  'staff.updated',
  'platform.created',
  'api_key.created',
  'api_key.revoked',
  'bank.created',
  'bank.updated',
  'bank.imported',
  'bank.entries_removed',
  // The staff console (issue 13): a reviewer's wellness settings, the admin's limits on
  // them, and a bank import started from the console.
  'staff.settings_changed',
  'wellness.limits_changed',
  'bank.import_requested',
  // The evidence vault and its preservation holds (docs/evidence-vault.md).
  'hold.placed',
  'hold.extended',
  'hold.released',
  'evidence.read',
  'evidence.purged',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** An event of one type before it is sealed into the log. */
export interface EventOf<T extends EventType> {
  type: T;
  subject: SubjectRef;
  actor: Actor;
  /** ISO-8601 UTC with milliseconds; injected by the edge, never read from a clock here. */
  at: string;
  reason: string | null;
  payload: PayloadOf<T>;
}

/** An event before it is sealed into the log: a union on `type`, so each payload is checked against its type. */
export type NewEvent = { [T in EventType]: EventOf<T> }[EventType];

/** Where an event sits in the log once sealed into its partition's hash chain. */
export interface Sealed {
  seq: number;
  partition: number;
  partitionSeq: number;
  prevHash: string;
  hash: string;
}

/** An event as stored. */
export type LoggedEvent = NewEvent & Sealed;
export type LoggedEventOf<T extends EventType> = EventOf<T> & Sealed;

/** Action kinds named in DESIGN.md; later issues add their effects. */
export const ACTION_KINDS = [
  'remove_content',
  'restore_content',
  'suspend_account',
  'lock_account',
  'unlock_account',
  'restore_account',
  'block_identifiers',
  'file_cybertip',
  'refer_inhope',
  'notify_user',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];
