// The case as the console shows it (GET /v1/cases/{id}): the case, its reports with each
// reporter's track record (never who they are or their contact), its history, what it is
// about, every signal with why it fired, the account behind it, and what the caller may do.
import type { Store } from '../../store/store.js';
import type { Tx } from '../../store/transaction.js';
import { caseById } from '../../store/cases.js';
import { isMutedReporter, reportsOfCase, type ReportRow } from '../../store/reports.js';
import { reportsOfReporters } from '../../store/case-console.js';
import type { CaseState } from '../../moderation/folds/case.js';
import type { BlockRegistry } from '../block-registry/block-registry.js';
import { forbidden } from '../errors.js';
import { caseDetail, type CaseHistoryEntry, type CaseReportView, type CaseView } from './case-views.js';
import { queuesFor } from './claim-case.js';
import { holds, may, visibleCase, type Reviewer } from './reviewer.js';
import { subjectView, type SubjectView } from './case-subject.js';
import { caseSignals, type ReadsWords, type SignalView } from './case-signals.js';
import { accountView, caseAccountId, type AccountView } from './case-account.js';

export interface TrackRecord {
  /** Reports this reporter filed before this one. */
  filed: number;
  /** Of those, how many ended in action, and how many were decided with none. */
  actioned: number;
  dismissed: number;
}

export interface ConsoleReport extends CaseReportView {
  reporter: { kind: string; muted: boolean; trackRecord: TrackRecord };
}

export interface ConsoleCase {
  case: CaseView;
  reports: ConsoleReport[];
  history: CaseHistoryEntry[];
  subject: SubjectView;
  signals: SignalView[];
  account: AccountView | null;
  /** The pending exception a senior is asked to answer, when there is one. */
  pendingFinding: unknown;
  canDecide: boolean;
  canConfirm: boolean;
  canReveal: boolean;
  /** The decision may carry NCMEC industry classifications of the media (VIGIE_NCMEC_INDUSTRY_MOU). */
  industryClassification: boolean;
  youHold: boolean;
}

export interface CaseFileDeps {
  store: Pick<Store, 'db'>;
  /** Whether a text rule reads the words (a first-phase rule), to name the rule behind a span. */
  readsWords?: ReadsWords;
  /** The block registry, when open in this process (linked accounts); never waited for. */
  registry(): BlockRegistry | undefined;
  /** VIGIE_NCMEC_INDUSTRY_MOU: told to the console, which then offers the classification. */
  industryMou?: boolean;
  now(): Date;
}

export async function caseFile(deps: CaseFileDeps, r: Reviewer, caseId: string): Promise<ConsoleCase> {
  if (!may(r, 'queue:read')) throw forbidden('your role does not work cases');
  const db = deps.store.db;
  const now = deps.now();
  const c = visibleCase(r, await caseById(db, caseId), caseId);
  const base = await caseDetail(deps.store, r, caseId);
  const rows = await reportsOfCase(db, c.id);
  const records = await trackRecords(db, rows);
  const reports: ConsoleReport[] = [];
  for (const [i, view] of base.reports.entries()) {
    const row = rows[i]!;
    reports.push({
      ...view,
      reporter: {
        kind: row.reporter_kind,
        muted: row.reporter_key !== null && (await isMutedReporter(db, row.reporter_key)),
        trackRecord: records.get(row.id) ?? { filed: 0, actioned: 0, dismissed: 0 },
      },
    });
  }
  const { signals, ruleOf } = await caseSignals(db, c, rows, deps.readsWords);
  const subject = await subjectView(db, c, ruleOf);
  const accountId = await caseAccountId(db, c);
  const account = accountId === null ? null : await accountView(db, accountId, c.id, deps.registry(), now);
  const pending = c.status === 'escalated' ? (c.pendingFinding as { reviewerId?: string } | undefined) : undefined;
  const open = c.status === 'open' || c.status === 'escalated';
  return {
    case: base.case,
    reports,
    history: base.history,
    subject,
    signals,
    account,
    pendingFinding: pending ?? null,
    canDecide: open && pending === undefined && may(r, 'case:decide') && queuesFor(r, [c.queue ?? 'general']).length > 0,
    canConfirm: open && pending !== undefined && may(r, 'exception:confirm') && pending.reviewerId !== r.id,
    canReveal: may(r, 'media:reveal'),
    industryClassification: deps.industryMou === true,
    youHold: open && holds(r, c, now.toISOString()),
  };
}

/** For each report: the same reporter's earlier reports, and how the cases they joined ended. */
async function trackRecords(db: Tx, rows: readonly ReportRow[]): Promise<Map<string, TrackRecord>> {
  const keys = [...new Set(rows.flatMap((r) => (r.reporter_key === null ? [] : [r.reporter_key])))];
  const all = await reportsOfReporters(db, keys);
  const out = new Map<string, TrackRecord>();
  for (const row of rows) {
    if (row.reporter_key === null) continue;
    const record: TrackRecord = { filed: 0, actioned: 0, dismissed: 0 };
    for (const other of all) {
      if (other.reporter_key !== row.reporter_key || other.id === row.id || other.created_at > row.created_at) continue;
      record.filed++;
      if (other.case_state === null || (other.case_status !== 'decided' && other.case_status !== 'closed')) continue;
      const decision = (JSON.parse(other.case_state) as CaseState).decision as { outcome?: string } | null;
      if (decision?.outcome === 'act') record.actioned++;
      else if (decision) record.dismissed++;
    }
    out.set(row.id, record);
  }
  return out;
}
