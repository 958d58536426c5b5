// The pure rules behind staff sign-in: password policy, TOTP window and replay, lockout,
// session expiry, and the role table's edges.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { passwordWeakness } from '../../src/services/staff/password-policy.js';
import { checkTotp, enrolmentUri, newTotpSecret, totpCode, totpStep } from '../../src/services/staff/totp.js';
import {
  ADDRESS_MAX_FAILURES,
  BURST_FAILURES,
  DISTINCT_UNKNOWN_ADDRESSES,
  addressKey,
  addressThrottled,
  afterFailure,
  isLocked,
  lockApplies,
  raisesAlert,
  LOCK_MS,
  MAX_FAILURES,
  type LockScope,
} from '../../src/services/staff/lockout.js';
import { IDLE_MS, ABSOLUTE_MS, sameToken, sessionState, hashToken, newToken } from '../../src/services/staff/session-policy.js';
import { can, permissionsOf, PERMISSIONS } from '../../src/services/staff/roles.js';
import { PRODUCTION_HASHING, hashPassword, verifyPassword, needsRehash } from '../../src/services/staff/password-hash.js';
import { CHEAP_HASHING } from './staff-harness.js';

describe('password policy', () => {
  test('accepts a long passphrase', () => {
    assert.equal(passwordWeakness('plum orchard lantern 42', 'alice'), null);
  });
  test('refuses fewer than 12 characters, counting characters not bytes', () => {
    assert.match(passwordWeakness('short pass1', 'alice')!, /at least 12/);
    assert.match(passwordWeakness('éééééabcdef', 'alice')!, /at least 12/);
  });
  test('refuses the username inside, repeated characters and runs', () => {
    assert.match(passwordWeakness('my name is Alice ok', 'alice')!, /username/);
    assert.match(passwordWeakness('aaaaaaaaaaaaaaaa', 'bob')!, /different characters/);
    assert.match(passwordWeakness('abababababababab', 'bob')!, /different characters/);
    assert.match(passwordWeakness('abcdefghijklmnop', 'bob')!, /consecutive/);
    assert.match(passwordWeakness('onmlkjihgfedcba', 'bob')!, /consecutive/);
  });
  test('refuses surrounding spaces and overlong input', () => {
    assert.match(passwordWeakness(' plum orchard lantern', 'bob')!, /spaces/);
    assert.match(passwordWeakness('x1y2'.repeat(100), 'bob')!, /at most/);
  });
});

describe('TOTP', () => {
  const secret = newTotpSecret();
  const now = Date.parse('2026-11-28T12:00:10.000Z');

  test('the enrolment URI names the issuer, the user and the parameters apps expect', () => {
    const uri = new URL(enrolmentUri(secret, 'alice'));
    assert.equal(uri.protocol, 'otpauth:');
    assert.equal(uri.searchParams.get('secret'), secret);
    assert.equal(uri.searchParams.get('issuer'), 'vigie');
    assert.equal(uri.searchParams.get('algorithm'), 'SHA1');
    assert.equal(uri.searchParams.get('digits'), '6');
    assert.equal(uri.searchParams.get('period'), '30');
    assert.ok(decodeURIComponent(uri.pathname).endsWith('vigie:alice'));
  });

  test('accepts the current code and one step either side, not two', () => {
    const step = totpStep(now);
    assert.deepEqual(checkTotp(secret, totpCode(secret, now), now, 0), { ok: true, step });
    assert.deepEqual(checkTotp(secret, totpCode(secret, now - 30_000), now, 0), { ok: true, step: step - 1 });
    assert.deepEqual(checkTotp(secret, totpCode(secret, now + 30_000), now, 0), { ok: true, step: step + 1 });
    assert.equal(checkTotp(secret, totpCode(secret, now - 60_000), now, 0).ok, false);
    assert.equal(checkTotp(secret, totpCode(secret, now + 60_000), now, 0).ok, false);
  });

  test('never accepts a step at or before the last accepted one', () => {
    const step = totpStep(now);
    assert.deepEqual(checkTotp(secret, totpCode(secret, now), now, step), { ok: false, reason: 'replayed' });
    assert.deepEqual(checkTotp(secret, totpCode(secret, now - 30_000), now, step - 1), { ok: false, reason: 'replayed' });
    assert.deepEqual(checkTotp(secret, totpCode(secret, now + 30_000), now, step), { ok: true, step: step + 1 });
  });

  test('a wrong or malformed code is wrong, not an error', () => {
    const good = totpCode(secret, now);
    const window = new Set([now - 30_000, now, now + 30_000].map((t) => totpCode(secret, t)));
    let wrong = Number(good);
    do wrong = (wrong + 1) % 1_000_000;
    while (window.has(String(wrong).padStart(6, '0')));
    assert.deepEqual(checkTotp(secret, String(wrong).padStart(6, '0'), now, 0), { ok: false, reason: 'wrong' });
    assert.deepEqual(checkTotp(secret, '', now, 0), { ok: false, reason: 'wrong' });
    assert.deepEqual(checkTotp(secret, `${good}0`, now, 0), { ok: false, reason: 'wrong' });
  });
});

describe('lockout', () => {
  const now = Date.parse('2026-11-28T12:00:00.000Z');
  const open = { lockedUntil: null, lockScope: null };
  test(`failures from a known address lock for 15 minutes at the ${MAX_FAILURES}th, from everywhere, and start a fresh count`, () => {
    let counters = { failedAttempts: 0, lockedUntil: null as string | null, lockScope: null as LockScope | null, lockStarted: false };
    for (let i = 1; i < MAX_FAILURES; i++) {
      counters = afterFailure({ failedAttempts: counters.failedAttempts, knownAddress: true, distinctUnknownAddresses: 0, state: open }, now);
      assert.deepEqual(counters, { failedAttempts: i, lockedUntil: null, lockScope: null, lockStarted: false });
    }
    counters = afterFailure({ failedAttempts: counters.failedAttempts, knownAddress: true, distinctUnknownAddresses: 0, state: open }, now);
    assert.deepEqual(counters, { failedAttempts: 0, lockedUntil: new Date(now + LOCK_MS).toISOString(), lockScope: 'all', lockStarted: true });
    assert.equal(LOCK_MS, 15 * 60 * 1000);
    assert.ok(isLocked(counters.lockedUntil, now + LOCK_MS - 1));
    assert.ok(!isLocked(counters.lockedUntil, now + LOCK_MS));
    assert.ok(!isLocked(null, now));
    assert.ok(lockApplies(counters, true, now) && lockApplies(counters, false, now));
  });

  test('failures from unknown addresses lock only once they come from several addresses, and not for known ones', () => {
    for (let n = 1; n < DISTINCT_UNKNOWN_ADDRESSES; n++) {
      assert.deepEqual(afterFailure({ failedAttempts: 0, knownAddress: false, distinctUnknownAddresses: n, state: open }, now), {
        failedAttempts: 0,
        lockedUntil: null,
        lockScope: null,
        lockStarted: false,
      });
    }
    const locked = afterFailure({ failedAttempts: 2, knownAddress: false, distinctUnknownAddresses: DISTINCT_UNKNOWN_ADDRESSES, state: open }, now);
    assert.deepEqual(locked, { failedAttempts: 2, lockedUntil: new Date(now + LOCK_MS).toISOString(), lockScope: 'unknown', lockStarted: true });
    assert.ok(lockApplies(locked, false, now), 'unknown addresses are locked out');
    assert.ok(!lockApplies(locked, true, now), 'the real user, from an address they used before, is not');
    // A row locked before lock scopes existed is locked from everywhere.
    assert.ok(lockApplies({ lockedUntil: locked.lockedUntil, lockScope: null }, true, now));
  });

  test('an address is throttled at its 10th failure; alerts at a burst or when a lock starts', () => {
    assert.ok(!addressThrottled(ADDRESS_MAX_FAILURES - 1));
    assert.ok(addressThrottled(ADDRESS_MAX_FAILURES));
    assert.equal(ADDRESS_MAX_FAILURES, 10);
    assert.ok(raisesAlert(BURST_FAILURES, false));
    assert.ok(!raisesAlert(BURST_FAILURES + 1, false));
    assert.ok(raisesAlert(1, true));
  });

  test('addresses are keyed as given for IPv4, by their /64 for IPv6', () => {
    assert.equal(addressKey('198.51.100.7'), '198.51.100.7');
    assert.equal(addressKey('::ffff:198.51.100.7'), '198.51.100.7');
    assert.equal(addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd'), '2001:db8:1:2::/64');
    assert.equal(addressKey('2001:db8:1:2::1'), addressKey('2001:0db8:0001:0002:ffff::9'));
  });
});

describe('sessions', () => {
  const start = Date.parse('2026-11-28T08:00:00.000Z');
  const s = { expiresAt: new Date(start + ABSOLUTE_MS).toISOString(), lastSeenAt: new Date(start).toISOString() };
  test('idle after 30 minutes unused, expired after 12 hours whatever happens', () => {
    assert.equal(sessionState(s, start + IDLE_MS - 1), 'active');
    assert.equal(sessionState(s, start + IDLE_MS), 'idle');
    const busy = { ...s, lastSeenAt: new Date(start + ABSOLUTE_MS - 1000).toISOString() };
    assert.equal(sessionState(busy, start + ABSOLUTE_MS - 1), 'active');
    assert.equal(sessionState(busy, start + ABSOLUTE_MS), 'expired');
  });
  test('tokens are 256 random bits; only their SHA-256 is stored; comparison is exact', () => {
    const a = newToken();
    assert.equal(Buffer.from(a, 'base64url').length, 32);
    assert.notEqual(a, newToken());
    assert.match(hashToken(a), /^[0-9a-f]{64}$/);
    assert.ok(sameToken(a, a));
    assert.ok(!sameToken(a, a.slice(0, -1)));
    assert.ok(!sameToken(a, ''));
  });
});

describe('roles', () => {
  test('an unknown role has no permission at all', () => {
    for (const p of PERMISSIONS) assert.equal(can('superuser', p), false);
    assert.deepEqual(permissionsOf('superuser'), []);
  });
});

describe('password hashes', () => {
  test("production cost is at least OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane)", () => {
    assert.ok(PRODUCTION_HASHING.memoryCost >= 19 * 1024);
    assert.ok(PRODUCTION_HASHING.timeCost >= 2);
    assert.ok(PRODUCTION_HASHING.parallelism >= 1);
  });
  test('argon2id, verified, and marked for rehash when the cost changes', async () => {
    const hash = await hashPassword('plum orchard lantern 42', CHEAP_HASHING);
    assert.match(hash, /^\$argon2id\$/);
    assert.ok(await verifyPassword(hash, 'plum orchard lantern 42'));
    assert.ok(!(await verifyPassword(hash, 'plum orchard lantern 43')));
    assert.ok(!(await verifyPassword('not a hash', 'anything')));
    assert.ok(!needsRehash(hash, CHEAP_HASHING));
    assert.ok(needsRehash(hash, PRODUCTION_HASHING));
  });
});
