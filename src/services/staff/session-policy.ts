// Staff sessions: a random 256-bit token lives only in the browser's cookie; the server
// keeps its SHA-256, so a copy of the database cannot be replayed as a session. A session
// ends 12 hours after sign-in whatever happens, or after 30 minutes without use.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'vigie_session';
export const CSRF_HEADER = 'x-csrf-token';
export const ABSOLUTE_MS = 12 * 60 * 60 * 1000;
export const IDLE_MS = 30 * 60 * 1000;
// Refreshing the idle clock on every request would be a write per request; a minute of
// slack on a 30-minute limit costs nothing.
export const TOUCH_AFTER_MS = 60 * 1000;

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export type SessionState = 'active' | 'expired' | 'idle';

export function sessionState(s: { expiresAt: string; lastSeenAt: string }, nowMs: number): SessionState {
  if (Date.parse(s.expiresAt) <= nowMs) return 'expired';
  if (Date.parse(s.lastSeenAt) + IDLE_MS <= nowMs) return 'idle';
  return 'active';
}

export function idleExpiry(lastSeenAt: string): string {
  return new Date(Date.parse(lastSeenAt) + IDLE_MS).toISOString();
}

/** Constant-time equality of two tokens of any length. */
export function sameToken(a: string, b: string): boolean {
  // Hashing first gives equal lengths, so the comparison leaks neither content nor length.
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

export function cookieOptions(secure: boolean) {
  return { ...clearCookieOptions(secure), maxAge: ABSOLUTE_MS / 1000 };
}

/** The same attributes without a lifetime, to remove the cookie. */
export function clearCookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: 'strict' as const, path: '/', secure };
}
