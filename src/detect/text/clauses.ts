// The policy clause ids that text and link signals refer to. The policy module
// (src/policy/) owns the clauses; `satisfies` below stops this list compiling the day one
// of these is not a violation clause there.
import type { ViolationId } from '../../policy/violations.js';

export const CLAUSE_IDS = [
  'content.sexualised-comment-minor',
  'content.link-to-material',
  'behaviour.obtain-material',
  'behaviour.commercial-exploitation',
  'behaviour.explicit-conversation',
  'behaviour.sextortion',
  'behaviour.grooming',
  'behaviour.encourage-cse',
  'behaviour.identify-victim',
  'behaviour.normalise-attraction',
] as const satisfies readonly ViolationId[];

export type ClauseId = (typeof CLAUSE_IDS)[number];

export function isClauseId(value: string): value is ClauseId {
  return (CLAUSE_IDS as readonly string[]).includes(value);
}
