// Statements of reasons as rows (migration 020): written with their restriction, read for
// the appeal page, exported page by page in (applied_at, puid) order so that an export of any
// size holds one page at a time, and marked once the Transparency Database took them.
import type { Selectable } from 'kysely';
import type { StatementTable } from './database.js';
import type { Tx } from './transaction.js';
import type { InTx } from './unit-of-work.js';

export type StatementRow = Selectable<StatementTable>;

export async function insertStatements(tx: InTx, rows: readonly StatementRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('statements')
    .values([...rows])
    .onConflict((oc) => oc.column('puid').doNothing())
    .execute();
}

export async function statementOf(db: Tx, puid: string): Promise<StatementRow | undefined> {
  return db.selectFrom('statements').selectAll().where('puid', '=', puid).executeTakeFirst();
}

/** One page of a platform's statements applied in [from, to), after the cursor. */
export async function statementPage(
  db: Tx,
  platform: string,
  from: string,
  to: string,
  after: { appliedAt: string; puid: string } | null,
  limit: number,
): Promise<StatementRow[]> {
  let q = db.selectFrom('statements').selectAll().where('platform', '=', platform).where('applied_at', '>=', from).where('applied_at', '<', to);
  if (after)
    q = q.where((eb) => eb.or([eb('applied_at', '>', after.appliedAt), eb.and([eb('applied_at', '=', after.appliedAt), eb('puid', '>', after.puid)])]));
  return q.orderBy('applied_at').orderBy('puid').limit(limit).execute();
}

/** Statements not yet accepted and not refused for good, oldest first. */
export async function unsubmitted(db: Tx, limit: number): Promise<StatementRow[]> {
  return db
    .selectFrom('statements')
    .selectAll()
    .where('submitted_at', 'is', null)
    .where('submission_error', 'is', null)
    .orderBy('applied_at')
    .orderBy('puid')
    .limit(limit)
    .execute();
}

export async function markSubmitted(db: Tx, puid: string, at: string, uuid: string | null, body: string): Promise<void> {
  await db
    .updateTable('statements')
    .set({ submitted_at: at, submission_uuid: uuid, submitted_json: body, submission_error: null })
    .where('puid', '=', puid)
    .execute();
}

export async function markRefused(db: Tx, puid: string, error: string): Promise<void> {
  await db.updateTable('statements').set({ submission_error: error }).where('puid', '=', puid).execute();
}

/** When a report (a notice) first named any of these subjects; null when none did. */
export async function firstReportOn(db: Tx, subjects: readonly { kind: string; id: string }[]): Promise<string | null> {
  let first: string | null = null;
  for (const s of subjects) {
    const row = await db
      .selectFrom('reports')
      .select((eb) => eb.fn.min('created_at').as('at'))
      .where('subject_kind', '=', s.kind)
      .where('subject_id', '=', s.id)
      .executeTakeFirst();
    const at = (row?.at as string | null | undefined) ?? null;
    if (at !== null && (first === null || at < first)) first = at;
  }
  return first;
}

/** The statements of one decision (same account, same instant) that the person may be shown. */
export async function noticeableStatements(db: Tx, accountId: string, appliedAt: string): Promise<StatementRow[]> {
  return db
    .selectFrom('statements')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('applied_at', '=', appliedAt)
    .where('notify', '=', 1)
    .orderBy('puid')
    .execute();
}
