// Platform webhooks in the database: the endpoints a platform registered, and one delivery
// row per (endpoint, action) that records where that message stands.
//
// A delivery row is written in the transaction that logs its action, with the queue job that
// sends it (the outbox), so an action is never committed without its deliveries. The row's
// status is 'pending', 'delivered' or 'dead'; a pending row whose jobs have all ended (a
// worker died during the last attempt) is reported as dead, so it is never hidden from the
// dead-letter list.
import { randomBytes, randomUUID } from 'node:crypto';
import { sql, type ExpressionBuilder, type Selectable } from 'kysely';
import type { Store } from './store.js';
import type { Tx } from './transaction.js';
import type { Database, WebhookDeliveryTable, WebhookEndpointTable } from './database.js';
import type { JobStore } from './job-store.js';
import type { EnqueueOptions, Enqueued, JobQueue } from '../work/queue.js';
import type { Actor, JsonValue, LoggedEvent } from '../moderation/events.js';
import type { PayloadOf } from '../moderation/payloads.js';
import { WEBHOOK_EVENT_TYPES, buildMessage, idempotencyKeyOf, isWebhookEventType, messageBody, type WebhookEventType, type WebhookMessage } from '../enforcement/webhooks/message.js';
import { DELIVER_JOB_KIND, firstJobKey, replayJobKey } from '../enforcement/webhooks/job.js';
import { WEBHOOK_MAX_ATTEMPTS } from '../enforcement/webhooks/schedule.js';

// ---------------------------------------------------------------------------------------
// Endpoints

export interface WebhookEndpoint {
  id: string;
  url: string;
  eventTypes: WebhookEventType[];
  active: boolean;
  createdAt: string;
}

/** A request the store refuses (bad URL, unknown event type); the HTTP layer answers 422. */
export class WebhookInputError extends Error {
  override readonly name = 'WebhookInputError';
}

const MAX_URL = 2048;

/** http(s) only, no credentials in the URL (they would end up in logs); returns it normalised. */
export function checkEndpointUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new WebhookInputError('the endpoint URL is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookInputError('the endpoint URL must be http or https');
  if (url.username || url.password) throw new WebhookInputError('the endpoint URL must not carry credentials: messages are signed instead');
  if (url.hash) throw new WebhookInputError('the endpoint URL must not have a fragment');
  const text = url.toString();
  if (text.length > MAX_URL) throw new WebhookInputError(`the endpoint URL is longer than ${MAX_URL} characters`);
  return text;
}

function checkEventTypes(types: readonly string[] | undefined): WebhookEventType[] {
  if (types === undefined) return [...WEBHOOK_EVENT_TYPES];
  const unique = [...new Set(types)];
  if (unique.length === 0) throw new WebhookInputError('an endpoint needs at least one event type');
  for (const t of unique) if (!isWebhookEventType(t)) throw new WebhookInputError(`"${t}" is not a webhook event type (${WEBHOOK_EVENT_TYPES.join(', ')})`);
  return unique as WebhookEventType[];
}

/** What the log keeps of a URL: its query string may hold a platform's token, and the log is forever. */
function urlForLog(url: string): string {
  const u = new URL(url);
  return u.search ? `${u.origin}${u.pathname}?…` : `${u.origin}${u.pathname}`;
}

type EndpointRow = Selectable<WebhookEndpointTable>;

function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return { id: row.id, url: row.url, eventTypes: JSON.parse(row.event_types_json) as WebhookEventType[], active: Number(row.active) === 1, createdAt: row.created_at };
}

/** The secret is in this answer only; the caller shows it once. */
export async function createEndpoint(
  store: Store,
  input: { url: string; eventTypes?: readonly string[] | undefined; actor: Actor; at: string },
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const url = checkEndpointUrl(input.url);
  const eventTypes = checkEventTypes(input.eventTypes);
  const id = `whe_${randomUUID()}`;
  // Stored as is: vigie must sign with it, so unlike an API key it cannot be kept as a hash.
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  await store.write(async (w) => {
    await w.tx.insertInto('webhook_endpoints').values({ id, url, secret, event_types_json: JSON.stringify(eventTypes), active: 1, created_at: input.at }).execute();
    await w.append([
      { type: 'webhook.endpoint_created', subject: { kind: 'webhook', id }, actor: input.actor, at: input.at, reason: null, payload: { url: urlForLog(url), eventTypes } },
    ]);
  });
  return { endpoint: { id, url, eventTypes, active: true, createdAt: input.at }, secret };
}

export async function listEndpoints(db: Tx): Promise<WebhookEndpoint[]> {
  const rows = await db.selectFrom('webhook_endpoints').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(toEndpoint);
}

export async function getEndpoint(db: Tx, id: string): Promise<WebhookEndpoint | undefined> {
  const row = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toEndpoint(row);
}

export interface EndpointChanges {
  url?: string | undefined;
  active?: boolean | undefined;
  eventTypes?: readonly string[] | undefined;
}

/** undefined if there is no such endpoint; `changed` is false when nothing differed (nothing is logged). */
export async function updateEndpoint(
  store: Store,
  id: string,
  changes: EndpointChanges,
  actor: Actor,
  at: string,
  reason: string | null = null,
): Promise<{ endpoint: WebhookEndpoint; changed: boolean } | undefined> {
  const url = changes.url === undefined ? undefined : checkEndpointUrl(changes.url);
  const eventTypes = changes.eventTypes === undefined ? undefined : checkEventTypes(changes.eventTypes);
  return store.write(async (w) => {
    let q = w.tx.selectFrom('webhook_endpoints').selectAll().where('id', '=', id);
    if (w.dialect === 'postgres') q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row) return undefined;
    const before = toEndpoint(row);
    const diff: PayloadOf<'webhook.endpoint_updated'>['changes'] = {};
    const set: Partial<EndpointRow> = {};
    if (url !== undefined && url !== before.url) {
      set.url = url;
      diff.url = { from: urlForLog(before.url), to: urlForLog(url) };
    }
    if (changes.active !== undefined && changes.active !== before.active) {
      set.active = changes.active ? 1 : 0;
      diff.active = { from: before.active, to: changes.active };
    }
    if (eventTypes !== undefined && !sameSet(eventTypes, before.eventTypes)) {
      set.event_types_json = JSON.stringify(eventTypes);
      diff.eventTypes = { from: before.eventTypes, to: eventTypes };
    }
    if (Object.keys(diff).length === 0) return { endpoint: before, changed: false };
    await w.tx.updateTable('webhook_endpoints').set(set).where('id', '=', id).execute();
    await w.append([{ type: 'webhook.endpoint_updated', subject: { kind: 'webhook', id }, actor, at, reason, payload: { changes: diff } }]);
    return { endpoint: { ...before, ...(url !== undefined ? { url } : {}), ...(changes.active !== undefined ? { active: changes.active } : {}), ...(eventTypes ? { eventTypes } : {}) }, changed: true };
  });
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

// ---------------------------------------------------------------------------------------
// Deliveries: creation, in the action's transaction

/** What enqueueActionDeliveries needs: a transaction and a way to queue a job in it. A JobWriter is one. */
export interface DeliveryOutbox {
  tx: Tx;
  enqueue(kind: string, payload: JsonValue, options?: EnqueueOptions): Promise<Enqueued>;
}

/** For a caller holding a bare transaction: the jobs are queued in it. */
export function outboxIn(jobs: JobQueue, tx: Tx): DeliveryOutbox {
  return { tx, enqueue: (kind, payload, options) => jobs.enqueueIn(tx, kind, payload, options) };
}

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
 * job per active endpoint subscribed to its type. Call it inside the transaction that
 * appended the events. Calling it again for the same events creates nothing: a delivery is
 * unique per (endpoint, idempotency key).
 */
export async function enqueueActionDeliveries(w: DeliveryOutbox, logged: readonly LoggedEvent[], options: DeliveryOptions = {}): Promise<CreatedDelivery[]> {
  const actions = logged.filter((e) => isWebhookEventType(e.type));
  if (actions.length === 0) return [];
  const endpoints = (await w.tx.selectFrom('webhook_endpoints').selectAll().where('active', '=', 1).orderBy('created_at').orderBy('id').execute()).map(toEndpoint);
  const created: CreatedDelivery[] = [];
  for (const event of actions) {
    const eventType = event.type as WebhookEventType;
    const idempotencyKey = idempotencyKeyOf(event);
    for (const endpoint of endpoints) {
      if (!endpoint.eventTypes.includes(eventType)) continue;
      const deliveryId = `whd_${randomUUID()}`;
      const inserted = await w.tx
        .insertInto('webhook_deliveries')
        .values({
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
        })
        .onConflict((oc) => oc.columns(['endpoint_id', 'idempotency_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) continue;
      await w.enqueue(DELIVER_JOB_KIND, { deliveryId }, { dedupeKey: firstJobKey(deliveryId), maxAttempts: options.maxAttempts ?? WEBHOOK_MAX_ATTEMPTS });
      created.push({ deliveryId, endpointId: endpoint.id, idempotencyKey, eventType });
    }
  }
  return created;
}

// ---------------------------------------------------------------------------------------
// Deliveries: what the sender reads and records

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'dead'];

type DeliveryRow = Selectable<WebhookDeliveryTable>;

export interface SendTarget {
  delivery: DeliveryRow;
  endpoint: EndpointRow | undefined;
}

/** The delivery with its endpoint (and the endpoint's secret): for the sender only. */
export async function loadForSending(db: Tx, deliveryId: string): Promise<SendTarget | undefined> {
  const delivery = await db.selectFrom('webhook_deliveries').selectAll().where('id', '=', deliveryId).executeTakeFirst();
  if (!delivery) return undefined;
  const endpoint = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', delivery.endpoint_id).executeTakeFirst();
  return { delivery, endpoint };
}

export type AttemptRecord =
  | { outcome: 'delivered' }
  /** `final`: no attempt will follow (refused for good, or the last one), so the delivery is dead. */
  | { outcome: 'failed'; error: string; final: boolean; attempted: boolean };

const MAX_ERROR = 1000;

export async function recordAttempt(db: Tx, deliveryId: string, record: AttemptRecord, at: string): Promise<void> {
  if (record.outcome === 'delivered') {
    await db
      .updateTable('webhook_deliveries')
      .set((eb) => ({ status: 'delivered', delivered_at: at, last_error: null, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', deliveryId)
      .execute();
    return;
  }
  const error = record.error.length > MAX_ERROR ? `${record.error.slice(0, MAX_ERROR - 1)}…` : record.error;
  await db
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      last_error: error,
      attempts: record.attempted ? eb('attempts', '+', 1) : eb.ref('attempts'),
      ...(record.final ? { status: 'dead' } : {}),
    }))
    .where('id', '=', deliveryId)
    // A repeated run that failed must not undo one that succeeded.
    .where('status', '<>', 'delivered')
    .execute();
}

// ---------------------------------------------------------------------------------------
// Deliveries: what admins see

export interface DeliveryView {
  id: string;
  endpointId: string;
  eventType: string;
  idempotencyKey: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  /** When its current job is due (or running) again; null if none is. */
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  message: WebhookMessage;
}

const JOB_PREFIX = `${DELIVER_JOB_KIND}:`;

/**
 * The delivery's jobs are found by their keys: `webhook.deliver:<id>` for the first and
 * `webhook.deliver:<id>:replay:<seq>` for replays. Compared with substr rather than LIKE, as
 * LIKE would read the "_" of an id as a wildcard.
 */
function jobOf(deliveryId: ReturnType<typeof sql.ref>) {
  return sql<boolean>`(j.dedupe_key = ${sql.lit(JOB_PREFIX)} || ${deliveryId} or substr(j.dedupe_key, 1, length(${deliveryId}) + ${sql.lit(JOB_PREFIX.length + 1)}) = ${sql.lit(JOB_PREFIX)} || ${deliveryId} || ':')`;
}

function liveJobRunAt(deliveryId: ReturnType<typeof sql.ref>) {
  return sql<string | null>`(select min(j.run_at) from jobs j where j.kind = ${sql.lit(DELIVER_JOB_KIND)} and j.status in ('queued', 'running') and ${jobOf(deliveryId)})`;
}

function liveJobExists(deliveryId: ReturnType<typeof sql.ref>) {
  return sql<boolean>`exists (select 1 from jobs j where j.kind = ${sql.lit(DELIVER_JOB_KIND)} and j.status in ('queued', 'running') and ${jobOf(deliveryId)})`;
}

/**
 * Delivered is final. Otherwise the jobs decide: one queued or running means it is still on
 * its way (even a dead row whose job an admin re-queued in the job list); none means nothing
 * will send it again, whatever the row says, so it is a dead letter.
 */
function effectiveStatus(row: { status: string; live_run_at: string | null }): DeliveryStatus {
  if (row.status === 'delivered') return 'delivered';
  return row.live_run_at !== null ? 'pending' : 'dead';
}

function whereStatus(eb: ExpressionBuilder<Database & { d: WebhookDeliveryTable }, 'd'>, status: DeliveryStatus) {
  const id = sql.ref('d.id');
  if (status === 'delivered') return eb('d.status', '=', 'delivered');
  return eb.and([eb('d.status', '<>', 'delivered'), status === 'pending' ? liveJobExists(id) : eb.not(liveJobExists(id))]);
}

function toView(row: DeliveryRow & { live_run_at: string | null }): DeliveryView {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    eventType: row.event_type,
    idempotencyKey: row.idempotency_key,
    status: effectiveStatus(row),
    attempts: Number(row.attempts),
    lastError: row.status === 'pending' && row.live_run_at === null ? 'its last attempt ended without a result (the worker stopped)' : row.last_error,
    nextAttemptAt: row.live_run_at,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
    message: JSON.parse(row.payload_json) as WebhookMessage,
  };
}

export interface DeliveryQuery {
  status?: DeliveryStatus | undefined;
  endpointId?: string | undefined;
  limit?: number | undefined;
  /** From a previous page's nextCursor. */
  cursor?: string | undefined;
}

function encodeCursor(row: { created_at: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.created_at, row.id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string') return [parsed[0], parsed[1]];
  } catch {
    // Falls through to the refusal.
  }
  throw new WebhookInputError('not a cursor from this list');
}

function deliveriesQuery(db: Tx) {
  const id = sql.ref('d.id');
  return db.selectFrom('webhook_deliveries as d').selectAll('d').select(liveJobRunAt(id).as('live_run_at'));
}

/** Newest first. status 'dead' is the dead-letter list. */
export async function listDeliveries(db: Tx, query: DeliveryQuery = {}): Promise<{ deliveries: DeliveryView[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), 1000);
  let q = deliveriesQuery(db);
  if (query.endpointId !== undefined) q = q.where('d.endpoint_id', '=', query.endpointId);
  const status = query.status;
  if (status !== undefined) q = q.where((eb) => whereStatus(eb, status));
  if (query.cursor !== undefined) {
    const [createdAt, afterId] = decodeCursor(query.cursor);
    q = q.where((eb) => eb.or([eb('d.created_at', '<', createdAt), eb.and([eb('d.created_at', '=', createdAt), eb('d.id', '<', afterId)])]));
  }
  const rows = await q.orderBy('d.created_at', 'desc').orderBy('d.id', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  return { deliveries: page.map(toView), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null };
}

export async function getDelivery(db: Tx, deliveryId: string): Promise<DeliveryView | undefined> {
  const row = await deliveriesQuery(db).where('d.id', '=', deliveryId).executeTakeFirst();
  return row && toView(row);
}

// ---------------------------------------------------------------------------------------
// Replay

export type ReplayResult =
  | { replayed: true; delivery: DeliveryView }
  | { replayed: false; reason: 'not_found' | 'in_flight' | 'endpoint_inactive'; delivery?: DeliveryView };

/**
 * Sends a dead or delivered delivery again: same delivery id, same idempotency key, same
 * bytes (re-signed at send time), a fresh set of attempts. Logs who asked. A delivery still
 * on its way is left alone, so that two admins replaying at once send it once more, not twice.
 */
export async function replayDelivery(
  jobs: JobStore,
  deliveryId: string,
  actor: Actor,
  at: string,
  options: { reason?: string | null; maxAttempts?: number } = {},
): Promise<ReplayResult> {
  return jobs.write(async (w) => {
    let lock = w.tx.selectFrom('webhook_deliveries').select('id').where('id', '=', deliveryId);
    if (w.dialect === 'postgres') lock = lock.forUpdate();
    if (!(await lock.executeTakeFirst())) return { replayed: false, reason: 'not_found' };
    const before = (await getDelivery(w.tx, deliveryId))!;
    if (before.status === 'pending') return { replayed: false, reason: 'in_flight', delivery: before };
    const endpoint = await getEndpoint(w.tx, before.endpointId);
    if (!endpoint?.active) return { replayed: false, reason: 'endpoint_inactive', delivery: before };
    const { logged } = await w.append([
      {
        type: 'webhook.replayed',
        subject: { kind: 'webhook', id: before.endpointId },
        actor,
        at,
        reason: options.reason ?? null,
        payload: { deliveryId, idempotencyKey: before.idempotencyKey, eventType: before.eventType, previousStatus: before.status, attemptsBefore: before.attempts },
      },
    ]);
    await w.tx.updateTable('webhook_deliveries').set({ status: 'pending', next_attempt_at: at, delivered_at: null }).where('id', '=', deliveryId).execute();
    await w.enqueue(DELIVER_JOB_KIND, { deliveryId }, { dedupeKey: replayJobKey(deliveryId, logged[0]!.seq), maxAttempts: options.maxAttempts ?? WEBHOOK_MAX_ATTEMPTS });
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
  jobs: JobStore,
  actor: Actor,
  at: string,
  options: { endpointId?: string | undefined; limit?: number | undefined; reason?: string | null } = {},
): Promise<ReplayDeadSummary> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 1000), 1), 10_000);
  let q = jobs.store.db
    .selectFrom('webhook_deliveries as d')
    .select(['d.id'])
    .where((eb) => whereStatus(eb, 'dead'));
  if (options.endpointId !== undefined) q = q.where('d.endpoint_id', '=', options.endpointId);
  const rows = await q.orderBy('d.created_at').orderBy('d.id').limit(limit + 1).execute();
  const summary: ReplayDeadSummary = { replayed: [], skipped: [], more: rows.length > limit };
  for (const row of rows.slice(0, limit)) {
    const result = await replayDelivery(jobs, row.id, actor, at, { reason: options.reason ?? null });
    if (result.replayed) summary.replayed.push(row.id);
    else if (result.reason === 'endpoint_inactive') summary.skipped.push(row.id);
  }
  return summary;
}
