// The steps a decision asks for, in the order they should be carried out: stop the spread
// first (remove), then act on the account, then block, report and refer, and tell the
// account holder last, once everything they are told about is true. Kinds match
// ACTION_KINDS in moderation/events.ts, plus open_case for "a person must look at this".
import type { ConsequenceId } from './consequences.js';
import type { RuleId } from './rules.js';
import type { ViolationId } from './violations.js';

export type NoticeKind = 'lock-until-deletion' | 'violation-recorded';

export type PlannedAction =
  | {
      readonly kind: 'remove_content';
      readonly contentId: string;
      /**
       * Whether the platform may tell the account holder (the webhook's notifyUser). False for
       * material and for every removal that goes with a suspension.
       */
      readonly notifyUser: boolean;
      readonly consequence: ConsequenceId;
    }
  | { readonly kind: 'restore_content'; readonly contentId: string; readonly consequence: null }
  | { readonly kind: 'suspend_account'; readonly accountId: string; readonly permanent: true; readonly consequence: ConsequenceId }
  | {
      readonly kind: 'lock_account';
      readonly accountId: string;
      /** The lock lifts by itself once the platform confirms every one of these deleted. */
      readonly contentIds: readonly string[];
      readonly consequence: ConsequenceId;
    }
  | { readonly kind: 'block_identifiers'; readonly accountId: string; readonly consequence: ConsequenceId }
  | {
      readonly kind: 'file_cybertip';
      readonly accountId: string;
      readonly contentIds: readonly string[];
      readonly clauses: readonly ViolationId[];
      /** A draft waits for legal to file it; every automated report starts as one. */
      readonly draft: boolean;
      readonly consequence: ConsequenceId;
    }
  | { readonly kind: 'refer_inhope'; readonly url: string; readonly country: string; readonly consequence: ConsequenceId }
  | {
      readonly kind: 'notify_user';
      readonly accountId: string;
      readonly notice: NoticeKind;
      readonly clauses: readonly ViolationId[];
      readonly contentIds: readonly string[];
      readonly consequence: ConsequenceId;
    }
  | {
      readonly kind: 'open_case';
      readonly subject: { readonly kind: 'content' | 'account'; readonly id: string };
      readonly priority: number;
      readonly urgent: boolean;
      /** Who must take it: any reviewer, or a senior one to confirm an exception. */
      readonly needs: 'reviewer' | 'senior-reviewer';
      readonly reason: RuleId;
      readonly consequence: null;
    };

export type PlannedActionKind = PlannedAction['kind'];
