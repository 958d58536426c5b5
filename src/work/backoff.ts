// How long a failed job waits before its next attempt. Pure, so that the database queue and a
// JetStream queue (nak with delay) space retries identically.
//
// The delay doubles with each attempt up to a ceiling, and jitter takes off up to `jitter`
// of it at random so that jobs failing together (an endpoint down) do not all come back in
// the same instant. With jitter at most one half, below the ceiling the shortest next delay
// is never below the longest current one: retries space out whatever the random draws.

export interface RetryPolicy {
  /** Delay after the first failed attempt. */
  baseMs: number;
  /** Ceiling for any single delay. */
  maxMs: number;
  /** Fraction of the delay removed at random, in [0, 0.5]. */
  jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 5_000, maxMs: 60 * 60_000, jitter: 0.5 };

export function validateRetryPolicy(policy: RetryPolicy): RetryPolicy {
  if (!(policy.baseMs > 0) || !(policy.maxMs >= policy.baseMs)) throw new Error('retry policy: need 0 < baseMs <= maxMs');
  if (!(policy.jitter >= 0 && policy.jitter <= 0.5)) throw new Error('retry policy: jitter must be within [0, 0.5]');
  return policy;
}

/** Delay in ms after failed attempt number `attempt` (from 1); `random` returns [0, 1). */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  // Capping the exponent first keeps 2 ** n finite for absurd attempt counts.
  const doublings = Math.min(Math.max(attempt - 1, 0), 52);
  const full = Math.min(policy.maxMs, policy.baseMs * 2 ** doublings);
  const draw = Math.min(Math.max(random(), 0), 1);
  return Math.round(full * (1 - policy.jitter * draw));
}
