// The account state machine. Every change to an account's standing is one named transition;
// a transition the policy forbids is refused with a reason instead of being applied. The
// fold (moderation/folds/account.ts) replays the log through these transitions, and the
// edge asks the same function before it writes, so a refused step never reaches the log.
//
//   active, restored ──lock──▶ locked ──last listed item deleted (unlock)──▶ active
//   active, restored, locked ──suspend──▶ suspended            (permanent)
//   suspended, locked ──restore (successful appeal)──▶ restored
import { accountConsequence, ACCOUNT_STATUSES, type AccountStatus } from '../policy/history.js';

export { ACCOUNT_STATUSES, type AccountStatus };

export interface AccountStanding {
  readonly status: AccountStatus;
  /** What must still be deleted before a lock lifts; empty unless locked. */
  readonly pendingDeletion: readonly string[];
  readonly violations: number;
}

export type AccountTransition =
  /** Lock until deletion: a first violation without malicious intent. */
  | { readonly name: 'lock'; readonly contentIds: readonly string[] }
  /** The platform confirms items deleted; the lock lifts by itself when none remain. */
  | { readonly name: 'confirm-deletion'; readonly contentIds: readonly string[] }
  /** Lifting a lock; allowed only once nothing remains to delete. */
  | { readonly name: 'unlock' }
  /** Permanent suspension. */
  | { readonly name: 'suspend' }
  /** A new violation: the policy chooses lock or suspension from the account's past. */
  | { readonly name: 'violation'; readonly malicious: boolean; readonly contentIds: readonly string[] }
  /** A successful appeal. */
  | { readonly name: 'restore' };

export type TransitionName = AccountTransition['name'];

export type TransitionResult =
  | {
      readonly ok: true;
      readonly standing: AccountStanding;
      /** The named steps taken, e.g. ['confirm-deletion', 'unlock'] when the last item goes. */
      readonly steps: readonly TransitionName[];
    }
  | { readonly ok: false; readonly reason: string };

export const INITIAL_STANDING: AccountStanding = { status: 'active', pendingDeletion: [], violations: 0 };

function refuse(reason: string): TransitionResult {
  return { ok: false, reason };
}

function done(standing: AccountStanding, ...steps: TransitionName[]): TransitionResult {
  return { ok: true, standing, steps };
}

export function transition(from: AccountStanding, t: AccountTransition): TransitionResult {
  switch (t.name) {
    case 'lock': {
      if (from.status === 'suspended') return refuse('a suspended account cannot be locked');
      if (from.status === 'locked') return refuse('the account is already locked: a further violation means permanent suspension');
      const items = [...new Set(t.contentIds)];
      if (items.length === 0) return refuse('a lock until deletion must list the items to delete');
      return done({ status: 'locked', pendingDeletion: items, violations: from.violations + 1 }, 'lock');
    }
    case 'confirm-deletion': {
      if (from.status !== 'locked') return refuse('the account is not locked: nothing waits for deletion');
      const deleted = new Set(t.contentIds);
      const remaining = from.pendingDeletion.filter((id) => !deleted.has(id));
      if (remaining.length === from.pendingDeletion.length) return refuse('none of these items is listed for deletion');
      const after = { ...from, pendingDeletion: remaining };
      if (remaining.length > 0) return done(after, 'confirm-deletion');
      return done({ ...after, status: 'active' }, 'confirm-deletion', 'unlock');
    }
    case 'unlock': {
      if (from.status !== 'locked') return refuse('the account is not locked');
      if (from.pendingDeletion.length > 0) return refuse(`${from.pendingDeletion.length} listed item(s) must still be deleted`);
      return done({ ...from, status: 'active' }, 'unlock');
    }
    case 'suspend': {
      if (from.status === 'suspended') return refuse('the account is already suspended');
      return done({ status: 'suspended', pendingDeletion: [], violations: from.violations + 1 }, 'suspend');
    }
    case 'violation': {
      const next = accountConsequence(from, t.malicious);
      if (next.kind === 'already-suspended') return refuse('the account is already suspended');
      const result = transition(from, next.kind === 'lock' ? { name: 'lock', contentIds: t.contentIds } : { name: 'suspend' });
      return result.ok ? done(result.standing, 'violation', ...result.steps) : result;
    }
    case 'restore': {
      if (from.status !== 'suspended' && from.status !== 'locked') return refuse('only a suspended or locked account can be restored');
      // The appeal found the last violation wrong, so it no longer counts towards suspension.
      return done({ status: 'restored', pendingDeletion: [], violations: Math.max(0, from.violations - 1) }, 'restore');
    }
  }
}

/** Which transition a logged action stands for; null for actions that do not touch the account's standing. */
export function transitionForAction(action: string, contentIds: readonly string[]): AccountTransition | null {
  switch (action) {
    case 'lock_account':
      return { name: 'lock', contentIds };
    case 'unlock_account':
      return { name: 'unlock' };
    case 'suspend_account':
      return { name: 'suspend' };
    case 'restore_account':
      return { name: 'restore' };
    default:
      return null;
  }
}
