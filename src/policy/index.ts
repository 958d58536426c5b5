// The policy module's public face: the clauses as data, the decision function and the
// notices. Everything here is pure.
export {
  POLICY_VERSION,
  POLICY_SOURCE,
  CLAUSES,
  CLAUSE_IDS,
  VIOLATION_IDS,
  clause,
  isClauseId,
  isViolationId,
  isNonViolationId,
  isExceptionId,
  violation,
  exception,
  consequence,
  type ClauseId,
} from './policy.js';
export type {
  Clause,
  ClauseKind,
  Localized,
  ViolationClause,
  ExceptionClause,
  ConsequenceClause,
  ScopeClause,
  NonViolationClause,
  ReportingClause,
} from './types.js';
export { SCOPE_IDS, REPORTING_IDS, type ScopeId, type ReportingId } from './scope.js';
export { CONTENT_VIOLATION_IDS, BEHAVIOUR_VIOLATION_IDS, type ContentViolationId, type BehaviourViolationId, type ViolationId } from './violations.js';
export { NON_VIOLATION_IDS, type NonViolationId } from './non-violations.js';
export { EXCEPTION_IDS, type ExceptionId } from './exceptions.js';
export { CONSEQUENCE_IDS, type ConsequenceId } from './consequences.js';
export { ACCOUNT_STATUSES, accountConsequence, type AccountStatus, type AccountHistory, type AccountConsequence } from './history.js';
export { readSignal, type SignalInput, type PolicySignal, type BankMatch, type TextFinding, type ClassifierScore, type OtherSignal } from './signals.js';
export { casePriority, signalPriority, URGENT_PRIORITY, type CasePriority } from './priority.js';
export { RULES, RULE_IDS, type RuleId, type FiredRule } from './rules.js';
export type { PlannedAction, PlannedActionKind, NoticeKind } from './plan.js';
export {
  DEFAULT_DECIDE_OPTIONS,
  DecisionError,
  type DecideOptions,
  type Decision,
  type DecisionInput,
  type DecisionSubject,
  type Outcome,
  type ReviewerFinding,
  type SeniorConfirmation,
} from './decision.js';
export { decide } from './decide.js';
export { noticeFor, CLAUSE_NOTICES, type Notice, type NoticeContext, type Lang } from './notices.js';
export { renderPolicyMarkdown } from './render.js';
