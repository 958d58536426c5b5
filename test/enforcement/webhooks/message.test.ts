// The message, its key and the retry schedule: pure functions, checked without a database.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildMessage, idempotencyKeyOf, messageBody } from '../../../src/enforcement/webhooks/message.js';
import { classifyStatus } from '../../../src/services/webhooks/send.js';
import { WEBHOOK_MAX_ATTEMPTS, WEBHOOK_MIN_RETRY_SPAN_MS, attemptsToSpan, retrySpan } from '../../../src/enforcement/webhooks/schedule.js';
import { DEFAULT_RETRY_POLICY } from '../../../src/work/backoff.js';
import type { LoggedEvent } from '../../../src/moderation/events.js';

const HOUR = 3_600_000;

// Built loosely on purpose: the payload holds fields the message must never carry.
function logged(over: Record<string, unknown> = {}): LoggedEvent {
  return {
    type: 'action.taken',
    subject: { kind: 'content', id: 'post-1' },
    actor: { kind: 'staff', id: 'stf_1' },
    at: '2026-11-28T12:00:00.000Z',
    reason: 'decided on review',
    payload: { action: 'remove_content', clauses: ['content.link-to-material', 7], caseId: 'case-7', evidence: { signal: 'hash-match' }, reporterId: 'acct-9' },
    seq: 42,
    partition: 3,
    partitionSeq: 5,
    prevHash: '0'.repeat(64),
    hash: 'ab'.repeat(32),
    ...over,
  } as LoggedEvent;
}

describe('webhook message', () => {
  test('carries the action and nothing of the evidence or the people who reported it', () => {
    const m = buildMessage('whd_1', logged());
    assert.deepEqual(m, {
      version: 1,
      id: 'whd_1',
      type: 'action.taken',
      idempotencyKey: `act_${'ab'.repeat(32)}`,
      occurredAt: '2026-11-28T12:00:00.000Z',
      action: {
        kind: 'remove_content',
        subject: { kind: 'content', id: 'post-1' },
        reason: 'decided on review',
        clauses: ['content.link-to-material'],
        userMayBeNotified: false,
        caseId: 'case-7',
        contentIds: [],
      },
    });
    const body = messageBody(m);
    for (const hidden of ['hash-match', 'acct-9', 'stf_1']) assert.equal(body.includes(hidden), false, hidden);
  });

  test('the key belongs to the action: the same for every delivery id, different for another action', () => {
    const e = logged();
    assert.equal(buildMessage('whd_a', e).idempotencyKey, buildMessage('whd_b', e).idempotencyKey);
    assert.notEqual(idempotencyKeyOf(e), idempotencyKeyOf(logged({ hash: 'cd'.repeat(32) })));
    assert.throws(() => idempotencyKeyOf({ hash: '' }), /no log hash/);
  });

  test('the user may be told only when the action says so', () => {
    assert.equal(buildMessage('d', logged({ payload: { action: 'lock_account', notifyUser: true } })).action.userMayBeNotified, true);
    assert.equal(buildMessage('d', logged({ payload: { action: 'lock_account', notifyUser: 'yes' } })).action.userMayBeNotified, false);
  });

  test('only actions become messages', () => {
    assert.throws(() => buildMessage('d', logged({ type: 'case.opened' })), /not sent to webhooks/);
    assert.equal(buildMessage('d', logged({ type: 'action.reverted' })).type, 'action.reverted');
  });
});

describe('webhook answers and retry schedule', () => {
  test('2xx delivered; 4xx refused for good except 408 and 429; the rest retried', () => {
    const cases: [number, string][] = [
      [200, 'delivered'],
      [204, 'delivered'],
      [299, 'delivered'],
      [301, 'retry'],
      [307, 'retry'],
      [400, 'permanent'],
      [401, 'permanent'],
      [404, 'permanent'],
      [408, 'retry'],
      [410, 'permanent'],
      [422, 'permanent'],
      [429, 'retry'],
      [500, 'retry'],
      [503, 'retry'],
    ];
    for (const [status, kind] of cases) assert.equal(classifyStatus(status), kind, String(status));
  });

  test('the default number of attempts keeps a failing delivery going for three to six days', () => {
    const span = retrySpan(WEBHOOK_MAX_ATTEMPTS);
    assert.ok(span.shortestMs >= WEBHOOK_MIN_RETRY_SPAN_MS, `shortest ${span.shortestMs / HOUR} h`);
    assert.ok(retrySpan(WEBHOOK_MAX_ATTEMPTS - 1).shortestMs < WEBHOOK_MIN_RETRY_SPAN_MS, 'and no more attempts than that needs');
    assert.ok(span.longestMs <= 6.1 * 24 * HOUR, `longest ${span.longestMs / HOUR} h`);
    // The figures docs/webhooks.md gives.
    assert.equal(WEBHOOK_MAX_ATTEMPTS, 154);
    assert.equal(Math.round(span.shortestMs / HOUR), 72);
    assert.equal(Math.round(span.longestMs / HOUR), 144);
  });

  test('attemptsToSpan follows the policy it is given', () => {
    assert.equal(attemptsToSpan(0), 1);
    assert.equal(attemptsToSpan(5_000, { baseMs: 5_000, maxMs: 5_000, jitter: 0 }), 2);
    assert.equal(attemptsToSpan(HOUR, { baseMs: 60_000, maxMs: 60_000, jitter: 0.5 }), 121);
    assert.ok(attemptsToSpan(HOUR, DEFAULT_RETRY_POLICY) < attemptsToSpan(HOUR, { ...DEFAULT_RETRY_POLICY, maxMs: DEFAULT_RETRY_POLICY.baseMs }));
  });
});
