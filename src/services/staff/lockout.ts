// Lockout after repeated failed sign-ins: it stops guessing against one user (the per-IP
// rate limit stops guessing across many). Pure: the caller passes the time.

export const MAX_FAILURES = 5;
export const LOCK_MS = 15 * 60 * 1000;

export function isLocked(lockedUntil: string | null, nowMs: number): boolean {
  return lockedUntil !== null && Date.parse(lockedUntil) > nowMs;
}

/** The counters after one more failure: reaching the limit locks and starts a fresh count. */
export function afterFailure(failedAttempts: number, nowMs: number): { failedAttempts: number; lockedUntil: string | null } {
  const failures = failedAttempts + 1;
  if (failures >= MAX_FAILURES) return { failedAttempts: 0, lockedUntil: new Date(nowMs + LOCK_MS).toISOString() };
  return { failedAttempts: failures, lockedUntil: null };
}
