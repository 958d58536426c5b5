// INHOPE referrals as rows (migration 019; the table's type is declared with the CyberTipline
// tables in cybertip-reports.ts).
import type { Selectable } from 'kysely';
import type { Tx } from './transaction.js';
import type { InTx } from './unit-of-work.js';
import type { InhopeReferralTable } from './cybertip-reports.js';

export type ReferralRow = Selectable<InhopeReferralTable>;

export async function insertReferral(tx: InTx, row: ReferralRow): Promise<void> {
  await tx.insertInto('inhope_referrals').values(row).execute();
}

export async function referralById(db: Tx, id: string): Promise<ReferralRow | undefined> {
  return db.selectFrom('inhope_referrals').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The referral already prepared for this link on this case, if any (preparing twice makes one). */
export async function referralFor(db: Tx, url: string, caseId: string | null): Promise<ReferralRow | undefined> {
  let q = db.selectFrom('inhope_referrals').selectAll().where('url', '=', url);
  q = caseId === null ? q.where('case_id', 'is', null) : q.where('case_id', '=', caseId);
  return q.executeTakeFirst();
}

export async function listReferrals(db: Tx, f: { status?: string | undefined; limit?: number | undefined } = {}): Promise<ReferralRow[]> {
  let q = db.selectFrom('inhope_referrals').selectAll();
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  return q
    .orderBy('prepared_at', 'desc')
    .orderBy('id')
    .limit(f.limit ?? 100)
    .execute();
}

/** Records the sending once: false when it was already recorded. */
export async function markReferralSent(tx: Tx, id: string, by: string, at: string, note: string | null): Promise<boolean> {
  const r = await tx
    .updateTable('inhope_referrals')
    .set({ status: 'sent', sent_by: by, sent_at: at, sent_note: note })
    .where('id', '=', id)
    .where('status', '=', 'prepared')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
