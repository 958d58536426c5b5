// What a message's text findings lead to, by the case-opening policy (case-opening-rules.ts):
// nothing more than the recorded signals, a raised priority on the case already open for
// the conversation, or a case (opened, or joined when one is open). Pure: the accumulated
// risk comes in computed (accumulation.ts), and finding or opening the case is the
// service's (services/cases/open-case.ts).
import type { ReviewContext } from './ages.js';
import type { Accumulated } from './accumulation.js';
import { cellFor, type CaseOpeningPolicy } from './case-opening-rules.js';
import { casePriority } from './priority.js';
import type { RuleId } from './rules.js';
import { isViolationId } from './policy.js';
import type { ViolationId } from './violations.js';

export interface TextFindingInput {
  readonly family: string;
  readonly strength: number;
  readonly clause: string | null;
}

export interface CaseOpeningInput {
  readonly context: ReviewContext;
  /** The message's own text findings (after context dampening). */
  readonly findings: readonly TextFindingInput[];
  /** For a direct message: what its sender accumulated in the conversation, this message included. */
  readonly accumulated?: Accumulated | undefined;
}

export interface CaseStep {
  /** open: open a case or join the open one; raise: join the open one only, if there is one. */
  readonly action: 'open' | 'raise';
  readonly priority: number;
  readonly urgent: boolean;
  readonly rule: RuleId;
  readonly clauses: readonly ViolationId[];
  /** What made the step, for the reviewer: families with their weight. */
  readonly families: Readonly<Record<string, number>>;
}

const SEXTORTION_DEMANDS = ['payment-demand', 'image-request'];
const TOWARD_MINOR = new Set<ReviewContext>(['adult-to-minor', 'to-minor', 'minor-to-minor']);

export function caseStep(policy: CaseOpeningPolicy, input: CaseOpeningInput): CaseStep | null {
  const { context, findings, accumulated } = input;
  let action: 'open' | 'raise' | null = null;
  let rule: RuleId = 'review.text';
  let top = 0;
  const families: Record<string, number> = {};
  const consider = (a: 'open' | 'raise', strength: number, r: RuleId) => {
    if (a === 'open' && action !== 'open') rule = r;
    if (a === 'open' || action === null) action = a;
    top = Math.max(top, strength);
  };
  for (const f of findings) {
    families[f.family] = Math.max(families[f.family] ?? 0, f.strength);
    const cell = cellFor(policy, context, f.family);
    if (cell.action === 'record' || f.strength < (cell.from ?? 0)) continue;
    consider(cell.action, f.strength, 'review.text');
  }
  if (accumulated && accumulated.risk > 0) {
    const cell = cellFor(policy, context, 'conversation');
    const enough = Object.keys(accumulated.families).length >= (cell.families ?? 1);
    if (cell.action !== 'record' && enough && accumulated.risk >= (cell.from ?? 0)) consider(cell.action, accumulated.risk, 'review.conversation');
  }
  const seen = { ...(accumulated?.families ?? {}), ...families };
  // Threat plus demand toward a minor: urgent, whatever the cells say (self-harm risk, signals.md §2).
  const urgent = TOWARD_MINOR.has(context) && (seen['sextortion-threat'] ?? 0) >= 0.3 && SEXTORTION_DEMANDS.some((f) => (seen[f] ?? 0) > 0);
  if (urgent) {
    consider('open', 1, 'review.sextortion');
    rule = 'review.sextortion';
  }
  if (action === null) return null;
  const clauses = clausesOf(findings, seen);
  const { priority } = casePriority([{ type: 'text', clause: clauses[0] ?? null, strength: top, urgent }]);
  return { action, priority, urgent, rule, clauses, families: accumulated ? { ...accumulated.families, ...families } : families };
}

function clausesOf(findings: readonly TextFindingInput[], seen: Readonly<Record<string, number>>): ViolationId[] {
  const out = new Set<ViolationId>();
  if ((seen['sextortion-threat'] ?? 0) > 0 || (seen['payment-demand'] ?? 0) > 0) out.add('behaviour.sextortion');
  for (const f of findings) if (f.clause !== null && isViolationId(f.clause)) out.add(f.clause);
  if (out.size === 0 && Object.keys(seen).length > 0) out.add('behaviour.grooming');
  return [...out];
}
