// How a report stands, in general terms, for whoever holds its receipt: received, being
// looked at, or done (and whether action was taken). Nothing about the subject, the
// reviewer or the exact decision leaves: the receipt may have been passed on.
import type { Store } from '../../store/store.js';
import { reportByReceipt } from '../../store/reports.js';
import { caseById } from '../../store/cases.js';
import { receiptHash } from './file-report.js';

export interface ReportStatus {
  status: 'received' | 'in-review' | 'done';
  /** When done: whether the platform's rules were found broken and acted on. */
  actionTaken: boolean | null;
  receivedAt: string;
}

export async function reportStatus(store: Pick<Store, 'db'>, receipt: string): Promise<ReportStatus | null> {
  if (!/^R-[A-Za-z0-9_-]{20,40}$/.test(receipt)) return null;
  const report = await reportByReceipt(store.db, receiptHash(receipt));
  if (!report) return null;
  const c = report.case_id === null ? undefined : await caseById(store.db, report.case_id);
  if (!c || c.status === 'open') return { status: c?.assigneeId ? 'in-review' : 'received', actionTaken: null, receivedAt: report.created_at };
  if (c.status === 'escalated') return { status: 'in-review', actionTaken: null, receivedAt: report.created_at };
  const outcome = typeof c.decision === 'object' && c.decision !== null && !Array.isArray(c.decision) ? c.decision.outcome : null;
  return { status: 'done', actionTaken: outcome === 'act', receivedAt: report.created_at };
}
