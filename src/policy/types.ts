// The shapes the policy is written in. A clause is one rule of the policy with a stable id
// that decisions, notices, reports and statistics refer to; its wording may be improved
// between versions, its id never changes meaning.

/** Every text the policy shows to people exists in both languages the project serves. */
export interface Localized {
  readonly fr: string;
  readonly en: string;
}

export type ClauseKind = 'scope' | 'violation' | 'non-violation' | 'exception' | 'consequence' | 'reporting';

interface ClauseBase<K extends ClauseKind, Id extends string> {
  readonly id: Id;
  readonly kind: K;
  readonly title: Localized;
  readonly summary: Localized;
}

export type ScopeClause<Id extends string = string> = ClauseBase<'scope', Id>;
export type ReportingClause<Id extends string = string> = ClauseBase<'reporting', Id>;
export type NonViolationClause<Id extends string = string> = ClauseBase<'non-violation', Id>;

export interface ViolationClause<Id extends string = string> extends ClauseBase<'violation', Id> {
  readonly category: 'content' | 'behaviour';
  /**
   * The clause is about material itself (a depiction, or a link to one): the user's intent
   * does not change that it is a violation, and it is removed without notice.
   */
  readonly material: boolean;
  /**
   * An apparent violation of this clause is reported to NCMEC by default (18 U.S.C. 2258A
   * covers material, enticement and trafficking of minors). Legal confirms each filing.
   */
  readonly reportToNcmec: boolean;
}

export interface ExceptionClause<Id extends string = string, Covers extends string = string> extends ClauseBase<'exception', Id> {
  /** The only violations this exception can lift: it is about depictions, never behaviour. */
  readonly covers: readonly Covers[];
}

export interface ConsequenceClause<Id extends string = string> extends ClauseBase<'consequence', Id> {
  /** The action kinds that carry this consequence out (see moderation/events.ts). */
  readonly actions: readonly string[];
}

export type Clause = ScopeClause | ReportingClause | NonViolationClause | ViolationClause | ExceptionClause | ConsequenceClause;
