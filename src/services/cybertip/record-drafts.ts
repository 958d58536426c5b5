// A decision's `cybertip.drafted` event becomes a report to file: a row per report with its
// files (every media item of the reported content, by SHA-256), in the decision's own unit of
// work, so that a draft exists if and only if the decision does. A verified match on a bank
// the operator marked for automatic filing is approved at once and its filing job queued;
// every other draft waits for the legal role (approve-report.ts).
import type { LoggedEvent, LoggedEventOf, NewEvent } from '../../moderation/events.js';
import type { UnitOfWork } from '../../store/unit-of-work.js';
import { insertCybertip, type CybertipFileRow } from '../../store/cybertip-reports.js';
import type { JobQueue } from '../../work/queue.js';
import { enqueueFiling } from './filing-job.js';

export interface DraftingDeps {
  /** Banks whose verified matches are filed without waiting for a person (config ncmec.autoFileBanks). */
  autoFileBanks: readonly string[];
  approveWithinMs: number;
  jobs?: JobQueue | undefined;
}

import { CYBERTIP_SYSTEM_ACTOR } from './actor.js';

/** Records a draft for each cybertip.drafted event among `logged`; returns the ids recorded. */
export async function recordDrafts(w: UnitOfWork, deps: DraftingDeps, logged: readonly LoggedEvent[]): Promise<string[]> {
  const out: string[] = [];
  for (const e of logged) {
    if (e.type !== 'cybertip.drafted') continue;
    if (await recordDraft(w, deps, e)) out.push(e.subject.id);
  }
  return out;
}

async function recordDraft(w: UnitOfWork, deps: DraftingDeps, e: LoggedEventOf<'cybertip.drafted'>): Promise<boolean> {
  const p = e.payload;
  const media =
    p.contentIds.length === 0
      ? []
      : await w.tx
          .selectFrom('media')
          .innerJoin('content', 'content.id', 'media.content_id')
          .select(['media.content_id', 'media.media_id', 'media.sha256', 'media.md5', 'media.size', 'media.detected_type', 'content.ingested_at'])
          .where('media.content_id', 'in', [...p.contentIds])
          .orderBy('media.content_id')
          .orderBy('media.media_id')
          .execute();
  // One file per distinct SHA-256: NCMEC gets each file once, however often it was posted.
  const seen = new Set<string>();
  const files: CybertipFileRow[] = [];
  for (const m of media) {
    if (seen.has(m.sha256)) continue;
    seen.add(m.sha256);
    files.push({
      report_id: e.subject.id,
      sha256: m.sha256,
      position: files.length,
      content_id: m.content_id,
      media_id: m.media_id,
      md5: m.md5,
      size: Number(m.size),
      detected_type: m.detected_type,
      received_at: m.ingested_at,
      ncmec_file_id: null,
      ncmec_md5: null,
      uploaded_at: null,
      details_xml: null,
      details_sent_at: null,
    });
  }
  const caseId = await caseOf(w, p.accountId, p.contentIds);
  const autoBank = p.automated ? await autoFileBank(w, deps.autoFileBanks, p.contentIds) : null;
  const row = {
    id: e.subject.id,
    case_id: caseId,
    account_id: p.accountId,
    status: autoBank ? 'approved' : 'draft',
    clauses_json: JSON.stringify(p.clauses),
    content_ids_json: JSON.stringify(p.contentIds),
    material_nature_json: JSON.stringify(p.materialNature ?? []),
    automated: p.automated ? 1 : 0,
    drafted_seq: e.seq,
    drafted_at: e.at,
    approve_by: new Date(Date.parse(e.at) + deps.approveWithinMs).toISOString(),
    alerted_at: null,
    approved_by: autoBank ? 'system' : null,
    approved_at: autoBank ? e.at : null,
    environment: null,
    submit_started_at: null,
    submit_attempts: 0,
    ncmec_report_id: null,
    submitted_at: null,
    report_xml: null,
    hold_placed_at: null,
    finish_started_at: null,
    finished_at: null,
    ncmec_files_json: null,
    retracted_at: null,
    failed_at: null,
    last_error: null,
    updated_at: e.at,
  };
  if (!(await insertCybertip(w.tx, row, files))) return false;
  if (autoBank) {
    const approved: NewEvent = {
      type: 'cybertip.approved',
      subject: e.subject,
      actor: CYBERTIP_SYSTEM_ACTOR,
      at: e.at,
      reason: `a verified match on ${autoBank}, which the operator files automatically`,
      payload: { automatic: true, bank: autoBank },
    };
    const { logged } = await w.append([approved]);
    if (deps.jobs) await enqueueFiling(w, deps.jobs, e.subject.id, logged[0]!.seq);
  }
  return true;
}

/** The case the decision came from: the newest case on one of the reported items, else on the account. */
async function caseOf(w: UnitOfWork, accountId: string, contentIds: readonly string[]): Promise<string | null> {
  const row = await w.tx
    .selectFrom('cases')
    .select(['id', 'subject_kind'])
    .where((eb) =>
      eb.or([
        eb.and([eb('subject_kind', '=', 'account'), eb('subject_id', '=', accountId)]),
        ...(contentIds.length > 0 ? [eb.and([eb('subject_kind', '=', 'content'), eb('subject_id', 'in', [...contentIds])])] : []),
      ]),
    )
    .orderBy('opened_at', 'desc')
    .orderBy('id')
    .execute();
  return (row.find((r) => r.subject_kind === 'content') ?? row[0])?.id ?? null;
}

/** The first auto-file bank with a verified known-material match on one of the items, or null. */
async function autoFileBank(w: UnitOfWork, banks: readonly string[], contentIds: readonly string[]): Promise<string | null> {
  if (banks.length === 0 || contentIds.length === 0) return null;
  const rows = await w.tx
    .selectFrom('events')
    .select('payload_json')
    .where('type', '=', 'signal.recorded')
    .where('subject_kind', '=', 'content')
    .where('subject_id', 'in', [...contentIds])
    .execute();
  for (const r of rows) {
    const p = JSON.parse(r.payload_json) as { signal?: string; evidence?: { bankName?: unknown; verified?: unknown } };
    const name = p.evidence?.bankName;
    if (p.signal === 'known-material' && p.evidence?.verified === true && typeof name === 'string' && banks.includes(name)) return name;
  }
  return null;
}
