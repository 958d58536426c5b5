// The filing workflow: one approved report, carried through NCMEC's steps (submit, upload
// each file, send each file's details, finish), each step's result written before the next
// begins, so that a worker that dies anywhere is resumed by another from the last written
// step (ncmec-cybertipline.md §3–4, docs/cybertipline.md):
//
// - /submit has no idempotency key: the intent is written first (`submitting`); a report
//   left `submitting` without an id got no answer that was kept, and is submitted again (an
//   open report NCMEC never got the id of is never finished, and NCMEC deletes it).
// - /finish whose outcome is unknown is never followed by a second /submit blindly: /retract
//   probes it; "already finished" (5102) means filed, anything else means start again.
// - a report NCMEC no longer knows (5001, it expired) starts again from /submit.
//
// Transient failures (no answer, 5xx, NCMEC's server codes) throw, and the job queue retries
// with exponential backoff; a terminal answer (authentication, validation) marks the report
// failed and stops, because a person must act and the legal clock keeps running.
import type { Store } from '../../store/store.js';
import type { UnitOfWork } from '../../store/unit-of-work.js';
import {
  advanceCybertip,
  cybertipById,
  cybertipFiles,
  resetCybertipFiles,
  updateCybertipFile,
  type CybertipFileRow,
  type CybertipRow,
} from '../../store/cybertip-reports.js';
import { fileDetailsXml, handlingOf, reportXml, NCMEC_CODES, type NcmecResponse } from '../../legal/ncmec/index.js';
import type { Actor, NewEvent } from '../../moderation/events.js';
import { NcmecAuthError, NcmecUnavailableError, type CyberTiplineClient } from './ncmec-client.js';
import { oneYearAfter, type PreservationHolds } from './holds.js';
import { fileFacts, reportFacts, type ReportSettings } from './report-facts.js';
import { CYBERTIP_SYSTEM_ACTOR } from './actor.js';

/** Where a report's bytes come from: today the media folder, tomorrow the evidence vault. */
export interface MediaSource {
  read(sha256: string): Promise<Uint8Array>;
}

export interface FilingLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface FilingDeps {
  store: Store;
  client: CyberTiplineClient;
  /** The evidence vault's holds; until it is wired, approved reports wait (the job retries) rather than be filed unpreserved. */
  holds: PreservationHolds | undefined;
  media: MediaSource;
  settings: ReportSettings & { environment: 'test' | 'production' };
  now(): Date;
  log?: FilingLogger | undefined;
  /**
   * Called after each step is written (and after /submit answered, before its id is
   * written): tests stop a worker here to play a crash.
   */
  checkpoint?: ((step: string, reportId: string) => void | Promise<void>) | undefined;
}

/** A step failed in a way no retry can mend: the report is marked failed and a person must act. */
export class FilingRefusedError extends Error {
  override readonly name = 'FilingRefusedError';
  constructor(
    message: string,
    readonly step: string,
    readonly code: number | null,
  ) {
    super(message);
  }
}

/** A step failed for now; the job is tried again later. */
export class FilingRetryError extends Error {
  override readonly name = 'FilingRetryError';
}

/** States a report moves through once approved; `finished` and `retracted` end it. */
export const FILING_STATES = ['approved', 'submitting', 'submitted', 'uploaded', 'described'] as const;

export type FilingOutcome = 'finished' | 'not-approved' | 'ended' | 'failed-before';

/** Runs the report's remaining steps. Resolves once it is finished (or was already). */
export async function fileReport(deps: FilingDeps, id: string, signal?: AbortSignal): Promise<FilingOutcome> {
  for (let restarts = 0; ; restarts++) {
    if (restarts > 3) throw new FilingRetryError(`report ${id}: NCMEC lost the report ${restarts} times in a row; trying again later`);
    const row = await cybertipById(deps.store.db, id);
    if (!row) throw new FilingRefusedError(`no CyberTipline report ${id}`, 'load', null);
    if (row.status === 'finished' || row.status === 'retracted') return 'ended';
    if (row.status === 'draft') return 'not-approved';
    if (row.failed_at !== null) return 'failed-before';
    if (!deps.holds) throw new FilingRetryError(`report ${id} waits: no evidence vault is wired to preserve what it reports`);
    try {
      return await carryOn(deps, row, signal);
    } catch (err) {
      if (err instanceof ReportGone) {
        deps.log?.warn({ cybertipId: id, ncmecReportId: err.ncmecReportId }, 'NCMEC no longer has the open report (expired or cancelled): submitting it again');
        continue;
      }
      if (err instanceof FilingRefusedError) await markFailed(deps, id, err);
      throw err;
    }
  }
}

class ReportGone extends Error {
  constructor(readonly ncmecReportId: string) {
    super(`NCMEC report ${ncmecReportId} does not exist any more`);
  }
}

async function carryOn(deps: FilingDeps, start: CybertipRow, signal: AbortSignal | undefined): Promise<FilingOutcome> {
  let row = start;
  const id = row.id;
  const stop = () => {
    if (signal?.aborted) throw new FilingRetryError(`report ${id}: the job ran out of time; it resumes from its last step`);
  };
  if (row.status === 'approved' || row.status === 'submitting') {
    stop();
    row = await submit(deps, row);
  }
  const reportId = row.ncmec_report_id!;
  if (row.hold_placed_at === null) {
    await placeHold(deps, row);
    await deps.checkpoint?.('held', id);
  }
  if (row.status === 'submitted') {
    for (const file of await cybertipFiles(deps.store.db, id)) {
      if (file.ncmec_file_id !== null) continue;
      stop();
      await upload(deps, row, file);
      await deps.checkpoint?.(`uploaded:${file.sha256}`, id);
    }
    await move(deps, id, ['submitted'], { status: 'uploaded' });
    await deps.checkpoint?.('uploaded', id);
    row = { ...row, status: 'uploaded' };
  }
  if (row.status === 'uploaded') {
    for (const file of await cybertipFiles(deps.store.db, id)) {
      if (file.details_sent_at !== null) continue;
      stop();
      await describe(deps, row, file);
      await deps.checkpoint?.(`described:${file.sha256}`, id);
    }
    await move(deps, id, ['uploaded'], { status: 'described' });
    await deps.checkpoint?.('described', id);
    row = { ...row, status: 'described' };
  }
  stop();
  return finish(deps, row, reportId);
}

async function submit(deps: FilingDeps, row: CybertipRow): Promise<CybertipRow> {
  const now = deps.now().toISOString();
  const facts = await reportFacts(deps.store.db, deps.settings, row, now);
  const xml = reportXml(facts);
  // The intent before the call: a crash from here on leaves `submitting` with no id.
  await move(deps, row.id, ['approved', 'submitting'], {
    status: 'submitting',
    submit_started_at: now,
    submit_attempts: row.submit_attempts + 1,
    report_xml: xml,
    environment: deps.settings.environment,
    updated_at: now,
  });
  await deps.checkpoint?.('submitting', row.id);
  const res = await call(deps, 'submit', row.id, () => deps.client.submit(xml));
  const reportId = res.reportId;
  if (!reportId || !/^\d+$/.test(reportId)) throw new FilingRetryError(`report ${row.id}: NCMEC accepted /submit without a report id`);
  await deps.checkpoint?.('submit-answered', row.id);
  const at = deps.now().toISOString();
  await deps.store.write(async (w) => {
    if (!(await advanceCybertip(w.tx, row.id, ['submitting'], { status: 'submitted', ncmec_report_id: reportId, submitted_at: at, updated_at: at }))) {
      throw new FilingRetryError(`report ${row.id} was moved by someone else while it was being submitted`);
    }
    await w.append([
      event('cybertip.submitted', row.id, at, {
        ncmecReportId: reportId,
        environment: deps.settings.environment,
        caseId: row.case_id,
        accountId: row.account_id,
      }),
    ]);
  });
  deps.log?.info(
    { cybertipId: row.id, ncmecReportId: reportId, caseId: row.case_id, environment: deps.settings.environment },
    'CyberTipline report opened at NCMEC',
  );
  await deps.checkpoint?.('submitted', row.id);
  return { ...row, status: 'submitted', ncmec_report_id: reportId, submitted_at: at, report_xml: xml };
}

async function placeHold(deps: FilingDeps, row: CybertipRow): Promise<void> {
  if (!deps.holds) throw new FilingRetryError(`report ${row.id} waits: no evidence vault is wired`);
  const files = await cybertipFiles(deps.store.db, row.id);
  const submittedAt = row.submitted_at ?? deps.now().toISOString();
  await deps.holds.place({
    caseId: row.case_id,
    cybertipId: row.id,
    sha256s: files.map((f) => f.sha256),
    contentIds: JSON.parse(row.content_ids_json) as string[],
    accountId: row.account_id,
    reason: `CyberTipline report ${row.ncmec_report_id} submitted: 18 U.S.C. § 2258A(h) preservation`,
    until: oneYearAfter(submittedAt),
    actor: CYBERTIP_SYSTEM_ACTOR,
  });
  const at = deps.now().toISOString();
  await deps.store.write((w) => advanceCybertip(w.tx, row.id, [...FILING_STATES], { hold_placed_at: at, updated_at: at }));
}

async function upload(deps: FilingDeps, row: CybertipRow, file: CybertipFileRow): Promise<void> {
  const reportId = row.ncmec_report_id!;
  let bytes: Uint8Array;
  try {
    bytes = await deps.media.read(file.sha256);
  } catch (err) {
    // A file gone or altered since ingest: no retry brings it back, a person must look.
    throw new FilingRefusedError(
      `report ${row.id}: the file ${file.sha256} cannot be read (${err instanceof Error ? err.message : String(err)})`,
      'upload',
      null,
    );
  }
  const name = `${file.sha256.slice(0, 16)}${extensionOf(file.detected_type)}`;
  const res = await call(deps, 'upload', row.id, () => deps.client.upload(reportId, name, bytes, file.detected_type), reportId);
  if (!res.fileId) throw new FilingRetryError(`report ${row.id}: NCMEC accepted an upload without a file id`);
  const md5Matches = res.hash === null || res.hash.toLowerCase() === file.md5.toLowerCase();
  if (!md5Matches)
    deps.log?.error(
      { cybertipId: row.id, sha256: file.sha256, ncmecMd5: res.hash, md5: file.md5 },
      'NCMEC received a file whose MD5 differs from the one sent',
    );
  const at = deps.now().toISOString();
  await deps.store.write(async (w) => {
    await updateCybertipFile(w.tx, row.id, file.sha256, { ncmec_file_id: res.fileId, ncmec_md5: res.hash, uploaded_at: at });
    await touch(w, row.id, at);
    await w.append([event('cybertip.file_uploaded', row.id, at, { ncmecReportId: reportId, fileId: res.fileId!, sha256: file.sha256, md5Matches })]);
  });
}

async function describe(deps: FilingDeps, row: CybertipRow, file: CybertipFileRow): Promise<void> {
  const reportId = row.ncmec_report_id!;
  const facts = await fileFacts(deps.store.db, row, file);
  const xml = fileDetailsXml({ ...facts, reportId, fileId: file.ncmec_file_id! });
  await call(deps, 'fileinfo', row.id, () => deps.client.fileInfo(xml), reportId);
  const at = deps.now().toISOString();
  await deps.store.write(async (w) => {
    await updateCybertipFile(w.tx, row.id, file.sha256, { details_xml: xml, details_sent_at: at });
    await touch(w, row.id, at);
  });
}

async function finish(deps: FilingDeps, row: CybertipRow, reportId: string): Promise<FilingOutcome> {
  const id = row.id;
  const fresh = (await cybertipById(deps.store.db, id))!;
  if (fresh.finish_started_at !== null) {
    // A /finish went out and its answer was lost: ask NCMEC by trying to cancel.
    const probe = await call(deps, 'retract-probe', id, () => deps.client.retract(reportId), null);
    if (probe.code === NCMEC_CODES.alreadyFinished) return finished(deps, row, reportId, null, true);
    // Cancelled now (0), or gone already: the report was never filed; start again.
    await restart(deps, id);
    throw new ReportGone(reportId);
  }
  const at = deps.now().toISOString();
  await move(deps, id, ['described'], { finish_started_at: at, updated_at: at });
  await deps.checkpoint?.('finishing', id);
  const res = await call(deps, 'finish', id, () => deps.client.finish(reportId), reportId, [NCMEC_CODES.alreadyFinished]);
  return finished(deps, row, reportId, res.files, res.code === NCMEC_CODES.alreadyFinished);
}

async function finished(deps: FilingDeps, row: CybertipRow, reportId: string, files: string[] | null, confirmedByProbe: boolean): Promise<FilingOutcome> {
  const at = deps.now().toISOString();
  const uploaded = (await cybertipFiles(deps.store.db, row.id)).map((f) => f.ncmec_file_id).filter((x): x is string => x !== null);
  await deps.store.write(async (w) => {
    if (
      !(await advanceCybertip(w.tx, row.id, ['described'], {
        status: 'finished',
        finished_at: at,
        ncmec_files_json: JSON.stringify(files ?? uploaded),
        updated_at: at,
      }))
    ) {
      throw new FilingRetryError(`report ${row.id} was moved by someone else while it was being finished`);
    }
    await w.append([event('cybertip.finished', row.id, at, { ncmecReportId: reportId, caseId: row.case_id, fileIds: files ?? uploaded, confirmedByProbe })]);
  });
  if (files !== null) {
    const missing = uploaded.filter((f) => !files.includes(f));
    if (missing.length > 0)
      deps.log?.error({ cybertipId: row.id, ncmecReportId: reportId, missing }, 'NCMEC finished the report without some of the uploaded files');
  }
  deps.log?.info({ cybertipId: row.id, ncmecReportId: reportId, caseId: row.case_id, files: uploaded.length }, 'CyberTipline report finished');
  await deps.checkpoint?.('finished', row.id);
  return 'finished';
}

/** Forgets the lost NCMEC report: back to approved, files to upload again. */
async function restart(deps: FilingDeps, id: string): Promise<void> {
  const at = deps.now().toISOString();
  await deps.store.write(async (w) => {
    await advanceCybertip(w.tx, id, [...FILING_STATES], {
      status: 'approved',
      ncmec_report_id: null,
      submitted_at: null,
      submit_started_at: null,
      finish_started_at: null,
      updated_at: at,
    });
    await resetCybertipFiles(w.tx, id);
  });
}

/**
 * One NCMEC call with the workflow's reading of its answer: success (or one of `alsoOk`)
 * returns; a transient failure throws FilingRetryError; a report NCMEC no longer has
 * restarts the filing (when `reportId` names it); anything else is refused for good.
 */
async function call(
  deps: FilingDeps,
  step: string,
  id: string,
  fn: () => Promise<NcmecResponse>,
  reportId: string | null = null,
  alsoOk: readonly number[] = [],
): Promise<NcmecResponse> {
  let res: NcmecResponse;
  try {
    res = await fn();
  } catch (err) {
    if (err instanceof NcmecAuthError) throw new FilingRefusedError(err.message, step, null);
    if (err instanceof NcmecUnavailableError) throw new FilingRetryError(`report ${id}, ${step}: ${err.message}`);
    throw err;
  }
  if (res.code === 0 || alsoOk.includes(res.code) || step === 'retract-probe') return res;
  const handling = handlingOf(res.code);
  if (handling === 'transient') throw new FilingRetryError(`report ${id}, ${step}: NCMEC answered ${res.code} ${res.description}`);
  if (handling === 'gone' && reportId !== null) {
    await restart(deps, id);
    throw new ReportGone(reportId);
  }
  throw new FilingRefusedError(`report ${id}, ${step}: NCMEC refused it with ${res.code} ${res.description}`, step, res.code);
}

async function move(deps: FilingDeps, id: string, from: readonly string[], patch: Parameters<typeof advanceCybertip>[3]): Promise<void> {
  const moved = await deps.store.write((w) => advanceCybertip(w.tx, id, from, { ...patch, updated_at: deps.now().toISOString() }));
  if (!moved) throw new FilingRetryError(`report ${id} is no longer in ${from.join(' or ')}: someone else moved it`);
}

async function touch(w: UnitOfWork, id: string, at: string): Promise<void> {
  await advanceCybertip(w.tx, id, [...FILING_STATES], { updated_at: at });
}

async function markFailed(deps: FilingDeps, id: string, err: FilingRefusedError): Promise<void> {
  const at = deps.now().toISOString();
  await deps.store.write(async (w) => {
    await advanceCybertip(w.tx, id, [...FILING_STATES], { failed_at: at, last_error: err.message.slice(0, 2000), updated_at: at });
    await w.append([event('cybertip.failed', id, at, { step: err.step, code: err.code, error: err.message.slice(0, 2000) })]);
  });
  deps.log?.error({ cybertipId: id, step: err.step, code: err.code }, `CyberTipline report failed and needs a person: ${err.message}`);
}

function event<T extends NewEvent['type']>(
  type: T,
  id: string,
  at: string,
  payload: Extract<NewEvent, { type: T }>['payload'],
  actor: Actor = CYBERTIP_SYSTEM_ACTOR,
): NewEvent {
  return { type, subject: { kind: 'cybertip', id }, actor, at, reason: null, payload } as NewEvent;
}

function extensionOf(type: string): string {
  const sub = type.split('/')[1]?.replace(/[^a-z0-9]/gi, '') ?? '';
  return sub ? `.${sub.slice(0, 8)}` : '';
}
