// Decisions without a person. The policy lets a machine act on one thing only: a match with
// a bank the operator marked verified, close enough to the listed hash. Everything else,
// text above all, becomes a case for a person with a priority.
import type { DecideOptions, Decision, DecisionInput } from './decision.js';
import { caseSubject, inhopeReferrals, isBankMatch, makeDecision, unique } from './decide-shared.js';
import type { PlannedAction } from './plan.js';
import { casePriority, signalPriority } from './priority.js';
import { fired, type FiredRule, type RuleId } from './rules.js';
import type { BankMatch, PolicySignal } from './signals.js';
import type { ViolationId } from './violations.js';

/** Digest matches are exact by construction; only perceptual hashes have a distance to judge. */
const EXACT_HASHES = new Set(['md5', 'sha1', 'sha256']);

export function decideWithoutPerson(input: DecisionInput, signals: readonly PolicySignal[], options: DecideOptions): Decision {
  if (signals.length === 0) {
    return makeDecision({
      outcome: 'none',
      automated: true,
      clauses: [],
      intent: 'not-assessed',
      exception: null,
      plan: [],
      rule: fired('none.no-signal'),
      notes: [],
      priority: null,
    });
  }
  const actionable = options.autoActionVerifiedBanks ? signals.filter(isBankMatch).filter((m) => m.verified && withinCut(m, options)) : [];
  if (actionable.length > 0) return actOnVerifiedMatch(input, signals, actionable);
  return sendToReview(input, signals, options);
}

function withinCut(m: BankMatch, options: DecideOptions): boolean {
  if (m.target === 'link') return true;
  if (m.hashType !== null && EXACT_HASHES.has(m.hashType)) return true;
  return m.distance !== null && m.distance <= options.autoActionMaxPdqDistance;
}

function actOnVerifiedMatch(input: DecisionInput, signals: readonly PolicySignal[], matches: readonly BankMatch[]): Decision {
  const { subject, account } = input;
  const clauses = unique(matches.map((m) => m.clause).filter((c): c is ViolationId => c !== null));
  const plan: PlannedAction[] = [];
  const notes: FiredRule[] = [];
  if (subject.contentId !== null && subject.contentStatus !== 'removed' && subject.contentStatus !== 'deleted') {
    plan.push({ kind: 'remove_content', contentId: subject.contentId, notifyUser: false, consequence: 'consequence.remove-without-notice' });
  }
  if (account.status === 'suspended') {
    notes.push(fired('note.already-suspended'));
  } else {
    plan.push({ kind: 'suspend_account', accountId: subject.accountId, permanent: true, consequence: 'consequence.permanent-suspension' });
    plan.push({ kind: 'block_identifiers', accountId: subject.accountId, consequence: 'consequence.no-new-accounts' });
  }
  plan.push({
    kind: 'file_cybertip',
    accountId: subject.accountId,
    contentIds: subject.contentId !== null ? [subject.contentId] : [],
    clauses,
    draft: true,
    consequence: 'consequence.report-ncmec',
  });
  plan.push(...inhopeReferrals(matches.filter((m) => m.target === 'link').map((m) => ({ url: m.url, country: m.hostingCountry }))));
  if (signals.length > matches.length) notes.push(fired('note.other-signals'));
  return makeDecision({
    outcome: 'act',
    automated: true,
    clauses,
    intent: 'not-assessed',
    exception: null,
    plan,
    rule: fired('auto.verified-bank', matches.map(describeMatch).join('; ')),
    notes,
    priority: null,
  });
}

function sendToReview(input: DecisionInput, signals: readonly PolicySignal[], options: DecideOptions): Decision {
  const { priority, urgent } = casePriority(signals);
  const strongest = [...signals].sort((a, b) => signalPriority(b) - signalPriority(a))[0]!;
  const ruleId = reviewRule(strongest, options);
  const notes: FiredRule[] = [];
  if (ruleId !== 'review.text' && signals.some((s) => s.type === 'text')) notes.push(fired('review.text'));
  if (urgent) notes.push(fired('note.urgent'));
  const clauses = unique(signals.map((s) => s.clause).filter((c): c is ViolationId => c !== null));
  return makeDecision({
    outcome: 'review',
    automated: true,
    clauses,
    intent: 'not-assessed',
    exception: null,
    plan: [{ kind: 'open_case', subject: caseSubject(input.subject), priority, urgent, needs: 'reviewer', reason: ruleId, consequence: null }],
    rule: fired(ruleId, strongest.type === 'bank-match' ? describeMatch(strongest) : null),
    notes,
    priority,
  });
}

function reviewRule(s: PolicySignal, options: DecideOptions): RuleId {
  switch (s.type) {
    case 'bank-match':
      if (s.target === 'link' && !s.verified) return 'review.link-bank';
      if (!s.verified) return 'review.unverified-bank';
      return options.autoActionVerifiedBanks ? 'review.distance-beyond-cut' : 'review.auto-action-off';
    case 'text':
      return 'review.text';
    case 'classifier':
      return 'review.classifier';
    case 'other':
      return 'review.other';
  }
}

function describeMatch(m: BankMatch): string {
  const parts = [`bank ${m.bank}${m.verified ? ' (verified)' : ''}`];
  if (m.hashType !== null) parts.push(m.hashType);
  if (m.distance !== null) parts.push(`distance ${m.distance}`);
  if (m.label !== null) parts.push(`label ${m.label}`);
  return parts.join(', ');
}
