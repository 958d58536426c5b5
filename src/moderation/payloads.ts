// The payload of each event type, as a schema. Written from what the emitters really write
// (src/moderation/ingest.ts, src/enforcement/, src/store/, src/http/), so that a payload the
// folds cannot read (a misspelt or missing field) is refused at the log's edge instead of
// being hashed into the log for good (see check.ts).
//
// Three kinds of schema:
// - emitted types: strict objects (an unknown key is refused, so a typo in an optional
//   field is caught), required and optional fields as the emitters write them;
// - types nothing emits yet but a fold reads (report.filed, case.*, action.reverted): strict
//   on the fields the fold reads; the issue that adds the emitter extends them;
// - types nothing emits and no fold reads (appeal.*, media.revealed, export.made, ...): any
//   JSON object, until the issue that adds the emitter tightens it.
import { z } from 'zod';
import { ACTION_KINDS, type EventType, type JsonObject, type JsonValue } from './events.js';
import { CONTENT_KINDS } from './ingest.js';
import { AGE_BANDS } from '../policy/ages.js';
import { MATERIAL_NATURES } from '../policy/material.js';
import { INDUSTRY_CLASSIFICATIONS } from '../legal/ncmec/file-details.js';

/** A plain JSON value: what the log can hash, export and replay unchanged. */
export function isJsonValue(v: unknown): v is JsonValue {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v);
    case 'object':
      if (v === null) return true;
      if (Array.isArray(v)) return v.every(isJsonValue);
      return isJsonObject(v);
    default:
      return false;
  }
}

export function isJsonObject(v: unknown): v is JsonObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in v) if (!isJsonValue((v as Record<string, unknown>)[key])) return false;
  return true;
}

// Free-form parts (evidence, notice texts, identifiers) are checked by hand: a recursive
// Zod union costs several times more per value, and ingest records evidence on every signal.
const jsonValue = z.custom<JsonValue>(isJsonValue, { message: 'expected a plain JSON value' });
const jsonObject = z.custom<JsonObject>(isJsonObject, { message: 'expected a plain JSON object' });

const str = z.string();
const nullableStr = z.string().nullable();
const strings = z.array(z.string());
const count = z.number().int().nonnegative();
const actionKind = z.enum(ACTION_KINDS);
const noticeKind = z.enum(['lock-until-deletion', 'violation-recorded']);
const change = <T extends z.ZodType>(t: T) => z.strictObject({ from: t, to: t });

/** Not emitted yet and read by no fold: any JSON object, tightened by the issue that emits it. */
const notYetSpecified = jsonObject;

// PUT /v1/accounts sends only what changed, and ingest only the handle: every field optional.
const accountFields = z.strictObject({
  handle: nullableStr.optional(),
  identifiers: jsonObject.optional(),
  minor: z.boolean().optional(),
  ageBand: z.enum(AGE_BANDS).optional(),
  birthYear: z.number().int().optional(),
  platformCreatedAt: str.optional(),
});

// What a case carries of each message that made it: its families and [start, end) spans.
const caseItems = z.array(
  z.strictObject({
    contentId: z.string(),
    families: z.record(z.string(), z.number()),
    spans: z.record(z.string(), z.array(z.tuple([z.number(), z.number()]))),
  }),
);

const mediaItem = z.strictObject({
  id: str,
  declaredType: nullableStr,
  detectedType: str,
  size: count,
  sha256: str,
  md5: str,
  /** The uploader's own name for the file, as the platform gave it: untrusted text, never a path. */
  originalFileName: str.optional(),
});

// One shape for both: a revert describes the action it undoes in the same terms. The
// decision's basis (policyVersion .. intent) is absent when the system acts on its own
// (a lock that lifts once every listed item is deleted).
const actionFields = z.strictObject({
  action: actionKind,
  consequence: nullableStr.optional(),
  contentIds: strings.optional(),
  notifyUser: z.boolean().optional(),
  permanent: z.boolean().optional(),
  cybertipId: str.optional(),
  draft: z.boolean().optional(),
  url: str.optional(),
  country: str.optional(),
  notice: noticeKind.optional(),
  /** The notice's texts, per language. */
  texts: jsonObject.optional(),
  caseId: str.optional(),
  policyVersion: str.optional(),
  rule: str.optional(),
  clauses: strings.optional(),
  automated: z.boolean().optional(),
  intent: z.enum(['malicious', 'not-malicious', 'not-assessed']).optional(),
});

export const PAYLOADS = {
  'account.registered': accountFields,
  'account.updated': accountFields,
  'content.ingested': z.strictObject({
    kind: z.enum(CONTENT_KINDS),
    authorId: str,
    text: nullableStr,
    links: strings,
    media: z.array(mediaItem),
    inReplyTo: nullableStr,
    recipientId: nullableStr,
    createdAt: str,
    requestDigest: str,
  }),
  // On the content item: {}. On its author's account, when the item was listed by a lock: the ids.
  'content.deleted': z.strictObject({ contentIds: strings.optional() }),
  'content.restored': z.strictObject({}),
  // On content (ingest detectors) and on accounts (ban evasion).
  'signal.recorded': z.strictObject({ signal: str, source: str, strength: z.number(), clause: nullableStr, evidence: jsonObject }),
  // On the case the report joined or opened; what the reporter wrote stays in the reports table.
  // priority: the case's priority with this report counted (it never lowers it).
  'report.filed': z.strictObject({ reportId: str, category: str.optional(), reporterKind: str.optional(), priority: z.number().optional() }),
  'case.opened': z.strictObject({
    // A conversation of direct messages is a subject of its own (services/cases/open-case.ts).
    subjectKind: z.enum(['content', 'account', 'conversation']),
    subjectId: str,
    priority: z.number(),
    urgent: z.boolean(),
    needs: z.enum(['reviewer', 'senior-reviewer']),
    rule: str,
    clauses: strings,
    reportIds: strings,
    // The messages that made the case (their spans are in their signal.recorded events).
    contentIds: strings.optional(),
    families: z.record(z.string(), z.number()).optional(),
    items: caseItems.optional(),
    // The review queue it was routed to (services/cases/routing.ts); absent on cases opened before queues.
    queue: str.optional(),
  }),
  // Later signals or reports about the subject of an open case join it instead of opening another.
  'case.joined': z.strictObject({
    priority: z.number(),
    urgent: z.boolean(),
    rule: str,
    clauses: strings,
    reportIds: strings,
    contentIds: strings,
    families: z.record(z.string(), z.number()).optional(),
    items: caseItems.optional(),
  }),
  // A reviewer's claim on the case until leaseUntil (a renewal is the same event again).
  'case.assigned': z.strictObject({ assigneeId: str, leaseUntil: str.optional() }),
  // released: handed back by its reviewer; taken over: claimed by another after the lease ran out.
  'case.unassigned': z.strictObject({ previous: str, why: z.enum(['released', 'lease-expired']).optional() }),
  // queue: where it goes now; finding: a reviewer's finding that waits for a senior's answer.
  'case.escalated': z.strictObject({
    priority: z.number().optional(),
    to: z.enum(['senior-reviewer', 'legal']).optional(),
    queue: str.optional(),
    finding: jsonValue.optional(),
  }),
  'case.commented': z.strictObject({ text: str }),
  'case.decided': z.strictObject({
    decision: jsonValue,
    /** A reviewer's NCMEC industry classification per reported file, by SHA-256 (VIGIE_NCMEC_INDUSTRY_MOU). */
    industryClassifications: z.record(str, z.enum(INDUSTRY_CLASSIFICATIONS)).optional(),
  }),
  'case.closed': z.strictObject({ outcome: str.optional() }),
  // A reporter whose reports no longer raise priority or reach the queue on their own.
  'reporter.muted': z.strictObject({ reporterKey: str }),
  'reporter.unmuted': z.strictObject({ reporterKey: str }),
  // A later signal (a classifier's) raised an open case's priority; the fold never lowers it.
  'case.reprioritised': z.strictObject({ priority: z.number(), rule: str }),
  'action.taken': actionFields,
  // Not emitted yet; the content fold and the webhooks read it like action.taken.
  'action.reverted': actionFields,
  // A report named an item vigie has never received: the platform is asked for it (webhook).
  // On the reporting account: its report's case was decided; outcome in general terms only.
  'report.resolved': z.strictObject({ reportId: str, clientKey: nullableStr, outcome: z.enum(['action-taken', 'no-action']) }),
  'content.requested': z.strictObject({ caseId: nullableStr, reportId: str }),
  'notice.sent': z.strictObject({ notice: noticeKind, contentIds: strings, clauses: strings }),
  'cybertip.drafted': z.strictObject({
    accountId: str,
    contentIds: strings,
    clauses: strings,
    draft: z.boolean(),
    automated: z.boolean(),
    policyVersion: str,
    // Computer-generated or drawn material (policy/material.ts): the report's file annotations.
    materialNature: z.array(z.enum(MATERIAL_NATURES)).optional(),
  }),
  // The CyberTipline filing workflow, on the cybertip subject (services/cybertip): each step's
  // outcome, so that the report's history is in the log as well as in its row.
  'cybertip.approved': z.strictObject({ automatic: z.boolean(), bank: str.optional(), escalateToHighPriority: str.optional() }),
  'cybertip.submitted': z.strictObject({ ncmecReportId: str, environment: z.enum(['test', 'production']), caseId: nullableStr, accountId: str }),
  'cybertip.file_uploaded': z.strictObject({ ncmecReportId: str, fileId: str, sha256: str, md5Matches: z.boolean() }),
  'cybertip.finished': z.strictObject({
    ncmecReportId: str,
    caseId: nullableStr,
    fileIds: strings,
    // NCMEC answered "already finished" to a probe after an uncertain /finish.
    confirmedByProbe: z.boolean(),
  }),
  'cybertip.retracted': z.strictObject({ ncmecReportId: nullableStr }),
  'cybertip.failed': z.strictObject({ step: str, code: z.number().int().nullable(), error: str }),
  'cybertip.overdue': z.strictObject({ approveBy: str, draftedAt: str }),
  // INHOPE referrals (services/referrals): a link to material on another site, the hotline of
  // its hosting country, and when the legal role sent it (the material itself is never fetched).
  'referral.prepared': z.strictObject({
    url: str,
    host: str,
    hostingCountry: nullableStr,
    hotline: str,
    caseId: nullableStr,
    cybertipId: nullableStr,
    clause: str,
  }),
  'referral.sent': z.strictObject({ hotline: str, note: nullableStr }),
  'signup.checked': notYetSpecified,
  // platform: absent on endpoints made before platforms existed (the default platform's).
  'webhook.endpoint_created': z.strictObject({ url: str, eventTypes: strings, platform: str.optional() }),
  'webhook.endpoint_updated': z.strictObject({
    changes: z.strictObject({ url: change(str).optional(), active: change(z.boolean()).optional(), eventTypes: change(strings).optional() }),
  }),
  'webhook.replayed': z.strictObject({ deliveryId: str, idempotencyKey: str, eventType: str, previousStatus: str, attemptsBefore: count }),
  // Appeals (services/appeals/), on the appellant's account. What the person wrote stays in
  // the appeals table, never in the log. excluded: staff who may not take the appeal (the
  // original decision's). dueAt: the appeals queue's deadline.
  'appeal.filed': z.strictObject({
    appealId: str,
    actionId: str,
    action: z.enum(['suspend_account', 'lock_account']),
    via: z.enum(['token', 'platform']),
    queue: str,
    dueAt: str,
    excluded: strings,
  }),
  'appeal.assigned': z.strictObject({ appealId: str, assigneeId: str, leaseUntil: str }),
  // restored: what the overturn undid; cybertipIds: reports legal was told about (never retracted).
  'appeal.resolved': z.strictObject({
    appealId: str,
    actionId: str,
    outcome: z.enum(['upheld', 'overturned']),
    restored: z.strictObject({ account: z.boolean(), contentIds: strings, identifiersLifted: count }).optional(),
    cybertipIds: strings.optional(),
  }),
  // On the CyberTipline report: the decision it came from was overturned on appeal. Legal
  // decides what to tell NCMEC; nothing is retracted automatically.
  'cybertip.decision_overturned': z.strictObject({ appealId: str, actionId: str, accountId: str }),
  // On the case, or on the appellant's account for an appeal: past its queue's target.
  'deadline.breached': z.strictObject({ item: z.enum(['case', 'appeal']), itemId: str, queue: str, dueAt: str, targetSeconds: count }),
  // On the case: a reviewer chose to see one item unblurred. The CyberTipline report says a
  // file was viewed by the provider only when such an event names it.
  'media.revealed': z.strictObject({ sha256: str, contentId: nullableStr, mediaId: nullableStr }),
  'export.made': notYetSpecified,
  // platforms: the platforms the member may see; absent: every platform.
  'staff.created': z.strictObject({ username: str, displayName: str, role: str, platforms: strings.optional() }),
  'staff.signed_in': z.strictObject({ ip: str, session: str }),
  // On the system subject for an unknown username (its digest); on the staff user otherwise,
  // with the counters when the attempt counted towards a lock.
  // knownAddress: the user had signed in from this address before; lockScope: what a lock
  // that starts here covers ('all', or 'unknown' addresses only).
  'staff.sign_in_failed': z.strictObject({
    ip: str,
    usernameDigest: str.optional(),
    failedAttempts: count.optional(),
    lockedUntil: str.optional(),
    knownAddress: z.boolean().optional(),
    lockScope: z.enum(['all', 'unknown']).optional(),
  }),
  // For admins: a burst of failed sign-ins on one staff user, or a lock that started.
  'staff.sign_in_alert': z.strictObject({
    ip: str,
    failures: count,
    unknownAddresses: count,
    windowMinutes: count,
    lockedUntil: str.optional(),
    lockScope: z.enum(['all', 'unknown']).optional(),
  }),
  'staff.signed_out': z.strictObject({ session: str }),
  'staff.updated': z.strictObject({
    changes: z.strictObject({
      role: change(str).optional(),
      displayName: change(str).optional(),
      disabled: change(z.boolean()).optional(),
      unlocked: z.strictObject({ lockedUntil: nullableStr, failedAttempts: count }).optional(),
      password: z.strictObject({ reset: z.literal(true) }).optional(),
      totp: z.strictObject({ reset: z.literal(true) }).optional(),
    }),
    sessionsEnded: count.optional(),
  }),
  'platform.created': z.strictObject({ name: str }),
  // platform: absent on keys made before platforms existed (the default platform's).
  'api_key.created': z.strictObject({ name: str, prefix: str, scopes: strings, platform: str.optional() }),
  'api_key.revoked': z.strictObject({}),
  'bank.created': z.strictObject({ name: str, hashType: str, source: str, listVersion: nullableStr, verified: z.boolean() }),
  'bank.updated': notYetSpecified,
  'bank.imported': z.strictObject({ bank: str, offered: count, added: count, unchanged: count, listVersion: nullableStr }),
  'bank.entries_removed': z.strictObject({ bank: str, removed: count }),
  // The staff console (issue 13). On the staff member: what they changed of their wellness
  // settings (each field from and to; clamped values as stored).
  'staff.settings_changed': z.strictObject({ changes: z.record(z.string(), z.strictObject({ from: jsonValue, to: jsonValue })) }),
  // On the system subject 'wellness-limits': what an admin changed of the limits.
  'wellness.limits_changed': z.strictObject({ changes: z.record(z.string(), z.strictObject({ from: jsonValue, to: jsonValue })) }),
  // On the system subject 'bank-imports': a list handed to a worker (its entries are logged
  // as bank.imported as they go in).
  'bank.import_requested': z.strictObject({ importId: str, bank: str, format: str, bytes: count }),
  // The evidence vault (docs/evidence-vault.md), on the hold. hold.placed: what it covers (the
  // media of its items included) and the sealed snapshot of each item; missing: media named
  // that the vault no longer held when the hold was placed.
  'hold.placed': z.strictObject({
    caseId: nullableStr,
    cybertipId: nullableStr,
    accountId: nullableStr,
    sha256s: strings,
    contentIds: strings,
    snapshots: z.array(z.strictObject({ contentId: str, sha256: str })),
    missing: strings,
    until: str,
  }),
  'hold.extended': z.strictObject({ until: str, previousUntil: str }),
  // Ended before its time by the legal role (e.g. a law-enforcement request to destroy the
  // material, 18 U.S.C. 2258B(c)(2)); the purge then deletes what no other hold covers.
  'hold.released': z.strictObject({ until: str, previousUntil: str }),
  // Someone read preserved evidence (a snapshot's text, or held media's bytes).
  'evidence.read': z.strictObject({ kind: z.enum(['media', 'snapshot']), sha256: str, contentId: nullableStr }),
  // Objects deleted from the vault: by the purge after the hold expired (cause 'expired'), or
  // by a person (cause 'deleted', e.g. destroyed on a law-enforcement request); kept: objects
  // the purge left because another hold still covers them.
  'evidence.purged': z.strictObject({
    cause: z.enum(['expired', 'deleted']),
    media: strings,
    snapshots: strings,
    kept: strings,
  }),
} satisfies Record<EventType, z.ZodType>;

export type PayloadOf<T extends EventType> = z.infer<(typeof PAYLOADS)[T]>;
