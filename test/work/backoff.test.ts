import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_RETRY_POLICY, retryDelayMs, validateRetryPolicy } from '../../src/work/backoff.js';

const policy = { baseMs: 100, maxMs: 10_000, jitter: 0.5 };

test('delays double up to the ceiling, and jitter only ever shortens them', () => {
  assert.deepEqual(
    [1, 2, 3, 4].map((n) => retryDelayMs(n, policy, () => 0)),
    [100, 200, 400, 800],
  );
  assert.deepEqual(
    [1, 2, 3].map((n) => retryDelayMs(n, policy, () => 0.5)),
    [75, 150, 300],
  );
  assert.equal(
    retryDelayMs(30, policy, () => 0),
    10_000,
  );
  assert.equal(
    retryDelayMs(10_000, policy, () => 0),
    10_000,
    'huge attempt counts stay finite',
  );
});

test('below the ceiling, the next delay is never shorter than the current one, whatever the draws', () => {
  for (let attempt = 1; attempt < 7; attempt++) {
    const longestNow = retryDelayMs(attempt, policy, () => 0);
    const shortestNext = retryDelayMs(attempt + 1, policy, () => 0.999999);
    assert.ok(shortestNext >= longestNow, `attempt ${attempt}: ${shortestNext} >= ${longestNow}`);
  }
});

test('a policy that would not space retries out is refused', () => {
  assert.equal(validateRetryPolicy(DEFAULT_RETRY_POLICY), DEFAULT_RETRY_POLICY);
  assert.throws(() => validateRetryPolicy({ baseMs: 0, maxMs: 10, jitter: 0.1 }), /baseMs/);
  assert.throws(() => validateRetryPolicy({ baseMs: 10, maxMs: 5, jitter: 0.1 }), /baseMs/);
  assert.throws(() => validateRetryPolicy({ baseMs: 10, maxMs: 50, jitter: 0.9 }), /jitter/);
});
