// What goes into a decision and what comes out. Pure values: the caller reads the store,
// the clock and the reviewer's session, and hands the facts in.
import type { AccountHistory } from './history.js';
import type { ConsequenceId } from './consequences.js';
import type { ExceptionId } from './exceptions.js';
import type { PlannedAction } from './plan.js';
import type { FiredRule } from './rules.js';
import type { SignalInput } from './signals.js';
import type { ViolationId } from './violations.js';
import type { MaterialNature } from './material.js';

export interface DecideOptions {
  /** Act on a match with a bank marked verified without waiting for a person (operator's choice). */
  readonly autoActionVerifiedBanks: boolean;
  /**
   * A PDQ match further than this from the listed hash goes to a person even on a verified
   * bank: the matcher's radius finds candidates, this cut decides what is certain enough.
   */
  readonly autoActionMaxPdqDistance: number;
  /**
   * Remove at once what matches a Take It Down list (a minor asked for it), drafting a report
   * and leaving the account to a person (docs/take-it-down.md).
   */
  readonly autoRemoveTakeItDown: boolean;
}

export const DEFAULT_DECIDE_OPTIONS: DecideOptions = { autoActionVerifiedBanks: true, autoActionMaxPdqDistance: 31, autoRemoveTakeItDown: true };

export interface DecisionSubject {
  readonly accountId: string;
  /** The content the signals are about; null when the subject is the account itself. */
  readonly contentId: string | null;
  /** Where that content stands now: a removal is not repeated, a deleted item is not listed. */
  readonly contentStatus?: 'active' | 'removed' | 'deleted';
}

/** A second reviewer's answer to an exception; the caller checks who they are. */
export interface SeniorConfirmation {
  readonly reviewerId: string;
  /** Whether this person holds exception:confirm (see services/staff/roles.ts). */
  readonly mayConfirmExceptions: boolean;
  readonly confirmed: boolean;
}

export interface ReviewerFinding {
  readonly reviewerId: string;
  /** Violation clause ids found; or, to say why there is none, non-violation ids; or nothing. */
  readonly clauses: readonly string[];
  /** Required whenever a violation is named. */
  readonly malicious: boolean | null;
  readonly exception?: string | null;
  readonly senior?: SeniorConfirmation | null;
  /** The items the violation is about and that still exist; the subject's content by default. */
  readonly contentIds?: readonly string[];
  /** Pages found hosting material, with the hosting country (ISO alpha-2) where known. */
  readonly hosting?: readonly { readonly url: string; readonly country: string | null }[];
  /** The material is computer-generated or drawn (or both); a person's word overrides the classifiers'. */
  readonly materialNature?: readonly string[];
}

export interface DecisionInput {
  readonly subject: DecisionSubject;
  readonly signals: readonly SignalInput[];
  readonly account: AccountHistory;
  /** Present once a person has decided; without it only the automatic rules apply. */
  readonly review?: ReviewerFinding | null;
  readonly options?: Partial<DecideOptions>;
}

export type Outcome =
  /** Actions follow: automatically on a verified bank, or on a person's finding. */
  | 'act'
  /** A person must look first. */
  | 'review'
  /** An exception waits for a senior reviewer; nothing changes until then. */
  | 'pending-senior-confirmation'
  | 'no-violation'
  | 'exception'
  /** Nothing to decide on. */
  | 'none';

export interface Decision {
  readonly policyVersion: string;
  readonly outcome: Outcome;
  /** True when no person took part (DSA statements of reasons and CyberTipline reports say so). */
  readonly automated: boolean;
  /** Violations found by a person or a verified bank; for a review, those the signals suggest. */
  readonly clauses: readonly ViolationId[];
  readonly intent: 'malicious' | 'not-malicious' | 'not-assessed';
  readonly exception: ExceptionId | null;
  /** The consequences the plan carries out, in plan order without repeats. */
  readonly consequences: readonly ConsequenceId[];
  readonly plan: readonly PlannedAction[];
  /** The rule that settled the decision. */
  readonly rule: FiredRule;
  /** Rules that shaped it without settling it. */
  readonly notes: readonly FiredRule[];
  /** For a case: how soon a person should look, 0..100. */
  readonly priority: number | null;
  /**
   * Computer-generated or drawn material: the reviewer's finding when a person decided,
   * otherwise what the signals said. The CyberTipline report annotates its files from it.
   */
  readonly materialNature: readonly MaterialNature[];
}

/** The input cannot be decided on as given (an unknown clause, a missing intent, ...). */
export class DecisionError extends Error {
  override readonly name = 'DecisionError';
}
