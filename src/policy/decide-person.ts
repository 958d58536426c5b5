// Decisions where a person looked. The reviewer names the clauses, the intent and any
// exception; the policy turns that and the account's past into a plan. An exception is
// never applied on one person's word: it waits for a second, senior reviewer.
import { accountConsequence } from './history.js';
import { DecisionError, type Decision, type DecisionInput, type ReviewerFinding } from './decision.js';
import { caseSubject, inhopeReferrals, isKnownMaterial, makeDecision, restoreIfRemoved, unique } from './decide-shared.js';
import { exception as exceptionClause, isExceptionId, isNonViolationId, isViolationId, violation } from './policy.js';
import type { ExceptionId } from './exceptions.js';
import type { PlannedAction } from './plan.js';
import { casePriority } from './priority.js';
import { fired, type FiredRule } from './rules.js';
import type { PolicySignal } from './signals.js';
import type { ViolationId } from './violations.js';

/** An exception waiting for a senior comes before routine work: content may be down meanwhile. */
const SENIOR_MIN_PRIORITY = 60;

export function decideWithPerson(input: DecisionInput, review: ReviewerFinding, signals: readonly PolicySignal[]): Decision {
  const violations = readClauses(review);
  const intent = review.malicious === null ? 'not-assessed' : review.malicious ? 'malicious' : 'not-malicious';
  if (violations.length > 0 && review.malicious === null) {
    throw new DecisionError('a reviewer who finds a violation must say whether the intent was malicious');
  }
  const notes: FiredRule[] = [];

  if (review.exception !== undefined && review.exception !== null) {
    const id = readException(review.exception, violations);
    const senior = review.senior ?? null;
    const missing = senior === null ? 'no senior reviewer has answered yet' : seniorProblem(review, senior);
    if (missing !== null) {
      const { priority } = casePriority(signals);
      return makeDecision({
        outcome: 'pending-senior-confirmation',
        automated: false,
        clauses: violations,
        intent,
        exception: id,
        plan: [
          {
            kind: 'open_case',
            subject: caseSubject(input.subject),
            priority: Math.max(priority, SENIOR_MIN_PRIORITY),
            urgent: false,
            needs: 'senior-reviewer',
            reason: 'person.exception-pending',
            consequence: null,
          },
        ],
        rule: fired('person.exception-pending', `${id}: ${missing}`),
        notes,
        priority: Math.max(priority, SENIOR_MIN_PRIORITY),
      });
    }
    if (senior!.confirmed) {
      return makeDecision({
        outcome: 'exception',
        automated: false,
        clauses: [],
        intent,
        exception: id,
        plan: restoreIfRemoved(input.subject),
        rule: fired('person.exception-confirmed', `${id} lifts ${violations.join(', ')}`),
        notes,
        priority: null,
      });
    }
    notes.push(fired('person.exception-declined', id));
  } else if (review.senior !== undefined && review.senior !== null) {
    throw new DecisionError('a senior confirmation answers an exception, and none was applied');
  }

  if (violations.length === 0) {
    const reasons = review.clauses.filter(isNonViolationId);
    return makeDecision({
      outcome: 'no-violation',
      automated: false,
      clauses: [],
      intent,
      exception: null,
      plan: restoreIfRemoved(input.subject),
      rule: fired('person.no-violation', reasons.length > 0 ? reasons.join(', ') : null),
      notes,
      priority: null,
    });
  }
  return enforce(input, review, signals, violations, intent === 'malicious', notes);
}

function enforce(
  input: DecisionInput,
  review: ReviewerFinding,
  signals: readonly PolicySignal[],
  violations: ViolationId[],
  malicious: boolean,
  notes: FiredRule[],
): Decision {
  const { subject, account } = input;
  const concerned = unique(review.contentIds ?? (subject.contentId !== null ? [subject.contentId] : []));
  const present = concerned.filter((id) => !(id === subject.contentId && subject.contentStatus === 'deleted'));
  const known = isKnownMaterial(signals);
  const outcome = accountConsequence(account, malicious);
  const lockPath = outcome.kind === 'lock';

  const plan: PlannedAction[] = [];
  for (const id of present) {
    if (id === subject.contentId && subject.contentStatus === 'removed') continue;
    // Material is never removed with notice; outside the lock path nobody is told anything.
    const material = known && id === subject.contentId;
    plan.push({
      kind: 'remove_content',
      contentId: id,
      notifyUser: lockPath && !material,
      consequence: lockPath && !material ? 'consequence.lock-until-deletion' : 'consequence.remove-without-notice',
    });
  }

  let rule: FiredRule;
  switch (outcome.kind) {
    case 'suspend':
      plan.push({
        kind: 'suspend_account',
        accountId: subject.accountId,
        permanent: true,
        consequence: outcome.because === 'malicious' ? 'consequence.permanent-suspension' : 'consequence.suspend-after-lock',
      });
      plan.push({ kind: 'block_identifiers', accountId: subject.accountId, consequence: 'consequence.no-new-accounts' });
      rule = fired(outcome.because === 'malicious' ? 'person.malicious' : 'person.further-violation', violations.join(', '));
      break;
    case 'already-suspended':
      notes.push(fired('note.already-suspended'));
      rule = fired(malicious ? 'person.malicious' : 'person.further-violation', violations.join(', '));
      break;
    case 'lock':
      if (present.length > 0) {
        plan.push({ kind: 'lock_account', accountId: subject.accountId, contentIds: present, consequence: 'consequence.lock-until-deletion' });
      } else {
        notes.push(fired('note.nothing-to-delete'));
      }
      rule = fired('person.first-not-malicious', violations.join(', '));
      break;
  }

  // The material is reported whatever the intent: the duty follows the material, not the person.
  const reportable = violations.filter((v) => violation(v).reportToNcmec);
  if (reportable.length > 0) {
    plan.push({
      kind: 'file_cybertip',
      accountId: subject.accountId,
      contentIds: concerned,
      clauses: reportable,
      draft: false,
      consequence: 'consequence.report-ncmec',
    });
  }
  const linked = violations.includes('content.link-to-material')
    ? signals.flatMap((s) => (s.type === 'bank-match' && s.target === 'link' ? [{ url: s.url, country: s.hostingCountry }] : []))
    : [];
  plan.push(...inhopeReferrals([...(review.hosting ?? []), ...linked]));

  if (lockPath) {
    plan.push({
      kind: 'notify_user',
      accountId: subject.accountId,
      notice: present.length > 0 ? 'lock-until-deletion' : 'violation-recorded',
      clauses: violations,
      contentIds: present,
      consequence: 'consequence.lock-until-deletion',
    });
  }

  return makeDecision({
    outcome: 'act',
    automated: false,
    clauses: violations,
    intent: malicious ? 'malicious' : 'not-malicious',
    exception: null,
    plan,
    rule,
    notes,
    priority: null,
  });
}

function readClauses(review: ReviewerFinding): ViolationId[] {
  const unknown = review.clauses.filter((c) => !isViolationId(c) && !isNonViolationId(c));
  if (unknown.length > 0) throw new DecisionError(`not a violation or non-violation clause: ${unknown.join(', ')}`);
  const violations = unique(review.clauses.filter(isViolationId));
  if (violations.length > 0 && review.clauses.some(isNonViolationId)) {
    throw new DecisionError('a finding names either violations or the reasons there is none, not both');
  }
  return violations;
}

function readException(value: string, violations: readonly ViolationId[]): ExceptionId {
  if (!isExceptionId(value)) throw new DecisionError(`not an exception clause: ${value}`);
  if (violations.length === 0) throw new DecisionError('an exception names the clauses it would lift');
  const covers: readonly string[] = exceptionClause(value).covers;
  const outside = violations.filter((v) => !covers.includes(v));
  if (outside.length > 0) throw new DecisionError(`${value} covers depictions only, not ${outside.join(', ')}`);
  return value;
}

function seniorProblem(review: ReviewerFinding, senior: NonNullable<ReviewerFinding['senior']>): string | null {
  if (senior.reviewerId === review.reviewerId) return 'the confirming reviewer must be another person';
  if (!senior.mayConfirmExceptions) return 'the confirming reviewer may not confirm exceptions';
  return null;
}
