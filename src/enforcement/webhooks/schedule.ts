// How long a delivery keeps trying. The queue's retry policy (work/backoff.ts) spaces the
// attempts; this picks how many there are, so that a platform that is down over a long
// weekend still gets every action once it is back.
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from '../../work/backoff.js';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

/** Even with the unluckiest jitter, a failing delivery keeps trying for at least this long. */
export const WEBHOOK_MIN_RETRY_SPAN_MS = 3 * DAY;

export interface RetrySpan {
  /** From the first attempt to the last, if every draw of jitter takes off the most. */
  shortestMs: number;
  /** ... and if none takes anything off. */
  longestMs: number;
}

/** Time between the first and the last of `attempts` attempts under `policy`. */
export function retrySpan(attempts: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): RetrySpan {
  let shortestMs = 0;
  let longestMs = 0;
  for (let a = 1; a < attempts; a++) {
    shortestMs += retryDelayMs(a, policy, () => 1);
    longestMs += retryDelayMs(a, policy, () => 0);
  }
  return { shortestMs, longestMs };
}

/** The fewest attempts whose shortest span reaches `minSpanMs`. */
export function attemptsToSpan(minSpanMs: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  if (!(minSpanMs >= 0) || !Number.isFinite(minSpanMs)) throw new RangeError('minSpanMs must be a finite, non-negative number');
  let attempts = 1;
  let shortest = 0;
  while (shortest < minSpanMs) {
    shortest += retryDelayMs(attempts, policy, () => 1);
    attempts++;
  }
  return attempts;
}

/** maxAttempts of a webhook delivery job under the queue's default retry policy. */
export const WEBHOOK_MAX_ATTEMPTS = attemptsToSpan(WEBHOOK_MIN_RETRY_SPAN_MS);
