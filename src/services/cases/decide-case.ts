// A person decides a case: a violation (the clauses, and whether the intent was
// malicious), no violation, or one of the policy's exceptions. The pure policy turns the
// finding and the account's past into a plan; the one enforcement path carries it out, in
// the same unit of work that closes the case, so a decision is enforced exactly once. An
// exception takes effect only once a second, senior reviewer confirms it: until then the
// finding waits on the case, in the senior queue. The preview runs the same policy and
// writes nothing.
import type { Store, UnitOfWork } from '../../store/store.js';
import type { Tx } from '../../store/transaction.js';
import { lockCase, caseById } from '../../store/cases.js';
import { accountState, contentState } from '../../store/subject-states.js';
import { eventsOf } from '../../store/log-store.js';
import type { JsonValue } from '../../moderation/events.js';
import type { CaseState } from '../../moderation/folds/case.js';
import { externalId, platformOf, scopedId } from '../../moderation/platform-ids.js';
import type { PlannedAction } from '../../policy/plan.js';
import { decide } from '../../policy/decide.js';
import { DecisionError, type Decision, type DecisionInput, type ReviewerFinding } from '../../policy/decision.js';
import type { SignalInput } from '../../policy/signals.js';
import type { Enforcement } from '../enforcement/enforce-decision.js';
import { enqueueActionDeliveries } from '../webhooks/outbox.js';
import type { JobQueue } from '../../work/queue.js';
import { reportsOfCase } from '../../store/reports.js';
import { SYSTEM } from '../../moderation/events.js';
import { conflict, forbidden, invalid } from '../errors.js';
import { ESCALATION_QUEUES } from './escalate-case.js';
import { holds, may, reviewerActor, visibleCase, type Reviewer } from './reviewer.js';
import { checkedClassifications, type IndustryClassifications } from './industry-classification.js';

export interface Finding {
  /** Violation clause ids; or non-violation ids (why there is none); or nothing. */
  clauses: string[];
  malicious: boolean | null;
  exception?: string | null | undefined;
  /** The platform's ids of the items the violation is about; the subject's content by default. */
  contentIds?: string[] | undefined;
  hosting?: { url: string; country: string | null }[] | undefined;
  /** NCMEC's industry classification of media of the case, by SHA-256 (industry-classification.ts). */
  industryClassifications?: IndustryClassifications | undefined;
}

export interface PlannedStep {
  kind: string;
  accountId: string | null;
  contentIds: string[];
  /** For an INHOPE referral: the page and the hotline's country. */
  url?: string;
  country?: string;
}

export interface DecideDeps {
  store: Store;
  enforcement: Enforcement;
  /** Where reporters' report.resolved webhooks go; without it none is sent. */
  jobs?: JobQueue;
  /** VIGIE_NCMEC_INDUSTRY_MOU: reviewers may classify reported media; without it a classification is refused. */
  industryMou?: boolean;
  now(): Date;
}

export interface CaseDecision {
  caseId: string;
  outcome: Decision['outcome'];
  clauses: readonly string[];
  intent: Decision['intent'];
  exception: string | null;
  /** The actions taken (or, in a preview, that would be), in order, with the platform's own ids. */
  actions: PlannedStep[];
  /** True when the decision waits for a senior reviewer. */
  pendingSenior: boolean;
}

/** What the decision would do, written nowhere. */
export async function previewDecision(
  deps: Pick<DecideDeps, 'store' | 'now' | 'industryMou'>,
  r: Reviewer,
  caseId: string,
  finding: Finding,
): Promise<CaseDecision> {
  if (!may(r, 'case:decide')) throw forbidden('your role does not decide cases');
  const c = visibleCase(r, await caseById(deps.store.db, caseId), caseId);
  const decision = await decisionFor(deps.store.db, c, reviewFinding(r, c, finding, null));
  await checkedClassifications(deps.store.db, c, finding.industryClassifications, decision, deps.industryMou === true);
  return summary(c.id, decision);
}

export async function decideCase(deps: DecideDeps, r: Reviewer, caseId: string, finding: Finding): Promise<CaseDecision> {
  if (!may(r, 'case:decide')) throw forbidden('your role does not decide cases');
  const at = deps.now().toISOString();
  return deps.store.write(async (w) => {
    const c = openCase(r, await lockCase(w.tx, w.dialect, caseId), caseId);
    if (c.pendingFinding !== undefined) throw conflict('a finding on this case waits for a senior reviewer: answer it with the confirmation route');
    if (!holds(r, c, at)) throw conflict('claim the case before deciding it (or renew a claim that ran out)');
    const decision = await decisionFor(w.tx, c, reviewFinding(r, c, finding, null));
    const classified = await checkedClassifications(w.tx, c, finding.industryClassifications, decision, deps.industryMou === true);
    if (decision.outcome === 'pending-senior-confirmation') {
      const actor = reviewerActor(r);
      await w.append([
        { type: 'case.unassigned', subject: { kind: 'case', id: c.id }, actor, at, reason: null, payload: { previous: r.id, why: 'released' } },
        {
          type: 'case.escalated',
          subject: { kind: 'case', id: c.id },
          actor,
          at,
          reason: 'an exception needs a second, senior reviewer',
          payload: {
            to: 'senior-reviewer',
            queue: ESCALATION_QUEUES['senior-reviewer'],
            ...(decision.priority !== null ? { priority: decision.priority } : {}),
            finding: findingJson(r.id, finding),
          },
        },
      ]);
      return summary(c.id, decision);
    }
    return carryOut(w, deps, r, c, decision, at, classified);
  });
}

/** A senior's answer to a pending exception: confirmed, it takes effect; declined, the first reviewer's violations do. */
export async function confirmException(deps: DecideDeps, r: Reviewer, caseId: string, confirmed: boolean): Promise<CaseDecision> {
  if (!may(r, 'exception:confirm')) throw forbidden('only a senior reviewer answers an exception');
  const at = deps.now().toISOString();
  return deps.store.write(async (w) => {
    const c = openCase(r, await lockCase(w.tx, w.dialect, caseId), caseId);
    const pending = c.pendingFinding as { reviewerId?: string; finding?: Finding } | undefined;
    if (!pending?.finding || !pending.reviewerId) throw conflict('no finding on this case waits for a senior reviewer');
    if (pending.reviewerId === r.id) throw forbidden('an exception needs a second person: you made the finding');
    const first: Reviewer = { id: pending.reviewerId, permissions: [], platforms: null };
    const decision = await decisionFor(w.tx, c, reviewFinding(first, c, pending.finding, { reviewerId: r.id, mayConfirmExceptions: true, confirmed }));
    return carryOut(w, deps, r, c, decision, at);
  });
}

async function carryOut(
  w: UnitOfWork,
  deps: DecideDeps,
  r: Reviewer,
  c: CaseState,
  decision: Decision,
  at: string,
  classified?: IndustryClassifications,
): Promise<CaseDecision> {
  const actor = reviewerActor(r);
  if (decision.plan.length > 0) await deps.enforcement.enforceDecision(w, decision, actor, at);
  const result = summary(c.id, decision);
  await w.append([
    {
      type: 'case.decided',
      subject: { kind: 'case', id: c.id },
      actor,
      at,
      reason: decision.rule.text.en,
      payload: { decision: decisionJson(decision), ...(classified ? { industryClassifications: classified } : {}) },
    },
    { type: 'case.closed', subject: { kind: 'case', id: c.id }, actor, at, reason: null, payload: { outcome: decision.outcome } },
  ]);
  await tellReporters(w, deps, c, decision.outcome === 'act' ? 'action-taken' : 'no-action', at);
  return result;
}

/**
 * Each platform user who reported into the case hears that it was dealt with, through their
 * platform (a report.resolved webhook); anonymous reporters read it on the status page.
 */
async function tellReporters(w: UnitOfWork, deps: DecideDeps, c: CaseState, outcome: 'action-taken' | 'no-action', at: string): Promise<void> {
  const reports = (await reportsOfCase(w.tx, c.id)).filter((r) => r.reporter_kind === 'account' && r.reporter_id !== null);
  if (reports.length === 0) return;
  const { logged } = await w.append(
    reports.map((r) => ({
      type: 'report.resolved' as const,
      subject: { kind: 'account' as const, id: r.reporter_id! },
      actor: SYSTEM,
      at,
      reason: null,
      payload: { reportId: r.id, clientKey: r.client_key, outcome },
    })),
  );
  if (deps.jobs) await enqueueActionDeliveries(w, deps.jobs, logged);
}

function openCase(r: Reviewer, c: CaseState | undefined, id: string): CaseState {
  const v = visibleCase(r, c, id);
  if (v.status !== 'open' && v.status !== 'escalated') throw conflict(`the case is ${v.status}: it was decided already`);
  return v;
}

function reviewFinding(r: Reviewer, c: CaseState, f: Finding, senior: ReviewerFinding['senior']): ReviewerFinding {
  const platform = platformOf(c.subjectId);
  return {
    reviewerId: r.id,
    clauses: f.clauses,
    malicious: f.malicious,
    ...(f.exception !== undefined ? { exception: f.exception } : {}),
    ...(senior ? { senior } : {}),
    ...(f.contentIds ? { contentIds: f.contentIds.map((id) => scopedId(platform, id)) } : {}),
    ...(f.hosting ? { hosting: f.hosting } : {}),
  };
}

async function decisionFor(db: Tx, c: CaseState, review: ReviewerFinding): Promise<Decision> {
  let input: DecisionInput;
  // A conversation's case is about its messages and their sender: the first message that
  // made it names both (the finding's contentIds may list more).
  const contentId = c.subjectKind === 'content' ? c.subjectId : c.subjectKind === 'conversation' ? (c.contentIds[0] ?? null) : null;
  if (c.subjectKind === 'conversation' && contentId === null) throw conflict('this conversation case names no message to decide on');
  if (contentId !== null) {
    const content = await contentState(db, contentId);
    if (!content) throw conflict('vigie has not received this post yet: it was asked of the platform; decide once it arrives');
    const account = await accountState(db, content.authorId);
    input = {
      subject: { accountId: content.authorId, contentId: content.id, contentStatus: content.status },
      signals: await signalsOf(db, 'content', content.id),
      account: { status: account?.status ?? 'active', violations: account?.violations ?? 0 },
      review,
    };
  } else {
    const account = await accountState(db, c.subjectId);
    input = {
      subject: { accountId: c.subjectId, contentId: null },
      signals: await signalsOf(db, 'account', c.subjectId),
      account: { status: account?.status ?? 'active', violations: account?.violations ?? 0 },
      review,
    };
  }
  try {
    return decide(input);
  } catch (err) {
    if (err instanceof DecisionError) throw invalid(err.message);
    throw err;
  }
}

/** The signals recorded on the subject, with their evidence, as the policy reads them. */
async function signalsOf(db: Tx, kind: 'account' | 'content', id: string): Promise<SignalInput[]> {
  const events = await eventsOf(db, { kind, id });
  return events.flatMap((e) => (e.type === 'signal.recorded' ? [{ ...e.payload, evidence: e.payload.evidence }] : []));
}

function summary(caseId: string, d: Decision): CaseDecision {
  return {
    caseId,
    outcome: d.outcome,
    clauses: d.clauses,
    intent: d.intent,
    exception: d.exception,
    actions: d.plan.map(stepOf),
    pendingSenior: d.outcome === 'pending-senior-confirmation',
  };
}

function stepOf(step: PlannedAction): PlannedStep {
  switch (step.kind) {
    case 'remove_content':
    case 'restore_content':
      return { kind: step.kind, accountId: null, contentIds: [externalId(step.contentId)] };
    case 'suspend_account':
    case 'block_identifiers':
      return { kind: step.kind, accountId: externalId(step.accountId), contentIds: [] };
    case 'lock_account':
    case 'file_cybertip':
    case 'notify_user':
      return { kind: step.kind, accountId: externalId(step.accountId), contentIds: step.contentIds.map(externalId) };
    case 'refer_inhope':
      return { kind: step.kind, accountId: null, contentIds: [], url: step.url, country: step.country };
    case 'open_case':
      return {
        kind: step.kind,
        accountId: step.subject.kind === 'account' ? externalId(step.subject.id) : null,
        contentIds: step.subject.kind === 'content' ? [externalId(step.subject.id)] : [],
      };
  }
}

function decisionJson(d: Decision): JsonValue {
  return {
    outcome: d.outcome,
    clauses: [...d.clauses],
    intent: d.intent,
    exception: d.exception,
    consequences: [...d.consequences],
    rule: d.rule.id,
    policyVersion: d.policyVersion,
  };
}

function findingJson(reviewerId: string, f: Finding): JsonValue {
  return JSON.parse(JSON.stringify({ reviewerId, finding: f })) as JsonValue;
}
