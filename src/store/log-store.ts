// Appends to and reads from the moderation log. Appends happen inside the caller's
// transaction so that an event and the state it changes commit together or not at all.
import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { Dialect, EventTable } from './database.js';
import { sqliteOf, type Tx } from './transaction.js';
import type { InTx } from './unit-of-work.js';
import { partitionOf, seal, type Head } from '../moderation/chain.js';
import { checkEvent } from '../moderation/check.js';
import { insertRowsReturningRowid } from './bulk.js';
import type { LoggedEvent, NewEvent, SubjectRef, SubjectKind, ActorKind } from '../moderation/events.js';
import { PLATFORM_SUBJECT_KINDS } from '../moderation/platform-ids.js';
import { ownedByOneOf } from './platform-filter.js';

export async function appendEvents(tx: InTx, dialect: Dialect, partitions: number, events: readonly NewEvent[]): Promise<LoggedEvent[]> {
  if (events.length === 0) return [];
  // Before any head is locked or hash computed: a refused event throws, and the caller's
  // transaction rolls back with everything it wrote.
  for (const e of events) checkEvent(e);
  const heads = await lockHeads(tx, dialect, partitions, events);
  const before = new Map([...heads].map(([p, h]) => [p, { ...h }]));
  const sealed = seal(events, partitions, heads);

  const rows = sealed.map((s) => ({
    partition: s.partition,
    partition_seq: s.partitionSeq,
    type: s.type,
    subject_kind: s.subjectKind,
    subject_id: s.subjectId,
    actor_kind: s.actorKind,
    actor_id: s.actorId,
    at: s.at,
    reason: s.reason,
    payload_json: s.payloadJson,
    prev_hash: s.prevHash,
    hash: s.hash,
  }));
  let seqs: number[];
  if (dialect === 'sqlite') {
    // See bulk.ts: a cached single-row statement is the fast path in SQLite; `seq` is the
    // table's INTEGER PRIMARY KEY, that is its rowid, and rows go in the order given.
    seqs = await insertRowsReturningRowid(tx, 'events', rows);
  } else {
    // RETURNING does not promise an order: match rows by their place in the chain.
    const byPlace = new Map<string, number>();
    for (let i = 0; i < rows.length; i += 1000) {
      const inserted = await tx
        .insertInto('events')
        .values(rows.slice(i, i + 1000))
        .returning(['seq', 'partition', 'partition_seq'])
        .execute();
      for (const r of inserted) byPlace.set(`${r.partition}:${r.partition_seq}`, Number(r.seq));
    }
    seqs = sealed.map((s) => byPlace.get(`${s.partition}:${s.partitionSeq}`)!);
  }

  const moved = [...heads]
    .filter(([partition, head]) => before.get(partition)?.partitionSeq !== head.partitionSeq)
    .map(([partition, head]) => ({ partition, partition_seq: head.partitionSeq, hash: head.hash }));
  const sqlite = sqliteOf(tx);
  if (moved.length > 0 && sqlite) {
    const stmt = sqlite.statement(UPSERT_HEAD_SQLITE);
    for (const m of moved) stmt.run(m.partition, m.partition_seq, m.hash);
  } else if (moved.length > 0) {
    await tx
      .insertInto('log_heads')
      .values(moved)
      .onConflict((oc) => oc.column('partition').doUpdateSet((eb) => ({ partition_seq: eb.ref('excluded.partition_seq'), hash: eb.ref('excluded.hash') })))
      .execute();
  }

  return sealed.map((s, i) => ({
    ...events[i]!,
    seq: seqs[i]!,
    partition: s.partition,
    partitionSeq: s.partitionSeq,
    prevHash: s.prevHash,
    hash: s.hash,
  }));
}

// SQLite: the write lock is the whole database, and reading every head (there are a
// handful) with one cached statement is cheaper than building a query for some of them.
const HEADS_SQLITE = 'select "partition", "partition_seq", "hash" from "log_heads"';
const UPSERT_HEAD_SQLITE =
  'insert into "log_heads" ("partition", "partition_seq", "hash") values (?, ?, ?) ' +
  'on conflict ("partition") do update set "partition_seq" = excluded."partition_seq", "hash" = excluded."hash"';

async function lockHeads(tx: Tx, dialect: Dialect, partitions: number, events: readonly NewEvent[]): Promise<Map<number, Head>> {
  const sqlite = sqliteOf(tx);
  if (sqlite) {
    const heads = new Map<number, Head>();
    for (const r of sqlite.statement(HEADS_SQLITE).all() as { partition: number; partition_seq: number; hash: string }[]) {
      heads.set(r.partition, { partitionSeq: r.partition_seq, hash: r.hash });
    }
    return heads;
  }
  const wanted = new Set<number>();
  for (const e of events) wanted.add(partitionOf(e.subject, partitions));
  // Locked in a fixed order so that two writers never wait on each other in a cycle.
  const list = [...wanted].sort((a, b) => a - b);
  let query = tx.selectFrom('log_heads').select(['partition', 'partition_seq', 'hash']).where('partition', 'in', list).orderBy('partition');
  if (dialect === 'postgres') query = query.forUpdate();
  const rows = await query.execute();
  const heads = new Map<number, Head>();
  for (const r of rows) heads.set(r.partition, { partitionSeq: Number(r.partition_seq), hash: r.hash });
  if (dialect === 'postgres' && rows.length < list.length) {
    // A partition's first event: the head row does not exist yet, so nothing was locked.
    // Create the missing rows (a concurrent writer may too) and lock them before reading.
    const missing = list.filter((p) => !heads.has(p));
    await tx
      .insertInto('log_heads')
      .values(missing.map((partition) => ({ partition, partition_seq: 0, hash: '0'.repeat(64) })))
      .onConflict((oc) => oc.column('partition').doNothing())
      .execute();
    const locked = await tx
      .selectFrom('log_heads')
      .select(['partition', 'partition_seq', 'hash'])
      .where('partition', 'in', missing)
      .orderBy('partition')
      .forUpdate()
      .execute();
    for (const r of locked) heads.set(r.partition, { partitionSeq: Number(r.partition_seq), hash: r.hash });
  }
  return heads;
}

/** An events row as the database returns it. */
export type EventRow = Selectable<EventTable>;

/** A stored row as an event. Its payload is taken as its type's: it was checked before it was sealed (`vigie verify` checks it again). */
export function rowToEvent(r: EventRow): LoggedEvent {
  return rowWithPayload(r, JSON.parse(r.payload_json));
}

/** As rowToEvent, for a caller that has parsed (and checked) the payload already. */
export function rowWithPayload(r: EventRow, payload: unknown): LoggedEvent {
  return {
    seq: Number(r.seq),
    partition: r.partition,
    partitionSeq: Number(r.partition_seq),
    prevHash: r.prev_hash,
    hash: r.hash,
    type: r.type,
    subject: { kind: r.subject_kind as SubjectKind, id: r.subject_id },
    actor: { kind: r.actor_kind as ActorKind, id: r.actor_id },
    at: r.at,
    reason: r.reason,
    payload,
  } as LoggedEvent;
}

export async function eventsOf(tx: Tx, subject: SubjectRef, limit = 1000): Promise<LoggedEvent[]> {
  const rows = await tx
    .selectFrom('events')
    .selectAll()
    .where('subject_kind', '=', subject.kind)
    .where('subject_id', '=', subject.id)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => rowToEvent(r as EventRow));
}

/** Pages through the whole log in `seq` order without holding it all in memory. */
export async function* scanEvents(tx: Tx, pageSize = 5000): AsyncGenerator<EventRow> {
  let after = 0;
  for (;;) {
    const rows = (await tx.selectFrom('events').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute()) as EventRow[];
    if (rows.length === 0) return;
    for (const r of rows) yield r;
    after = Number(rows[rows.length - 1]!.seq);
  }
}

export async function countEvents(tx: Tx): Promise<number> {
  const r = await tx
    .selectFrom('events')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** How many events a subject has. */
export async function countEventsOf(tx: Tx, subject: SubjectRef): Promise<number> {
  const row = await tx
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('subject_kind', '=', subject.kind)
    .where('subject_id', '=', subject.id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface EventFilter {
  subjectKind?: string | undefined;
  subjectId?: string | undefined;
  /** Only events on these platforms' accounts and content (src/moderation/platform-ids.ts). */
  platforms?: readonly string[] | undefined;
}

/** Events after `afterSeq` in log order, of one subject (or kind) when asked, at most `limit`. */
export async function eventsAfter(db: Tx, afterSeq: number, filter: EventFilter, limit: number): Promise<EventRow[]> {
  let query = db.selectFrom('events').selectAll().where('seq', '>', afterSeq);
  if (filter.subjectKind !== undefined) query = query.where('subject_kind', '=', filter.subjectKind);
  if (filter.subjectId !== undefined) query = query.where('subject_id', '=', filter.subjectId);
  const platforms = filter.platforms;
  if (platforms !== undefined) {
    query = query.where('subject_kind', 'in', [...PLATFORM_SUBJECT_KINDS]).where(ownedByOneOf('subject_id', platforms));
  }
  return (await query.orderBy('seq').limit(limit).execute()) as EventRow[];
}

/** Every partition's head: its last position and hash. */
export async function logHeads(db: Tx): Promise<{ partition: number; partitionSeq: number; hash: string }[]> {
  const rows = await db.selectFrom('log_heads').selectAll().execute();
  return rows.map((h) => ({ partition: h.partition, partitionSeq: Number(h.partition_seq), hash: h.hash }));
}

/** A page of the cached state rows of accounts, content or cases, by id after `after`. */
export async function cachedStatePage(
  db: Tx,
  table: 'accounts' | 'content' | 'cases',
  after: string,
  limit: number,
): Promise<{ id: string; state_json: string }[]> {
  return db.selectFrom(table).select(['id', 'state_json']).where('id', '>', after).orderBy('id').limit(limit).execute();
}
