// Preservation holds as rows (migration 018): the hold, and what it covers. A hold covers an
// object while it is active and its `until` is in the future; the log keeps why.
import type { Selectable } from 'kysely';
import type { HoldItemTable, HoldTable } from './database.js';
import type { Tx } from './transaction.js';
import type { InTx } from './unit-of-work.js';
import { lockSubjects } from './projection.js';

export type HoldRow = Selectable<HoldTable>;
export type HoldItemRow = Selectable<HoldItemTable>;
export type HoldItemKind = 'media' | 'content' | 'snapshot';

/** The lock every writer that places, extends, purges or deletes under a hold takes, per object. */
export function evidenceLockKey(kind: HoldItemKind, ref: string): string {
  return `evidence:${kind}:${ref}`;
}

export function holdLockKey(id: string): string {
  return `hold:${id}`;
}

/** Serialises writers of the same holds and objects (PostgreSQL; SQLite has one writer). */
export async function lockEvidence(tx: InTx, dialect: 'sqlite' | 'postgres', keys: readonly string[]): Promise<void> {
  await lockSubjects(tx, dialect, keys);
}

export async function insertHold(tx: InTx, row: HoldRow, items: readonly HoldItemRow[]): Promise<void> {
  await tx.insertInto('holds').values(row).execute();
  if (items.length > 0)
    await tx
      .insertInto('hold_items')
      .values([...items])
      .onConflict((oc) => oc.doNothing())
      .execute();
}

export async function holdById(db: Tx, id: string): Promise<HoldRow | undefined> {
  return db.selectFrom('holds').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function holdByCybertip(db: Tx, cybertipId: string): Promise<HoldRow | undefined> {
  return db.selectFrom('holds').selectAll().where('cybertip_id', '=', cybertipId).executeTakeFirst();
}

export async function itemsOfHolds(db: Tx, ids: readonly string[]): Promise<HoldItemRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('hold_items')
    .selectAll()
    .where('hold_id', 'in', [...ids])
    .orderBy('hold_id')
    .orderBy('kind')
    .orderBy('ref')
    .execute();
}

/** Active holds in force at `now` that cover any of `refs` of `kind` (other than `except`). */
export async function holdsCovering(db: Tx, kind: HoldItemKind, refs: readonly string[], now: string, except?: string): Promise<(HoldRow & { ref: string })[]> {
  if (refs.length === 0) return [];
  let q = db
    .selectFrom('hold_items')
    .innerJoin('holds', 'holds.id', 'hold_items.hold_id')
    .selectAll('holds')
    .select('hold_items.ref')
    .where('hold_items.kind', '=', kind)
    .where('hold_items.ref', 'in', [...refs])
    .where('holds.status', '=', 'active')
    .where('holds.until', '>', now);
  if (except !== undefined) q = q.where('holds.id', '<>', except);
  return q.orderBy('holds.until', 'desc').execute();
}

export interface HoldFilter {
  caseId?: string | undefined;
  cybertipId?: string | undefined;
  sha256?: string | undefined;
  contentId?: string | undefined;
  status?: 'active' | 'purged' | undefined;
  /** Ids after this one (pages in id order). */
  afterId?: string | undefined;
  limit: number;
}

export async function findHolds(db: Tx, f: HoldFilter): Promise<HoldRow[]> {
  let q = db.selectFrom('holds').selectAll();
  if (f.caseId !== undefined) q = q.where('case_id', '=', f.caseId);
  if (f.cybertipId !== undefined) q = q.where('cybertip_id', '=', f.cybertipId);
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  if (f.afterId !== undefined) q = q.where('id', '>', f.afterId);
  if (f.sha256 !== undefined) {
    const sha = f.sha256;
    q = q.where('id', 'in', db.selectFrom('hold_items').select('hold_id').where('kind', '=', 'media').where('ref', '=', sha));
  }
  if (f.contentId !== undefined) {
    const id = f.contentId;
    q = q.where('id', 'in', db.selectFrom('hold_items').select('hold_id').where('kind', '=', 'content').where('ref', '=', id));
  }
  return q.orderBy('id').limit(f.limit).execute();
}

/** Active holds whose time has come, oldest first. */
export async function dueHolds(db: Tx, now: string, limit: number): Promise<HoldRow[]> {
  return db.selectFrom('holds').selectAll().where('status', '=', 'active').where('until', '<=', now).orderBy('until').orderBy('id').limit(limit).execute();
}

export async function setHoldUntil(tx: InTx, id: string, until: string): Promise<void> {
  await tx.updateTable('holds').set({ until }).where('id', '=', id).execute();
}

export async function markHoldPurged(tx: InTx, id: string, at: string): Promise<void> {
  await tx.updateTable('holds').set({ status: 'purged', purged_at: at }).where('id', '=', id).execute();
}

/** An item as stored, for its preservation snapshot: the content row and its media rows. */
export async function contentForSnapshot(db: Tx, contentId: string) {
  const content = await db
    .selectFrom('content')
    .select(['id', 'author_id', 'kind', 'text', 'links_json', 'in_reply_to', 'recipient_id', 'created_at', 'ingested_at', 'status'])
    .where('id', '=', contentId)
    .executeTakeFirst();
  if (!content) return undefined;
  const media = await db
    .selectFrom('media')
    .select(['media_id', 'sha256', 'md5', 'size', 'detected_type', 'declared_type'])
    .where('content_id', '=', contentId)
    .orderBy('media_id')
    .execute();
  return { content, media };
}

/** Of these media objects, those that content other than `held` still carries (its media rows). */
export async function mediaCarriedElsewhere(db: Tx, sha256s: readonly string[], held: readonly string[]): Promise<Set<string>> {
  if (sha256s.length === 0) return new Set();
  let q = db
    .selectFrom('media')
    .select('sha256')
    .distinct()
    .where('sha256', 'in', [...sha256s]);
  if (held.length > 0) q = q.where('content_id', 'not in', [...held]);
  return new Set((await q.execute()).map((r) => r.sha256));
}
