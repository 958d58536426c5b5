// The whole policy as one versioned value, and the lookups every other module uses. A
// change to any clause's meaning bumps POLICY_VERSION, so that each recorded decision says
// which wording it was taken under.
import type { Clause, ConsequenceClause, ExceptionClause, ViolationClause } from './types.js';
import { REPORTING, REPORTING_IDS, SCOPE, SCOPE_IDS, type ReportingId, type ScopeId } from './scope.js';
import { BEHAVIOUR_VIOLATIONS, BEHAVIOUR_VIOLATION_IDS, CONTENT_VIOLATIONS, CONTENT_VIOLATION_IDS, type ViolationId } from './violations.js';
import { NON_VIOLATIONS, NON_VIOLATION_IDS, type NonViolationId } from './non-violations.js';
import { EXCEPTIONS, EXCEPTION_IDS, type ExceptionId } from './exceptions.js';
import { CONSEQUENCES, CONSEQUENCE_IDS, type ConsequenceId } from './consequences.js';

export const POLICY_VERSION = '1.0.0';

/** What the policy restates, in the project's own words. */
export const POLICY_SOURCE = {
  en: 'Twitter child sexual exploitation policy (October 2020)',
  fr: 'Politique de Twitter en matière d’exploitation sexuelle d’enfants (octobre 2020)',
} as const;

export const VIOLATION_IDS: readonly ViolationId[] = [...CONTENT_VIOLATION_IDS, ...BEHAVIOUR_VIOLATION_IDS];

export type ClauseId = ScopeId | ReportingId | ViolationId | NonViolationId | ExceptionId | ConsequenceId;

export const CLAUSE_IDS: readonly ClauseId[] = [...SCOPE_IDS, ...VIOLATION_IDS, ...NON_VIOLATION_IDS, ...EXCEPTION_IDS, ...CONSEQUENCE_IDS, ...REPORTING_IDS];

/** In the order the policy reads: scope, violations, what is allowed, consequences, reporting. */
export const CLAUSES: readonly Clause[] = [
  ...SCOPE,
  ...CONTENT_VIOLATIONS,
  ...BEHAVIOUR_VIOLATIONS,
  ...NON_VIOLATIONS,
  ...EXCEPTIONS,
  ...CONSEQUENCES,
  ...REPORTING,
];

const BY_ID: ReadonlyMap<string, Clause> = new Map(CLAUSES.map((c) => [c.id, c]));

export function clause(id: string): Clause | undefined {
  return BY_ID.get(id);
}

export function isClauseId(value: string): value is ClauseId {
  return BY_ID.has(value);
}

export function isViolationId(value: string): value is ViolationId {
  return BY_ID.get(value)?.kind === 'violation';
}

export function isNonViolationId(value: string): value is NonViolationId {
  return BY_ID.get(value)?.kind === 'non-violation';
}

export function isExceptionId(value: string): value is ExceptionId {
  return BY_ID.get(value)?.kind === 'exception';
}

export function violation(id: ViolationId): ViolationClause<ViolationId> {
  return BY_ID.get(id) as ViolationClause<ViolationId>;
}

export function exception(id: ExceptionId): ExceptionClause<ExceptionId> {
  return BY_ID.get(id) as ExceptionClause<ExceptionId>;
}

export function consequence(id: ConsequenceId): ConsequenceClause<ConsequenceId> {
  return BY_ID.get(id) as ConsequenceClause<ConsequenceId>;
}
