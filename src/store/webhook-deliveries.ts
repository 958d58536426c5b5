// Webhook deliveries in the database: one row per (endpoint, action) that records where
// that message stands, and the keys of the queue jobs that send it.
//
// A delivery row is written in the transaction that logs its action, with the queue job that
// sends it (the outbox), so an action is never committed without its deliveries. The row's
// status is 'pending', 'delivered' or 'dead'; a pending row whose jobs have all ended (a
// worker died during the last attempt) is reported as dead, so it is never hidden from the
// dead-letter list. The job keys live here because the status query reads them.
import { sql, type ExpressionBuilder, type Selectable } from 'kysely';
import type { Tx } from './transaction.js';
import type { InTx } from './unit-of-work.js';
import type { Database, WebhookDeliveryTable } from './database.js';
import type { EndpointRow } from './webhook-endpoints.js';
import type { WebhookMessage } from '../enforcement/webhooks/message.js';

export const DELIVER_JOB_KIND = 'webhook.deliver';

/** The first job of a delivery; its key makes a second enqueue of the same delivery a no-op. */
export function firstJobKey(deliveryId: string): string {
  return `${DELIVER_JOB_KIND}:${deliveryId}`;
}

/** A replay's job, keyed by its webhook.replayed event so that each replay runs once. */
export function replayJobKey(deliveryId: string, replayEventSeq: number): string {
  return `${DELIVER_JOB_KIND}:${deliveryId}:replay:${replayEventSeq}`;
}

/** A cursor or query the list refuses; the HTTP layer answers 422. */
export class DeliveryQueryError extends Error {
  override readonly name = 'DeliveryQueryError';
}

/** Inserts a delivery unless (endpoint, idempotency key) already has one; true if inserted. */
export async function insertDelivery(tx: InTx, row: Selectable<WebhookDeliveryTable>): Promise<boolean> {
  const inserted = await tx
    .insertInto('webhook_deliveries')
    .values(row)
    .onConflict((oc) => oc.columns(['endpoint_id', 'idempotency_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Locks a delivery row for a replay; false if there is none. */
export async function lockDelivery(tx: InTx, dialect: 'sqlite' | 'postgres', deliveryId: string): Promise<boolean> {
  let lock = tx.selectFrom('webhook_deliveries').select('id').where('id', '=', deliveryId);
  if (dialect === 'postgres') lock = lock.forUpdate();
  return (await lock.executeTakeFirst()) !== undefined;
}

export async function markPendingAgain(tx: InTx, deliveryId: string, at: string): Promise<void> {
  await tx.updateTable('webhook_deliveries').set({ status: 'pending', next_attempt_at: at, delivered_at: null }).where('id', '=', deliveryId).execute();
}

/** Dead deliveries, oldest first, at most `limit + 1` (so the caller knows there are more). */
export async function deadDeliveryIds(db: Tx, limit: number, endpointId?: string): Promise<string[]> {
  let q = db
    .selectFrom('webhook_deliveries as d')
    .select(['d.id'])
    .where((eb) => whereStatus(eb, 'dead'));
  if (endpointId !== undefined) q = q.where('d.endpoint_id', '=', endpointId);
  return (
    await q
      .orderBy('d.created_at')
      .orderBy('d.id')
      .limit(limit + 1)
      .execute()
  ).map((r) => r.id);
}

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
  return sql<
    string | null
  >`(select min(j.run_at) from jobs j where j.kind = ${sql.lit(DELIVER_JOB_KIND)} and j.status in ('queued', 'running') and ${jobOf(deliveryId)})`;
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
  throw new DeliveryQueryError('not a cursor from this list');
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
  const rows = await q
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return { deliveries: page.map(toView), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null };
}

export async function getDelivery(db: Tx, deliveryId: string): Promise<DeliveryView | undefined> {
  const row = await deliveriesQuery(db).where('d.id', '=', deliveryId).executeTakeFirst();
  return row && toView(row);
}
