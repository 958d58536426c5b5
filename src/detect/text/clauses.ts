// The policy clause ids that text and link signals refer to. The policy module
// (src/policy/) owns the clauses; these strings are kept in this one file so that the two
// can be reconciled when it lands.
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
] as const;

export type ClauseId = (typeof CLAUSE_IDS)[number];

export function isClauseId(value: string): value is ClauseId {
  return (CLAUSE_IDS as readonly string[]).includes(value);
}
