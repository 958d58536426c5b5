// Throttling of failed staff sign-ins, per address and per account, kept apart so that
// knowing a colleague's username is not enough to lock them out (docs/roles.md, "Signing
// in"). Pure: the caller reads the counts from the store and passes the time.
//
// - Per address: an address with ADDRESS_MAX_FAILURES failures (any usernames, known or not)
//   in the last WINDOW_MS is refused without its password being checked, until the window
//   slides. This is what stops one address guessing, at one account or across many.
// - Per account, failures from addresses the account has signed in from before count in a row:
//   MAX_FAILURES of them lock the account for LOCK_MS, from everywhere.
// - Per account, failures from unknown addresses lock it only once they come from
//   DISTINCT_UNKNOWN_ADDRESSES different addresses within the window (a distributed attack),
//   and that lock holds for unknown addresses only: the real user, from an address they have
//   signed in from before, still gets in. One unknown address, however busy, throttles itself.
// - An account that sees BURST_FAILURES failures within the window, or whose lock starts,
//   raises an alert (an event in the log, a metric, a warning).
import { parseIPv4, parseIPv6 } from '../../detect/links/address.js';

export const MAX_FAILURES = 5;
export const LOCK_MS = 15 * 60 * 1000;
export const WINDOW_MS = 15 * 60 * 1000;
export const ADDRESS_MAX_FAILURES = 10;
export const DISTINCT_UNKNOWN_ADDRESSES = 5;
export const BURST_FAILURES = 5;

/** `all`: locked from everywhere; `unknown`: locked for addresses the account never signed in from. */
export type LockScope = 'all' | 'unknown';

export interface LockState {
  lockedUntil: string | null;
  lockScope: LockScope | null;
}

export function isLocked(lockedUntil: string | null, nowMs: number): boolean {
  return lockedUntil !== null && Date.parse(lockedUntil) > nowMs;
}

/** Whether a sign-in from this address (known to the account or not) is refused by the account's lock. */
export function lockApplies(state: LockState, knownAddress: boolean, nowMs: number): boolean {
  if (!isLocked(state.lockedUntil, nowMs)) return false;
  return state.lockScope !== 'unknown' || !knownAddress;
}

export function addressThrottled(recentFailuresFromAddress: number): boolean {
  return recentFailuresFromAddress >= ADDRESS_MAX_FAILURES;
}

export interface FailureFacts {
  /** Failures from known addresses in a row before this one. */
  failedAttempts: number;
  /** This failure came from an address the account has signed in from before. */
  knownAddress: boolean;
  /** Distinct unknown addresses that failed on this account within the window, this one included. */
  distinctUnknownAddresses: number;
  state: LockState;
}

export interface AfterFailure extends LockState {
  failedAttempts: number;
  /** A lock started with this failure (or widened from unknown addresses to all). */
  lockStarted: boolean;
}

/** The account's counters after one more failure whose factors were checked. */
export function afterFailure(f: FailureFacts, nowMs: number): AfterFailure {
  const until = new Date(nowMs + LOCK_MS).toISOString();
  const locked = isLocked(f.state.lockedUntil, nowMs);
  if (f.knownAddress) {
    const failures = f.failedAttempts + 1;
    if (failures >= MAX_FAILURES) return { failedAttempts: 0, lockedUntil: until, lockScope: 'all', lockStarted: true };
    return { failedAttempts: failures, ...(locked ? f.state : { lockedUntil: null, lockScope: null }), lockStarted: false };
  }
  if (!locked && f.distinctUnknownAddresses >= DISTINCT_UNKNOWN_ADDRESSES) {
    return { failedAttempts: f.failedAttempts, lockedUntil: until, lockScope: 'unknown', lockStarted: true };
  }
  return { failedAttempts: f.failedAttempts, ...(locked ? f.state : { lockedUntil: null, lockScope: null }), lockStarted: false };
}

/** An alert is raised when the account's failures in the window reach BURST_FAILURES, or when a lock starts. */
export function raisesAlert(recentAccountFailures: number, lockStarted: boolean): boolean {
  return lockStarted || recentAccountFailures === BURST_FAILURES;
}

/**
 * The key an address is throttled and remembered under: an IPv4 address as is (also when
 * written IPv4-mapped), an IPv6 address by its /64, which one subscriber usually holds whole.
 */
export function addressKey(ip: string): string {
  if (parseIPv4(ip)) return ip;
  const b = parseIPv6(ip);
  if (!b) return ip.toLowerCase();
  if (b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff) return `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  const groups: string[] = [];
  for (let i = 0; i < 8; i += 2) groups.push(((b[i]! << 8) | b[i + 1]!).toString(16));
  return `${groups.join(':')}::/64`;
}
