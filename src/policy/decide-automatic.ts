// Decisions without a person. The policy lets a machine act on a match with a bank the
// operator marked verified, close enough to the listed hash, and on a classifier the operator
// configured to act (never by default, never on text). A Take It Down match removes the image
// and leaves the account to a person. Everything else, text above all, becomes a case for a
// person with a priority.
import type { DecideOptions, Decision, DecisionInput } from './decision.js';
import { caseSubject, inhopeReferrals, isBankMatch, makeDecision, unique } from './decide-shared.js';
import type { PlannedAction } from './plan.js';
import { violation } from './policy.js';
import { casePriority, signalPriority } from './priority.js';
import { fired, type FiredRule, type RuleId } from './rules.js';
import type { BankMatch, ClassifierScore, PolicySignal } from './signals.js';
import type { ViolationId } from './violations.js';

/** Digest matches are exact by construction; only perceptual hashes have a distance to judge. */
const EXACT_HASHES = new Set(['md5', 'sha1', 'sha256']);

/** A person looks at the account soon: a child asked for this image to go. */
const TAKE_IT_DOWN_MIN_PRIORITY = 80;

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
  const actionable = options.autoActionVerifiedBanks ? signals.filter(isBankMatch).filter((m) => m.verified && !m.takeItDown && withinCut(m, options)) : [];
  if (actionable.length > 0) return actOnVerifiedMatch(input, signals, actionable);
  // A classifier acts only when the operator configured it to (ClassifierScore.acts): by
  // default every classifier score, however high, only asks for review.
  // Text never acts, trusted or not: only material clauses (a depiction, a link) may.
  const trusted = options.autoActionVerifiedBanks
    ? signals.filter((s): s is ClassifierScore => s.type === 'classifier' && s.acts && s.clause !== null && violation(s.clause).material)
    : [];
  if (trusted.length > 0) return actOnTrustedClassifier(input, signals, trusted);
  const takeDown = options.autoRemoveTakeItDown ? signals.filter(isBankMatch).filter((m) => m.takeItDown && m.target === 'media' && withinCut(m, options)) : [];
  if (takeDown.length > 0 && input.subject.contentId !== null) return removeForTakeItDown(input, input.subject.contentId, signals, takeDown);
  return sendToReview(input, signals, options);
}

function withinCut(m: BankMatch, options: DecideOptions): boolean {
  if (m.target === 'link') return true;
  if (m.hashType !== null && EXACT_HASHES.has(m.hashType)) return true;
  return m.distance !== null && m.distance <= options.autoActionMaxPdqDistance;
}

function actOnVerifiedMatch(input: DecisionInput, signals: readonly PolicySignal[], matches: readonly BankMatch[]): Decision {
  const clauses = unique(matches.map((m) => m.clause).filter((c): c is ViolationId => c !== null));
  const referrals = inhopeReferrals(matches.filter((m) => m.target === 'link').map((m) => ({ url: m.url, country: m.hostingCountry })));
  return actWithoutPerson(input, clauses, referrals, signals.length > matches.length, fired('auto.verified-bank', matches.map(describeMatch).join('; ')));
}

function actOnTrustedClassifier(input: DecisionInput, signals: readonly PolicySignal[], scores: readonly ClassifierScore[]): Decision {
  const clauses = unique(scores.map((s) => s.clause ?? 'content.visual-depiction'));
  const detail = scores.map((s) => `${s.source} ${s.strength}`).join('; ');
  return actWithoutPerson(input, clauses, [], signals.length > scores.length, fired('auto.trusted-classifier', detail));
}

function actWithoutPerson(input: DecisionInput, clauses: ViolationId[], referrals: PlannedAction[], others: boolean, rule: FiredRule): Decision {
  const { subject, account } = input;
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
  plan.push(...referrals);
  if (others) notes.push(fired('note.other-signals'));
  return makeDecision({ outcome: 'act', automated: true, clauses, intent: 'not-assessed', exception: null, plan, rule, notes, priority: null });
}

/**
 * Take It Down: the image is removed, as the minor asked, and a report drafted; the account
 * is left to a person, because the one who posted it may be the minor themselves
 * (docs/take-it-down.md). Nobody at NCMEC saw these images, so the match is never treated
 * as a verified bank's.
 */
function removeForTakeItDown(input: DecisionInput, contentId: string, signals: readonly PolicySignal[], matches: readonly BankMatch[]): Decision {
  const { subject } = input;
  const clauses = unique(matches.map((m) => m.clause).filter((c): c is ViolationId => c !== null));
  const plan: PlannedAction[] = [];
  if (subject.contentStatus !== 'removed' && subject.contentStatus !== 'deleted') {
    plan.push({ kind: 'remove_content', contentId, notifyUser: false, consequence: 'consequence.remove-without-notice' });
  }
  plan.push({
    kind: 'file_cybertip',
    accountId: subject.accountId,
    contentIds: [contentId],
    clauses,
    draft: true,
    consequence: 'consequence.report-ncmec',
  });
  const priority = Math.max(casePriority(signals).priority, TAKE_IT_DOWN_MIN_PRIORITY);
  plan.push({
    kind: 'open_case',
    subject: { kind: 'account', id: subject.accountId },
    priority,
    urgent: false,
    needs: 'reviewer',
    reason: 'auto.take-it-down',
    consequence: null,
  });
  const notes = signals.length > matches.length ? [fired('note.other-signals')] : [];
  return makeDecision({
    outcome: 'act',
    automated: true,
    clauses,
    intent: 'not-assessed',
    exception: null,
    plan,
    rule: fired('auto.take-it-down', matches.map(describeMatch).join('; ')),
    notes,
    priority,
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
