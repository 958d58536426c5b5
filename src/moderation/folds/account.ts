// An account's state as a fold over its events. Changes of standing go through the account
// state machine (enforcement/account-states.ts): an event whose transition the machine
// refuses leaves the state as it was, so that a replay of any log gives the same state as
// the machine would have allowed.
//
// The platform's confirmation that the account holder deleted items arrives on the account
// as `content.deleted` with `contentIds`; when the last item listed by a lock goes, the lock
// lifts by itself.
import type { AgeBand } from '../../policy/ages.js';
import type { JsonObject, NewEvent } from '../events.js';
import { transition, transitionForAction, type AccountStatus, type AccountTransition } from '../../enforcement/account-states.js';

export type { AccountStatus };

export interface AccountState {
  id: string;
  handle: string | null;
  identifiers: JsonObject;
  /** The platform's age signal: true when it believes the account holder is under 18. */
  minor: boolean | null;
  /** Optional finer age facts (policy/ages.ts); present only once the platform gave them. */
  ageBand?: AgeBand;
  birthYear?: number;
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
      // The payload carries only what changed; a null handle (ingest of an author the
      // platform gave none) keeps the one known.
      const p = e.payload;
      return {
        ...base,
        handle: p.handle ?? base.handle,
        identifiers: p.identifiers ?? base.identifiers,
        minor: p.minor ?? base.minor,
        ...(p.ageBand !== undefined || base.ageBand !== undefined ? { ageBand: p.ageBand ?? base.ageBand! } : {}),
        ...(p.birthYear !== undefined || base.birthYear !== undefined ? { birthYear: p.birthYear ?? base.birthYear! } : {}),
        platformCreatedAt: p.platformCreatedAt ?? base.platformCreatedAt,
        updatedAt: e.at,
      };
    }
    case 'action.taken': {
      const t = transitionForAction(e.payload.action, e.payload.contentIds ?? []);
      return t ? apply(state, t, e.at) : state;
    }
    case 'content.deleted':
      return apply(state, { name: 'confirm-deletion', contentIds: e.payload.contentIds ?? [] }, e.at);
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
