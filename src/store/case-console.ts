// Reads the staff console's case view needs beyond the case itself: the items a case is
// about with their media, the reporters' earlier reports and how their cases ended, an
// account's earlier decided cases, the cases a reviewer holds, exceptions waiting for a
// senior, and the media reveals of a case. Persistence only: services/cases shapes them.
import type { Tx } from './transaction.js';
import type { CaseState } from '../moderation/folds/case.js';
import { ownedByOneOf } from './platform-filter.js';

export interface ContentRow {
  id: string;
  author_id: string;
  kind: string;
  text: string | null;
  links_json: string;
  recipient_id: string | null;
  created_at: string;
  ingested_at: string;
  state_json: string;
}

export async function contentRows(db: Tx, ids: readonly string[]): Promise<ContentRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('content')
    .select(['id', 'author_id', 'kind', 'text', 'links_json', 'recipient_id', 'created_at', 'ingested_at', 'state_json'])
    .where('id', 'in', [...ids])
    .execute();
}

export interface MediaRow {
  content_id: string;
  media_id: string;
  sha256: string;
  size: number;
  detected_type: string;
  original_file_name: string | null;
}

export async function mediaOfContent(db: Tx, contentIds: readonly string[]): Promise<MediaRow[]> {
  if (contentIds.length === 0) return [];
  return db
    .selectFrom('media')
    .select(['content_id', 'media_id', 'sha256', 'size', 'detected_type', 'original_file_name'])
    .where('content_id', 'in', [...contentIds])
    .orderBy('content_id')
    .orderBy('media_id')
    .execute();
}

export interface ReporterReportRow {
  id: string;
  reporter_key: string | null;
  created_at: string;
  case_status: string | null;
  case_state: string | null;
}

/** Every report of these reporters, with the state of the case each joined. */
export async function reportsOfReporters(db: Tx, reporterKeys: readonly string[]): Promise<ReporterReportRow[]> {
  if (reporterKeys.length === 0) return [];
  return db
    .selectFrom('reports')
    .leftJoin('cases', 'cases.id', 'reports.case_id')
    .select([
      'reports.id as id',
      'reports.reporter_key as reporter_key',
      'reports.created_at as created_at',
      'cases.status as case_status',
      'cases.state_json as case_state',
    ])
    .where('reports.reporter_key', 'in', [...reporterKeys])
    .execute();
}

/** Decided cases about the account or about an item it wrote, newest first. */
export async function decidedCasesOfAccount(db: Tx, accountId: string, limit: number): Promise<CaseState[]> {
  const rows = await db
    .selectFrom('cases')
    .select('state_json')
    .where('status', 'in', ['decided', 'closed'])
    .where((eb) => eb.or([eb('subject_id', '=', accountId), eb('subject_id', 'in', eb.selectFrom('content').select('id').where('author_id', '=', accountId))]))
    .orderBy('updated_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => JSON.parse(r.state_json) as CaseState);
}

/** Open cases the reviewer holds a claim on (its lease not run out at `now`). */
export async function casesHeldBy(db: Tx, staffId: string, now: string, platforms: readonly string[] | null): Promise<CaseState[]> {
  let q = db
    .selectFrom('cases')
    .select('state_json')
    .where('assignee_id', '=', staffId)
    .where('status', 'in', ['open', 'escalated'])
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '>=', now)]))
    .orderBy('lease_until')
    .orderBy('id');
  if (platforms !== null) q = q.where(ownedByOneOf('subject_id', platforms));
  return (await q.execute()).map((r) => JSON.parse(r.state_json) as CaseState);
}

/** Escalated cases, highest priority then oldest (the fold says which wait for a senior). */
export async function escalatedCases(db: Tx, limit: number, platforms: readonly string[] | null): Promise<CaseState[]> {
  let q = db
    .selectFrom('cases')
    .select('state_json')
    .where('status', '=', 'escalated')
    .orderBy('priority', 'desc')
    .orderBy('opened_at')
    .orderBy('id')
    .limit(limit);
  if (platforms !== null) q = q.where(ownedByOneOf('subject_id', platforms));
  return (await q.execute()).map((r) => JSON.parse(r.state_json) as CaseState);
}

/** Open cases of a queue in claim order, with no page limit below `cap` (filters run on them). */
export async function openCasesInQueue(db: Tx, queue: string, cap: number, platforms: readonly string[] | null): Promise<CaseState[]> {
  let q = db
    .selectFrom('cases')
    .select('state_json')
    .where('queue', '=', queue)
    .where('status', 'in', ['open', 'escalated'])
    .orderBy('priority', 'desc')
    .orderBy('opened_at')
    .orderBy('id')
    .limit(cap);
  if (platforms !== null) q = q.where(ownedByOneOf('subject_id', platforms));
  return (await q.execute()).map((r) => JSON.parse(r.state_json) as CaseState);
}

export interface CaseEventRow {
  subject_id: string;
  type: string;
  actor_id: string | null;
  at: string;
  payload_json: string;
}

/** Events of these types on these cases, in log order. */
export async function caseEventsOfTypes(db: Tx, caseIds: readonly string[], types: readonly string[]): Promise<CaseEventRow[]> {
  if (caseIds.length === 0) return [];
  return db
    .selectFrom('events')
    .select(['subject_id', 'type', 'actor_id', 'at', 'payload_json'])
    .where('subject_kind', '=', 'case')
    .where('subject_id', 'in', [...caseIds])
    .where('type', 'in', [...types])
    .orderBy('seq')
    .execute();
}

/** The reason each report of these cases gave. */
export async function reportReasonsOfCases(db: Tx, caseIds: readonly string[]): Promise<{ case_id: string | null; category: string }[]> {
  if (caseIds.length === 0) return [];
  return db
    .selectFrom('reports')
    .select(['case_id', 'category'])
    .where('case_id', 'in', [...caseIds])
    .execute();
}

export interface SignalEventRow {
  subject_kind: string;
  subject_id: string;
  at: string;
  payload_json: string;
}

/** signal.recorded events on these items and accounts, in log order. */
export async function signalEventsOf(db: Tx, contentIds: readonly string[], accountIds: readonly string[]): Promise<SignalEventRow[]> {
  if (contentIds.length === 0 && accountIds.length === 0) return [];
  return db
    .selectFrom('events')
    .select(['subject_kind', 'subject_id', 'at', 'payload_json'])
    .where('type', '=', 'signal.recorded')
    .where((eb) =>
      eb.or([
        ...(contentIds.length > 0 ? [eb.and([eb('subject_kind', '=', 'content'), eb('subject_id', 'in', [...contentIds])])] : []),
        ...(accountIds.length > 0 ? [eb.and([eb('subject_kind', '=', 'account'), eb('subject_id', 'in', [...accountIds])])] : []),
      ]),
    )
    .orderBy('seq')
    .execute();
}
