// An account's state as a fold over its events.
import type { JsonObject, JsonValue, NewEvent } from '../events.js';

export type AccountStatus = 'active' | 'locked' | 'suspended';

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
      if (!state) return state;
      switch (p.action) {
        case 'suspend_account':
          return { ...state, status: 'suspended', pendingDeletion: [], violations: state.violations + 1, updatedAt: e.at };
        case 'lock_account':
          return {
            ...state,
            status: 'locked',
            pendingDeletion: Array.isArray(p.contentIds) ? p.contentIds.filter((x): x is string => typeof x === 'string') : [],
            violations: state.violations + 1,
            updatedAt: e.at,
          };
        case 'unlock_account':
        case 'restore_account':
          return { ...state, status: 'active', pendingDeletion: [], updatedAt: e.at };
        default:
          return state;
      }
    }
    default:
      return state;
  }
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
