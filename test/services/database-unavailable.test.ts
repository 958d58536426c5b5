// Which errors mean "the database is away for a moment" (answered 503 with Retry-After, and
// safe to send again) rather than a fault in vigie (500).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDatabaseUnavailable } from '../../src/services/errors.js';

test('connection failures and server shutdowns are the database being unavailable', () => {
  for (const code of ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P02', '57P03', '08006', '53300']) {
    assert.equal(isDatabaseUnavailable(Object.assign(new Error('x'), { code })), true, code);
  }
  assert.equal(isDatabaseUnavailable(new Error('Connection terminated unexpectedly')), true);
  assert.equal(isDatabaseUnavailable(new Error('Client has encountered a connection error and is not queryable')), true);
});

test('constraint violations, syntax errors and anything else are not', () => {
  for (const code of ['23505', '42601', '40P01', 'ENOENT']) {
    assert.equal(isDatabaseUnavailable(Object.assign(new Error('x'), { code })), false, code);
  }
  assert.equal(isDatabaseUnavailable(new Error('content x was not stored')), false);
  assert.equal(isDatabaseUnavailable(undefined), false);
  assert.equal(isDatabaseUnavailable('a string'), false);
});
