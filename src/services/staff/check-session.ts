// The staff guard's use case, on every staff request: the session a cookie names, if it
// is still alive. A session past its 12 hours, idle too long, or of a disabled user is
// deleted (the guard then clears the cookie); a live one has its idle clock moved on at
// most once a minute (a write per request would cost more than it tells).
import type { Store } from '../../store/store.js';
import { deleteSession, findSession, touchSession, toStaffView, type StaffView } from '../../store/staff-store.js';
import { TOUCH_AFTER_MS, sessionState } from './session-policy.js';

export interface LiveSession {
  staff: StaffView;
  csrfToken: string;
  expiresAt: string;
  lastSeenAt: string;
}

/** The live session whose token hashes to `idHash`, or null when there is none (any more). */
export async function checkSession(store: Pick<Store, 'db'>, idHash: string, now: Date): Promise<LiveSession | null> {
  const found = await findSession(store.db, idHash);
  if (!found) return null;
  const state = sessionState({ expiresAt: found.session.expires_at, lastSeenAt: found.session.last_seen_at }, now.getTime());
  if (state !== 'active' || Number(found.staff.disabled) === 1) {
    await deleteSession(store.db, idHash);
    return null;
  }
  let lastSeenAt = found.session.last_seen_at;
  if (now.getTime() - Date.parse(lastSeenAt) >= TOUCH_AFTER_MS) {
    lastSeenAt = now.toISOString();
    await touchSession(store.db, idHash, lastSeenAt);
  }
  return { staff: toStaffView(found.staff), csrfToken: found.session.csrf_token, expiresAt: found.session.expires_at, lastSeenAt };
}
