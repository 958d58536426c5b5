// An account's state as a fold over its events. Changes of standing go through the account
// state machine (enforcement/account-states.ts): an event whose transition the machine
// refuses leaves the state as it was, so that a replay of any log gives the same state as
// the machine would have allowed.
//
// The platform's confirmation that the account holder deleted items arrives on the account
// as `content.deleted` with `contentIds`; when the last item listed by a lock goes, the lock
// lifts by itself.
import type { JsonObject, JsonValue, NewEvent } from '../events.js';
import { transition, transitionForAction, type AccountStatus, type AccountTransition } from '../../enforcement/account-states.js';

export type { AccountStatus };

export interface AccountState {
  id: string;
  handle: string | null;
  identifiers: JsonObject;
  /** The platform's age signal: true when it believes the account holder is under 18. */
  minor: boolean | null;
  /** When the account was created on the platform (account age is a signal). */
  platformCreatedAt: string | null;
  status: AccountStatus;
  /** Content ids the user must delete before a lock lifts (lock until deletion). */
  pendingDeletion: string[];
  violations: number;
  registeredAt: string;
  updatedAt: string;
}

export function foldAccount(state: AccountState | undefined, e: NewEvent): AccountState | undefined {
  const p = e.payload;
  switch (e.type) {
    case 'account.registered':
    case 'account.updated': {
      const base: AccountState = state ?? {
        id: e.subject.id,
        handle: null,
        identifiers: {},
        minor: null,
        platformCreatedAt: null,
        status: 'active',
        pendingDeletion: [],
        violations: 0,
        registeredAt: e.at,
        updatedAt: e.at,
      };
      return {
        ...base,
        handle: typeof p.handle === 'string' ? p.handle : base.handle,
        identifiers: isObject(p.identifiers) ? p.identifiers : base.identifiers,
        minor: typeof p.minor === 'boolean' ? p.minor : base.minor,
        platformCreatedAt: typeof p.platformCreatedAt === 'string' ? p.platformCreatedAt : base.platformCreatedAt,
        updatedAt: e.at,
      };
    }
    case 'action.taken': {
      const t = typeof p.action === 'string' ? transitionForAction(p.action, strings(p.contentIds)) : null;
      return t ? apply(state, t, e.at) : state;
    }
    case 'content.deleted':
      return apply(state, { name: 'confirm-deletion', contentIds: strings(p.contentIds) }, e.at);
    default:
      return state;
  }
}

function apply(state: AccountState | undefined, t: AccountTransition, at: string): AccountState | undefined {
  if (!state) return state;
  const result = transition(state, t);
  if (!result.ok) return state;
  const { status, pendingDeletion, violations } = result.standing;
  return { ...state, status, pendingDeletion: [...pendingDeletion], violations, updatedAt: at };
}

function strings(v: JsonValue | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
