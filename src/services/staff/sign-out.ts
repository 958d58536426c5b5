// Signing out ends one session, and the log says which (by a prefix of its stored hash).
import type { Store } from '../../store/store.js';
import { deleteSession } from '../../store/staff-store.js';
import type { Actor } from '../../moderation/events.js';

export async function signOut(store: Store, staffId: string, sessionHash: string, actor: Actor, at: string): Promise<void> {
  await store.write(async (w) => {
    await deleteSession(w.tx, sessionHash);
    await w.append([
      { type: 'staff.signed_out', subject: { kind: 'staff', id: staffId }, actor, at, reason: null, payload: { session: sessionHash.slice(0, 16) } },
    ]);
  });
}
