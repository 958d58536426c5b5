// What the legal role does with a report: approve a draft for filing (its filing job is
// queued in the same unit of work), escalating it to NCMEC's high priority with the reason
// where a child is at immediate risk, retract one that is not finished (at NCMEC too, when it
// was opened there), and send a failed one back to filing once the cause is mended. Each is an
// event on the report, so that the log says who decided what, when.
import type { Store } from '../../store/store.js';
import type { UnitOfWork } from '../../store/unit-of-work.js';
import { advanceCybertip, lockCybertip, type CybertipRow } from '../../store/cybertip-reports.js';
import type { JobQueue } from '../../work/queue.js';
import { platformOf } from '../../moderation/platform-ids.js';
import { conflict, forbidden, notFound, unavailable } from '../errors.js';
import { sees } from '../platforms/platform-access.js';
import { may, reviewerActor, type Reviewer } from '../cases/reviewer.js';
import { enqueueFiling } from './filing-job.js';
import { FILING_STATES } from './file-report.js';
import { NcmecUnavailableError, type CyberTiplineClient } from './ncmec-client.js';
import { NCMEC_CODES } from '../../legal/ncmec/index.js';

export interface LegalDeps {
  store: Store;
  jobs: JobQueue;
  now(): Date;
  /** Attempts of a filing job (config ncmec.maxAttempts). */
  maxAttempts?: number | undefined;
}

function mayFile(r: Reviewer): void {
  if (!may(r, 'cybertip:file')) throw forbidden('only the legal role files CyberTipline reports');
}

async function visible(w: UnitOfWork, r: Reviewer, id: string): Promise<CybertipRow> {
  const row = await lockCybertip(w.tx, w.dialect, id);
  if (!row || !sees(r.platforms, platformOf(row.account_id))) throw notFound(`no CyberTipline report with id ${id}`);
  return row;
}

/**
 * `escalate`: why a child is at immediate risk, sent as the report's escalateToHighPriority;
 * null for an ordinary report. A person's judgement: nothing automatic escalates a report.
 */
export async function approveCybertip(deps: LegalDeps, r: Reviewer, id: string, reason: string | null, escalate: string | null = null): Promise<CybertipRow> {
  mayFile(r);
  const at = deps.now().toISOString();
  return deps.store.write(async (w) => {
    const row = await visible(w, r, id);
    if (row.status !== 'draft') throw conflict(`the report is ${row.status}: only a draft is approved`);
    await advanceCybertip(w.tx, id, ['draft'], { status: 'approved', approved_by: r.id, approved_at: at, updated_at: at });
    const { logged } = await w.append([
      {
        type: 'cybertip.approved',
        subject: { kind: 'cybertip', id },
        actor: reviewerActor(r),
        at,
        reason,
        payload: { automatic: false, ...(escalate !== null ? { escalateToHighPriority: escalate } : {}) },
      },
    ]);
    await enqueueFiling(w, deps.jobs, id, logged[0]!.seq, deps.maxAttempts);
    return { ...row, status: 'approved', approved_by: r.id, approved_at: at, updated_at: at };
  });
}

/** Sends a report marked failed back to filing, from the step it had reached. */
export async function retryCybertip(deps: LegalDeps, r: Reviewer, id: string, reason: string | null): Promise<CybertipRow> {
  mayFile(r);
  const at = deps.now().toISOString();
  return deps.store.write(async (w) => {
    const row = await visible(w, r, id);
    if (row.failed_at === null) throw conflict('the report has not failed');
    await advanceCybertip(w.tx, id, [...FILING_STATES], { failed_at: null, last_error: null, updated_at: at });
    const { logged } = await w.append([
      {
        type: 'cybertip.approved',
        subject: { kind: 'cybertip', id },
        actor: reviewerActor(r),
        at,
        reason: reason ?? 'filing resumed after a failure',
        payload: { automatic: false },
      },
    ]);
    await enqueueFiling(w, deps.jobs, id, logged[0]!.seq, deps.maxAttempts);
    return { ...row, failed_at: null, last_error: null, updated_at: at };
  });
}

/**
 * Withdraws a report that is not finished. One NCMEC opened is cancelled there first; one
 * NCMEC says is already finished cannot be withdrawn (5102), and is recorded as finished by
 * its filing job instead.
 */
export async function retractCybertip(deps: LegalDeps & { client: CyberTiplineClient }, r: Reviewer, id: string, reason: string): Promise<CybertipRow> {
  mayFile(r);
  const first = await deps.store.write((w) => visible(w, r, id));
  if (first.status === 'finished' || first.status === 'retracted') throw conflict(`the report is ${first.status}: it cannot be retracted`);
  if (first.ncmec_report_id !== null) {
    let code: number;
    try {
      code = (await deps.client.retract(first.ncmec_report_id)).code;
    } catch (err) {
      if (err instanceof NcmecUnavailableError) throw unavailable(`NCMEC did not answer the retraction; try again: ${err.message}`);
      throw err;
    }
    if (code === NCMEC_CODES.alreadyFinished) throw conflict('NCMEC has already finished this report: it cannot be retracted');
    if (code !== 0 && code !== NCMEC_CODES.alreadyRetracted && code !== NCMEC_CODES.reportDoesNotExist)
      throw unavailable(`NCMEC refused the retraction with code ${code}`);
  }
  const at = deps.now().toISOString();
  return deps.store.write(async (w) => {
    const row = await visible(w, r, id);
    if (!(await advanceCybertip(w.tx, id, ['draft', ...FILING_STATES], { status: 'retracted', retracted_at: at, updated_at: at }))) {
      throw conflict(`the report is ${row.status}: it cannot be retracted`);
    }
    await w.append([
      { type: 'cybertip.retracted', subject: { kind: 'cybertip', id }, actor: reviewerActor(r), at, reason, payload: { ncmecReportId: row.ncmec_report_id } },
    ]);
    return { ...row, status: 'retracted', retracted_at: at, updated_at: at };
  });
}
