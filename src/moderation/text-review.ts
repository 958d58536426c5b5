// From a message's text evaluation to what goes to a person: the context (who writes to
// whom), the sender's accumulated risk in the conversation, and the case-opening policy's
// step for the conversation (or, for a public post, the post). Shared by ingest, `vigie
// text scan` and the evaluation, so that the three agree. Pure.
import type { Evaluation, TextMessage } from '../detect/text/index.js';
import { accumulate, foldSenderRisk, senderMinors, type AccumulatedItem, type SenderRiskState } from '../policy/accumulation.js';
import { reviewContext, type AgeStatus, type ReviewContext } from '../policy/ages.js';
import { caseStep, type CaseStep } from '../policy/case-opening.js';
import type { CaseOpeningPolicy } from '../policy/case-opening-rules.js';
import { casePriority } from '../policy/priority.js';

/** What a case is about: a conversation (direct messages), an account (a sender), or a post. */
export type CaseSubjectKind = 'conversation' | 'account' | 'content';
export interface CaseSubject {
  readonly kind: CaseSubjectKind;
  readonly id: string;
}

export interface MessageReview {
  readonly context: ReviewContext;
  readonly subject: CaseSubject;
  readonly step: CaseStep | null;
  /** The sender's messages that made the step, oldest first (this one last). */
  readonly contentIds: readonly string[];
  /** The same messages with their families and where they said it, for the case. */
  readonly items: readonly AccumulatedItem[];
  /** Toward a minor: what the sender's risk store keeps of this conversation. */
  readonly sender: { readonly id: string; readonly minor: string; readonly risk: number } | null;
}

const ADULT_TOWARD_MINOR = new Set<ReviewContext>(['adult-to-minor', 'to-minor']);

function status(flag: boolean | undefined): AgeStatus {
  return flag === undefined ? 'unknown' : flag ? 'minor' : 'adult';
}

export function reviewMessage(policy: CaseOpeningPolicy, message: TextMessage, evaluation: Evaluation): MessageReview {
  const direct = evaluation.state !== undefined;
  const context = reviewContext(direct, status(message.senderIsMinor), status(message.recipientIsMinor));
  const findings = [];
  for (const s of evaluation.signals) if (s.source === 'text') findings.push({ family: s.family, strength: s.strength, clause: s.clause });
  const id = message.id ?? '';
  if (!direct) {
    const families: Record<string, number> = {};
    const spans: Record<string, [number, number][]> = {};
    for (const s of evaluation.signals) {
      if (s.source !== 'text') continue;
      families[s.family] = s.strength;
      spans[s.family] = s.evidence.map((e): [number, number] => [e.start, e.end]);
    }
    const step = caseStep(policy, { context, findings });
    return { context, subject: { kind: 'content', id }, step, contentIds: [id], items: [{ contentId: id, families, spans }], sender: null };
  }
  const state = evaluation.state!;
  const from = message.from ?? '';
  const last = state.window[state.window.length - 1];
  const toMinor = ADULT_TOWARD_MINOR.has(context);
  const accumulated = accumulate(state.window, from, last?.at, toMinor, policy.accumulation);
  const step = caseStep(policy, { context, findings, accumulated });
  const contentIds = accumulated.contentIds.includes(id) || id === '' ? accumulated.contentIds : [...accumulated.contentIds, id];
  // Below minRisk a conversation cannot count toward a sender case: no need to store it.
  const sender =
    toMinor && message.to !== undefined && accumulated.risk >= policy.sender.minRisk ? { id: from, minor: message.to, risk: accumulated.risk } : null;
  return { context, subject: { kind: 'conversation', id: state.key }, step, contentIds, items: accumulated.items, sender };
}

/** The sender's risk across conversations after this message, and the step on the account it leads to. */
export function reviewSender(
  policy: CaseOpeningPolicy,
  state: SenderRiskState,
  conversation: string,
  sender: NonNullable<MessageReview['sender']>,
  at: number,
): { state: SenderRiskState; step: CaseStep | null; minors: string[] } {
  const next = foldSenderRisk(state, conversation, sender.minor, sender.risk, at);
  const minors = senderMinors(next, at, policy.accumulation, policy.sender);
  if (minors.length < policy.sender.minMinors) return { state: next, step: null, minors };
  const { priority } = casePriority([{ type: 'text', clause: 'behaviour.grooming', strength: sender.risk, urgent: false }]);
  return {
    state: next,
    minors,
    step: { action: 'open', priority, urgent: false, rule: 'review.sender', clauses: ['behaviour.grooming'], families: {} },
  };
}
