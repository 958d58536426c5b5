// CyberTipline reports and their files as rows (migration 019). The filing workflow moves a
// report from state to state with compare-and-set updates (`advance`: only from the states
// it names), so two workers that both believe they hold a report cannot both move it.
import type { Selectable, Updateable } from 'kysely';
import type { Dialect } from './database.js';
import type { Tx } from './transaction.js';
import type { InTx } from './unit-of-work.js';

export interface CybertipReportTable {
  id: string;
  case_id: string | null;
  account_id: string;
  status: string;
  clauses_json: string;
  content_ids_json: string;
  material_nature_json: string;
  automated: number;
  drafted_seq: number;
  drafted_at: string;
  /** A draft still waiting at this time is overdue (the legal alert). */
  approve_by: string;
  alerted_at: string | null;
  approved_by: string | null;
  approved_at: string | null;
  environment: string | null;
  /** Set before /submit is called: the intent, so that a crash shows as "submitted, answer unknown". */
  submit_started_at: string | null;
  submit_attempts: number;
  ncmec_report_id: string | null;
  submitted_at: string | null;
  report_xml: string | null;
  hold_placed_at: string | null;
  finish_started_at: string | null;
  finished_at: string | null;
  /** JSON: the file ids NCMEC listed as received when the report was finished. */
  ncmec_files_json: string | null;
  retracted_at: string | null;
  failed_at: string | null;
  last_error: string | null;
  updated_at: string;
}

export interface CybertipFileTable {
  report_id: string;
  sha256: string;
  position: number;
  content_id: string;
  media_id: string;
  md5: string;
  size: number;
  detected_type: string;
  received_at: string;
  ncmec_file_id: string | null;
  ncmec_md5: string | null;
  uploaded_at: string | null;
  details_xml: string | null;
  details_sent_at: string | null;
}

export interface InhopeReferralTable {
  id: string;
  case_id: string | null;
  cybertip_id: string | null;
  url: string;
  host: string;
  hosting_ip: string | null;
  hosting_country: string | null;
  hotline_id: string;
  clause: string;
  status: string;
  package_json: string;
  prepared_by: string;
  prepared_at: string;
  sent_by: string | null;
  sent_at: string | null;
  sent_note: string | null;
}

declare module './database.js' {
  interface Database {
    cybertip_reports: CybertipReportTable;
    cybertip_files: CybertipFileTable;
    inhope_referrals: InhopeReferralTable;
  }
}

export type CybertipRow = Selectable<CybertipReportTable>;
export type CybertipFileRow = Selectable<CybertipFileTable>;
export type CybertipPatch = Updateable<CybertipReportTable>;

export async function insertCybertip(tx: InTx, row: CybertipRow, files: readonly CybertipFileRow[]): Promise<boolean> {
  const inserted = await tx
    .insertInto('cybertip_reports')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  if (files.length > 0)
    await tx
      .insertInto('cybertip_files')
      .values([...files])
      .execute();
  return true;
}

export async function cybertipById(db: Tx, id: string): Promise<CybertipRow | undefined> {
  return db.selectFrom('cybertip_reports').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The report, locked until the caller's transaction ends (PostgreSQL; SQLite has one writer). */
export async function lockCybertip(tx: InTx, dialect: Dialect, id: string): Promise<CybertipRow | undefined> {
  let q = tx.selectFrom('cybertip_reports').selectAll().where('id', '=', id);
  if (dialect === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function cybertipFiles(db: Tx, reportId: string): Promise<CybertipFileRow[]> {
  return db.selectFrom('cybertip_files').selectAll().where('report_id', '=', reportId).orderBy('position').execute();
}

export interface CybertipFilter {
  status?: readonly string[] | undefined;
  caseId?: string | undefined;
  limit?: number | undefined;
  /** Reports drafted before this id's draft, for paging (newest first). */
  beforeSeq?: number | undefined;
}

export async function listCybertips(db: Tx, f: CybertipFilter = {}): Promise<CybertipRow[]> {
  let q = db.selectFrom('cybertip_reports').selectAll();
  if (f.status && f.status.length > 0) q = q.where('status', 'in', [...f.status]);
  if (f.caseId !== undefined) q = q.where('case_id', '=', f.caseId);
  if (f.beforeSeq !== undefined) q = q.where('drafted_seq', '<', f.beforeSeq);
  return q
    .orderBy('drafted_seq', 'desc')
    .orderBy('id')
    .limit(f.limit ?? 100)
    .execute();
}

/** Moves the report only if it is still in one of `from`; false when another worker moved it first. */
export async function advanceCybertip(tx: Tx, id: string, from: readonly string[], patch: CybertipPatch): Promise<boolean> {
  const r = await tx
    .updateTable('cybertip_reports')
    .set(patch)
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function updateCybertipFile(tx: Tx, reportId: string, sha256: string, patch: Updateable<CybertipFileTable>): Promise<void> {
  await tx.updateTable('cybertip_files').set(patch).where('report_id', '=', reportId).where('sha256', '=', sha256).execute();
}

/** Forgets what NCMEC said about a report that turned out not to exist any more (expired or retracted): it starts again from /submit. */
export async function resetCybertipFiles(tx: Tx, reportId: string): Promise<void> {
  await tx
    .updateTable('cybertip_files')
    .set({ ncmec_file_id: null, ncmec_md5: null, uploaded_at: null, details_xml: null, details_sent_at: null })
    .where('report_id', '=', reportId)
    .execute();
}

/** Drafts past their deadline that no alert has named yet. */
export async function overdueDrafts(db: Tx, now: string, limit = 100): Promise<CybertipRow[]> {
  return db
    .selectFrom('cybertip_reports')
    .selectAll()
    .where('status', '=', 'draft')
    .where('approve_by', '<', now)
    .where('alerted_at', 'is', null)
    .orderBy('approve_by')
    .limit(limit)
    .execute();
}

/** The NCMEC ids of reports already finished about this account (priorCTReports). */
export async function priorNcmecReports(db: Tx, accountId: string, except: string): Promise<string[]> {
  const rows = await db
    .selectFrom('cybertip_reports')
    .select('ncmec_report_id')
    .where('account_id', '=', accountId)
    .where('status', '=', 'finished')
    .where('id', '!=', except)
    .orderBy('finished_at')
    .execute();
  return rows.map((r) => r.ncmec_report_id).filter((x): x is string => x !== null);
}
