// A report arrives, from a platform's signed-in user or from anyone on the public page. It
// names a subject (an account or a post, by id or by the links the reporter pasted), says
// what is wrong, and joins the subject's open case or opens one: a report never decides
// anything, it puts the subject in front of a person, sooner when more people report it.
// What the reporter wrote, and their contact address, stay in the reports table; the log
// says a report was filed, on what grounds. A reporter staff muted is recorded but opens
// nothing and raises nothing.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Store } from '../../store/store.js';
import { distinctReporters, insertReport, isMutedReporter, reportByClientKey, settleReport } from '../../store/reports.js';
import type { Actor } from '../../moderation/events.js';
import { scopedId } from '../../moderation/platform-ids.js';
import { reportReason, reportedPriority, type ReportReasonId } from '../../policy/report-reasons.js';
import { conflict, invalid } from '../errors.js';
import { caseForSubject } from '../cases/case-for-subject.js';
import { enqueueActionDeliveries } from '../webhooks/outbox.js';
import type { JobQueue } from '../../work/queue.js';
import type { Tx } from '../../store/transaction.js';
import { contentState } from '../../store/subject-states.js';
import { countEventsOf } from '../../store/log-store.js';
import type { ReviewRules } from '../cases/review-rules-file.js';

export type Reporter = { kind: 'account'; id: string } | { kind: 'anonymous' } | { kind: 'atproto'; did: string };

export interface ReportInput {
  /** The platform whose ids the report names (the key's, or the public page's). */
  platform: string;
  subject?: { kind: 'account' | 'content'; id: string } | undefined;
  /** Links the reporter pasted: to the account, to each post. */
  links?: readonly string[] | undefined;
  reason: ReportReasonId;
  text?: string | undefined;
  contact?: string | undefined;
  reporter: Reporter;
  /** The platform's key for this report: sent again, it is answered as the first time. */
  clientKey?: string | undefined;
  /** Give the reporter a receipt to follow the report with (the public page does). */
  receipt?: boolean | undefined;
}

export interface ReportFiled {
  reportId: string;
  caseId: string | null;
  /** True when this report opened the case. */
  opened: boolean;
  /** Given once, to a reporter without an account, to ask how the report stands. */
  receipt: string | null;
  replayed: boolean;
  /** Links that named nothing on the platform (kept with the report for the reviewer). */
  unresolved: string[];
  /** The log position of the report.filed event: a number unique to the report. */
  seq: number;
  at: string;
}

export interface FileReportDeps {
  store: Store;
  review: ReviewRules;
  /** Where the webhook asking the platform for an unseen post goes; without it none is sent. */
  jobs?: JobQueue;
  now(): Date;
}

export function receiptHash(receipt: string): string {
  return createHash('sha256').update(receipt).digest('hex');
}

export async function fileReport(deps: FileReportDeps, input: ReportInput, actor: Actor): Promise<ReportFiled> {
  const at = deps.now().toISOString();
  const links = [...new Set(input.links ?? [])];
  const { subject, unresolved } = resolveSubject(deps.review, input, links);
  const clientKey = input.clientKey === undefined ? null : `${input.platform}:${input.clientKey}`;
  const reporterKey = keyOf(input.platform, input.reporter);
  const reason = reportReason(input.reason);
  const receipt = input.receipt ? `R-${randomBytes(16).toString('base64url')}` : null;
  const reportId = `rep_${randomUUID()}`;

  return deps.store.write(async (w) => {
    const replay = async (): Promise<ReportFiled | null> => {
      const earlier = clientKey === null ? undefined : await reportByClientKey(w.tx, clientKey);
      if (!earlier) return null;
      if (earlier.subject_id !== subject.id || earlier.category !== input.reason) throw conflict('this report key was used for another report');
      return {
        reportId: earlier.id,
        caseId: earlier.case_id,
        opened: false,
        receipt: null,
        replayed: true,
        unresolved,
        seq: Number(earlier.filed_seq ?? 0),
        at: earlier.created_at,
      };
    };
    const earlier = await replay();
    if (earlier) return earlier;
    const muted = reporterKey !== null && (await isMutedReporter(w.tx, reporterKey));
    let caseId: string | null = null;
    let opened = false;
    // On its case; a muted reporter's report, which joins none, on the report itself.
    const filed = (subject: { kind: 'case' | 'report'; id: string }, priority: number) => [
      {
        type: 'report.filed' as const,
        subject,
        actor,
        at,
        reason: null,
        payload: { reportId, category: input.reason, reporterKind: input.reporter.kind, ...(muted ? {} : { priority }) },
      },
    ];
    // The report row first, so that the count of distinct reporters includes it.
    const inserted = await insertReport(w.tx, {
      id: reportId,
      client_key: clientKey,
      subject_kind: subject.kind,
      subject_id: subject.id,
      reporter_kind: input.reporter.kind,
      reporter_id:
        input.reporter.kind === 'account' ? scopedId(input.platform, input.reporter.id) : input.reporter.kind === 'atproto' ? input.reporter.did : null,
      category: input.reason,
      text: input.text ?? null,
      case_id: null,
      created_at: at,
      platform_id: input.platform,
      receipt_hash: receipt === null ? null : receiptHash(receipt),
      contact: input.contact ?? null,
      links_json: JSON.stringify(links),
      reporter_key: reporterKey,
      filed_seq: null,
    });
    if (!inserted) {
      // The same key from another process at once: its insert waited for that transaction, which
      // has committed (a rolled-back one would have let this insert through), so this one answers
      // as a replay of it, as the same content id sent twice at once does.
      const other = await replay();
      if (other) return other;
      throw conflict('this report was sent twice at once; send it again to read the answer');
    }
    let logged;
    if (!muted) {
      const found = await caseForSubject(
        w,
        deps.review,
        {
          subject,
          priority: reportedPriority(reason, 1),
          urgent: reason.urgent,
          needs: 'reviewer',
          rule: 'report',
          clauses: reason.clause ? [reason.clause] : [],
          reported: true,
        },
        actor,
        at,
      );
      caseId = found.caseId;
      opened = found.opened;
      await settleReport(w.tx, reportId, caseId, 0);
      const reporters = await distinctReporters(w.tx, caseId);
      logged = (await w.append(filed({ kind: 'case', id: caseId }, reportedPriority(reason, reporters)))).logged;
    } else {
      logged = (await w.append(filed({ kind: 'report', id: reportId }, 0))).logged;
    }
    const seq = logged[0]!.seq;
    await settleReport(w.tx, reportId, caseId, seq);
    if (subject.kind === 'content' && deps.jobs && !(await subjectSeen(w.tx, subject.id))) {
      // A post vigie never received cannot be scanned or shown to a reviewer: the platform
      // is asked for it, once, and it is scanned when it arrives.
      const asked = await w.append([
        {
          type: 'content.requested',
          subject,
          actor,
          at,
          reason: 'a report names this item, which the platform has not sent',
          payload: { caseId, reportId },
        },
      ]);
      await enqueueActionDeliveries(w, deps.jobs, asked.logged);
    }
    return { reportId, caseId, opened, receipt, replayed: false, unresolved, seq, at };
  });
}

/** The subject a report is about: as named, or the post (else the account) its links name. */
function resolveSubject(
  rules: ReviewRules,
  input: ReportInput,
  links: readonly string[],
): { subject: { kind: 'account' | 'content'; id: string }; unresolved: string[] } {
  const unresolved: string[] = [];
  let account: string | null = null;
  const posts: string[] = [];
  for (const link of links) {
    const target = rules.resolve(input.platform, link);
    if (!target) {
      unresolved.push(link);
      continue;
    }
    if (target.content) posts.push(target.content);
    if (target.account) account ??= target.account;
  }
  if (input.subject) return { subject: { kind: input.subject.kind, id: scopedId(input.platform, input.subject.id) }, unresolved };
  // One post: the case is about it. Several, or only the account: about the account, with the links kept for the reviewer.
  if (posts.length === 1) return { subject: { kind: 'content', id: scopedId(input.platform, posts[0]!) }, unresolved };
  if (account !== null) return { subject: { kind: 'account', id: scopedId(input.platform, account) }, unresolved };
  if (posts.length > 0) return { subject: { kind: 'content', id: scopedId(input.platform, posts[0]!) }, unresolved };
  throw invalid('the report names no account or post: give the account reported or links to its posts on the platform');
}

/** Who reported, as muting knows them; null for an anonymous reporter (the public page limits those by address). */
function keyOf(platform: string, reporter: Reporter): string | null {
  if (reporter.kind === 'account') return `account:${scopedId(platform, reporter.id)}`;
  if (reporter.kind === 'atproto') return `atproto:${reporter.did}`;
  return null;
}

/** Whether vigie holds the item, or asked the platform for it already. */
async function subjectSeen(db: Tx, contentId: string): Promise<boolean> {
  if (await contentState(db, contentId)) return true;
  return (await countEventsOf(db, { kind: 'content', id: contentId })) > 0;
}
