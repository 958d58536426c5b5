// Reports as rows: what a reporter wrote, their contact and receipt, the case the report
// joined. The log holds that a report was filed (report.filed on the case); the words and
// the contact address stay here, where they can be erased when they are no longer needed.
import type { Selectable } from 'kysely';
import type { ReportTable } from './database.js';
import type { Tx } from './transaction.js';
import type { InTx } from './unit-of-work.js';

export type ReportRow = Selectable<ReportTable>;

/** False when a report with this client key exists already (the platform sent it again). */
export async function insertReport(tx: InTx, row: ReportRow): Promise<boolean> {
  const r = await tx
    .insertInto('reports')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function reportByClientKey(db: Tx, clientKey: string): Promise<ReportRow | undefined> {
  return db.selectFrom('reports').selectAll().where('client_key', '=', clientKey).executeTakeFirst();
}

export async function reportByReceipt(db: Tx, receiptHash: string): Promise<ReportRow | undefined> {
  return db.selectFrom('reports').selectAll().where('receipt_hash', '=', receiptHash).executeTakeFirst();
}

export async function reportsOfCase(db: Tx, caseId: string): Promise<ReportRow[]> {
  return db.selectFrom('reports').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}

/** How many different reporters (muted ones left out) reported into the case. */
export async function distinctReporters(db: Tx, caseId: string): Promise<number> {
  const rows = await db
    .selectFrom('reports')
    .leftJoin('muted_reporters', 'muted_reporters.reporter_key', 'reports.reporter_key')
    .select('reports.reporter_key')
    .distinct()
    .where('reports.case_id', '=', caseId)
    .where('reports.reporter_key', 'is not', null)
    .where('muted_reporters.reporter_key', 'is', null)
    .execute();
  return rows.length;
}

export async function isMutedReporter(db: Tx, reporterKey: string): Promise<boolean> {
  return (await db.selectFrom('muted_reporters').select('reporter_key').where('reporter_key', '=', reporterKey).executeTakeFirst()) !== undefined;
}

/** False when the reporter was already muted. */
export async function muteReporterRow(tx: InTx, reporterKey: string, by: string, at: string, reason: string | null): Promise<boolean> {
  const r = await tx
    .insertInto('muted_reporters')
    .values({ reporter_key: reporterKey, muted_by: by, muted_at: at, reason })
    .onConflict((oc) => oc.column('reporter_key').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function unmuteReporterRow(tx: InTx, reporterKey: string): Promise<boolean> {
  const r = await tx.deleteFrom('muted_reporters').where('reporter_key', '=', reporterKey).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Sets the case the report joined and the log position of its report.filed event. */
export async function settleReport(tx: InTx, id: string, caseId: string | null, filedSeq: number): Promise<void> {
  await tx.updateTable('reports').set({ case_id: caseId, filed_seq: filedSeq }).where('id', '=', id).execute();
}
