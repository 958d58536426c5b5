// Text and link signals at ingest: the text engine (src/detect/text) over a post's text
// and links, and over a direct message as part of its conversation. Text can only ask for
// review (every such signal says so); a link on a URL bank is evidence for the policy.
import type { ConversationState, Evaluation, Signal, TextEngine, TextMessage } from '../detect/text/index.js';
import { MessageError, conversationKey } from '../detect/text/index.js';
import type { ConversationJudge, ConversationStep, IngestSignal } from './ingest.js';
import type { JsonObject } from './events.js';
import { reviewMessage, type MessageReview } from './text-review.js';

export function signalsOf(evaluation: Evaluation): IngestSignal[] {
  return evaluation.signals.map((s) => signalOf(s, evaluation.dampening));
}

function signalOf(s: Signal, dampening: number): IngestSignal {
  switch (s.source) {
    case 'text':
      return {
        signal: s.family,
        source: 'text',
        strength: s.strength,
        clause: s.clause,
        evidence: {
          disposition: s.disposition,
          baseStrength: s.baseStrength,
          rules: [...s.rules],
          spans: s.evidence.map((e) => ({ start: e.start, end: e.end, text: e.text })),
          dampening,
        },
      };
    case 'conversation':
      return {
        signal: 'conversation',
        source: 'conversation',
        strength: s.strength,
        clause: s.clause,
        evidence: { disposition: s.disposition, families: { ...s.families }, minorRecipient: s.minorRecipient },
      };
    case 'link':
      return {
        signal: 'link-bank',
        source: `url-bank:${s.bank}`,
        strength: s.strength,
        clause: s.clause,
        evidence: {
          disposition: s.disposition,
          url: s.url,
          bankName: s.bank,
          // The policy acts on a match only when this says true (src/policy/signals.ts).
          verified: s.verified,
          expression: s.expression,
          provenance: s.provenance ?? null,
          spans: s.evidence.map((e) => ({ start: e.start, end: e.end, text: e.text })),
        },
      };
  }
}

/**
 * Signals for a post or profile field (the links the platform listed apart are read too),
 * and what the case-opening policy makes of its text.
 */
export function postSignals(
  engine: TextEngine,
  message: TextMessage,
  links: readonly string[],
  onError: (err: Error) => void,
): { signals: IngestSignal[]; review: MessageReview | null } {
  const out: IngestSignal[] = [];
  let review: MessageReview | null = null;
  try {
    if (message.text) {
      const evaluation = engine.evaluate(message);
      out.push(...signalsOf(evaluation));
      if (evaluation.signals.length > 0) review = reviewMessage(engine.rules.caseOpening, message, evaluation);
    }
    if (links.length > 0) for (const s of engine.linkSignals(links.join('\n'))) out.push(signalOf(s, 1));
  } catch (err) {
    if (!(err instanceof MessageError)) throw err;
    onError(err);
  }
  return { signals: out, review };
}

/** The conversation step for a direct message: data, judged later inside the write. */
export function conversationStep(message: TextMessage): ConversationStep | undefined {
  const key = conversationKey(message);
  if (!key) return undefined;
  return { key, message: JSON.parse(JSON.stringify(message)) as JsonObject };
}

/** How a writer judges conversation steps with a text engine (see services/ingest/ingest-batch.ts). */
export function conversationJudge(engine: TextEngine, onError: (err: Error) => void): ConversationJudge {
  return (message, state) => {
    try {
      const text = message as unknown as TextMessage;
      const evaluation = engine.evaluate(text, state as unknown as ConversationState | undefined);
      const review = reviewMessage(engine.rules.caseOpening, text, evaluation);
      return { signals: signalsOf(evaluation), state: (evaluation.state ?? state ?? {}) as unknown as JsonObject, review };
    } catch (err) {
      if (!(err instanceof MessageError)) throw err;
      onError(err);
      return { signals: [], state: state ?? {}, review: null };
    }
  };
}
