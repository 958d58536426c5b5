// Signing out ends one session, and the log says which (by a prefix of its stored hash).
import type { Store } from '../../store/store.js';
import { deleteSession } from '../../store/staff-store.js';
import type { Actor } from '../../moderation/events.js';
import { hashToken } from './session-policy.js';

export async function signOut(store: Store, staffId: string, sessionHash: string, actor: Actor, at: string): Promise<void> {
  await store.write(async (w) => {
    await deleteSession(w.tx, sessionHash);
    await w.append([
      { type: 'staff.signed_out', subject: { kind: 'staff', id: staffId }, actor, at, reason: null, payload: { session: sessionHash.slice(0, 16) } },
    ]);
  });
}

/**
 * Ends the session a browser still holds when it signs in again: leaving it valid would
 * only help whoever else might hold that token. Not logged: the sign-in that replaces it is.
 */
export async function discardSession(store: Pick<Store, 'db'>, token: string): Promise<void> {
  await deleteSession(store.db, hashToken(token));
}
