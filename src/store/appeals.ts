// Appeals as rows (migration 020): filing (the unique action_id refuses a second appeal on
// the same action), the next appeal a reviewer may take, claims as leases, resolution. The
// history of each is in the log; the service writes both in one unit of work.
import type { Selectable } from 'kysely';
import type { AppealTable, Dialect } from './database.js';
import type { Tx } from './transaction.js';
import type { InTx } from './unit-of-work.js';

export type AppealRow = Selectable<AppealTable>;

export async function appealById(db: Tx, id: string): Promise<AppealRow | undefined> {
  return db.selectFrom('appeals').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function appealOfAction(db: Tx, actionId: string): Promise<AppealRow | undefined> {
  return db.selectFrom('appeals').selectAll().where('action_id', '=', actionId).executeTakeFirst();
}

/** The appeal, locked until the caller's transaction ends (PostgreSQL; SQLite has one writer). */
export async function lockAppeal(tx: InTx, dialect: Dialect, id: string): Promise<AppealRow | undefined> {
  let q = tx.selectFrom('appeals').selectAll().where('id', '=', id);
  if (dialect === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

/** False when the action has an appeal already (the unique key decides, across processes). */
export async function insertAppeal(tx: InTx, row: AppealRow): Promise<boolean> {
  const r = await tx
    .insertInto('appeals')
    .values(row)
    .onConflict((oc) => oc.column('action_id').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/**
 * The oldest open appeal of the queue that this reviewer may take: unclaimed or with its
 * claim run out, not one they are excluded from (the original decision's author), on a
 * platform they see. On PostgreSQL one another process is claiming is skipped.
 */
export async function nextClaimableAppeal(
  tx: InTx,
  dialect: Dialect,
  queue: string,
  reviewerId: string,
  now: string,
  platforms: readonly string[] | null,
): Promise<AppealRow | undefined> {
  // Few rows match at once (open, free); the exclusion is checked on them in the loop.
  for (let offset = 0; ; offset += 20) {
    let q = tx
      .selectFrom('appeals')
      .selectAll()
      .where('status', '=', 'open')
      .where('queue', '=', queue)
      .where((eb) => eb.or([eb('assignee_id', 'is', null), eb('lease_until', '<', now)]))
      .orderBy('due_at')
      .orderBy('id')
      .limit(20)
      .offset(offset);
    if (platforms !== null) q = q.where('platform', 'in', platforms.length > 0 ? [...platforms] : ['']);
    if (dialect === 'postgres') q = q.forUpdate().skipLocked();
    const rows = await q.execute();
    const free = rows.find((r) => !(JSON.parse(r.excluded_json) as string[]).includes(reviewerId));
    if (free) return free;
    if (rows.length < 20) return undefined;
  }
}

export async function assignAppeal(tx: InTx, id: string, assigneeId: string, leaseUntil: string): Promise<void> {
  await tx.updateTable('appeals').set({ assignee_id: assigneeId, lease_until: leaseUntil }).where('id', '=', id).execute();
}

export async function resolveAppeal(tx: InTx, id: string, status: 'upheld' | 'overturned', by: string, reason: string, at: string): Promise<void> {
  await tx
    .updateTable('appeals')
    .set({ status, resolved_by: by, resolution_reason: reason, resolved_at: at, assignee_id: null, lease_until: null })
    .where('id', '=', id)
    .execute();
}

export interface AppealFilter {
  status?: string | undefined;
  platforms: readonly string[] | null;
  limit: number;
}

export async function listAppeals(db: Tx, f: AppealFilter): Promise<AppealRow[]> {
  let q = db.selectFrom('appeals').selectAll().orderBy('due_at').orderBy('id').limit(f.limit);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.platforms !== null) q = q.where('platform', 'in', f.platforms.length > 0 ? [...f.platforms] : ['']);
  return q.execute();
}
