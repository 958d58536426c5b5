// The case-opening path held in memory, for `vigie text scan` and the evaluation: the same
// engine, accumulation and policy as ingest, with conversations, senders and open cases in
// maps instead of the store. One open case per subject; later steps join it.
import { conversationKey, type ConversationState, type Evaluation, type TextEngine, type TextMessage } from '../detect/text/index.js';
import { emptySenderRisk, type SenderRiskState } from '../policy/accumulation.js';
import { reviewMessage, reviewSender, type CaseSubject, type MessageReview } from './text-review.js';

export interface DeskCase {
  readonly id: string;
  readonly subject: CaseSubject;
  priority: number;
  urgent: boolean;
  readonly contentIds: string[];
}

export interface DeskResult {
  readonly evaluation: Evaluation;
  readonly review: MessageReview;
  /** As in the ingest answer: the case this message opened or joined, or null. */
  readonly disposition: { readonly caseId: string; readonly opened: boolean } | null;
}

export class ReviewDesk {
  private readonly conversations = new Map<string, ConversationState>();
  private readonly senders = new Map<string, SenderRiskState>();
  readonly cases = new Map<string, DeskCase>();
  private readonly open = new Map<string, DeskCase>();

  constructor(
    private readonly engine: () => TextEngine,
    private readonly maxConversations = 100_000,
  ) {}

  submit(message: TextMessage): DeskResult {
    const engine = this.engine();
    const key = conversationKey(message);
    const evaluation = engine.evaluate(message, key ? this.conversations.get(key) : undefined);
    if (key && evaluation.state) this.remember(this.conversations, key, evaluation.state);
    const policy = engine.rules.caseOpening;
    const review = reviewMessage(policy, message, evaluation);
    let disposition: DeskResult['disposition'] = null;
    if (review.step) disposition = this.apply(review.subject, review.step, review.contentIds);
    if (review.sender && key) {
      const at = evaluation.state?.window.at(-1)?.at ?? 0;
      const s = reviewSender(policy, this.senders.get(review.sender.id) ?? emptySenderRisk(), key, review.sender, at);
      this.remember(this.senders, review.sender.id, s.state);
      // A conversation already in a case keeps its case; the account case gathers the rest.
      if (s.step) {
        const d = this.apply({ kind: 'account', id: review.sender.id }, s.step, review.contentIds);
        disposition ??= d;
      }
    }
    return { evaluation, review, disposition };
  }

  private apply(subject: CaseSubject, step: NonNullable<MessageReview['step']>, contentIds: readonly string[]): DeskResult['disposition'] {
    const key = `${subject.kind}:${subject.id}`;
    const open = this.open.get(key);
    if (open) {
      open.priority = Math.max(open.priority, step.priority);
      open.urgent ||= step.urgent;
      for (const id of contentIds) if (!open.contentIds.includes(id)) open.contentIds.push(id);
      return { caseId: open.id, opened: false };
    }
    if (step.action === 'raise') return null;
    const c: DeskCase = { id: `case-${this.cases.size + 1}`, subject, priority: step.priority, urgent: step.urgent, contentIds: [...contentIds] };
    this.cases.set(c.id, c);
    this.open.set(key, c);
    return { caseId: c.id, opened: true };
  }

  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(key, value);
    if (map.size > this.maxConversations) map.delete(map.keys().next().value!);
  }
}
