// How urgently a case needs a person, from 0 (whenever) to 100 (now). Matches against
// known material come before text; sextortion comes first of all, because of how often it
// goes with self-harm (signals.md §2). Text can move a case up or down the queue, and that
// is all it can do.
import type { PolicySignal } from './signals.js';

export const URGENT_PRIORITY = 100;
/** Everything that is not urgent stays below this, so urgent cases are never overtaken. */
const CEILING = 99;
/** Each further signal on the same subject adds a little: corroboration, not certainty. */
const CORROBORATION = 3;
const MAX_CORROBORATING = 3;

export interface CasePriority {
  readonly priority: number;
  readonly urgent: boolean;
}

export function signalPriority(s: PolicySignal): number {
  switch (s.type) {
    case 'bank-match':
      if (s.target === 'link') return s.verified ? 85 : 75;
      return s.verified ? 95 : 70 + Math.round(20 * s.strength);
    case 'text':
      return 20 + Math.round(60 * s.strength);
    case 'classifier':
      return 10 + Math.round(60 * s.strength);
    case 'other':
      return 10 + Math.round(40 * s.strength);
  }
}

export function casePriority(signals: readonly PolicySignal[]): CasePriority {
  if (signals.length === 0) return { priority: 0, urgent: false };
  if (signals.some((s) => s.type === 'text' && s.urgent)) return { priority: URGENT_PRIORITY, urgent: true };
  const scores = signals.map(signalPriority).sort((a, b) => b - a);
  const priority = Math.min(CEILING, scores[0]! + CORROBORATION * Math.min(MAX_CORROBORATING, scores.length - 1));
  return { priority, urgent: false };
}
