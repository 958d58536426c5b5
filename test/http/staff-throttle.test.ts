// Failed staff sign-ins throttled per address and per account (issue 10, item 13): knowing a
// colleague's username is not enough to lock them out, an attacking address throttles
// itself (in the database, so every API process sees it), a distributed attack still locks
// unknown addresses out, and admins are told.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../support/stores.js';
import type { TestApp } from '../support/app.js';
import { eventsOf } from '../../src/store/log-store.js';
import { signIn as signInService } from '../../src/services/staff/sign-in.js';
import { ADDRESS_MAX_FAILURES, BURST_FAILURES, DISTINCT_UNKNOWN_ADDRESSES } from '../../src/services/staff/lockout.js';
import { addStaff, advance, attemptSignIn, codeFor, staffTestApp, type TestStaff } from './staff-harness.js';

const HOME = '198.51.100.10';
const ATTACKER = '203.0.113.5';

async function reasons(t: TestApp, who: TestStaff): Promise<(string | null)[]> {
  return (await eventsOf(t.ctx.store.db, { kind: 'staff', id: who.id })).filter((e) => e.type === 'staff.sign_in_failed').map((e) => e.reason);
}

async function alerts(t: TestApp, who: TestStaff) {
  return (await eventsOf(t.ctx.store.db, { kind: 'staff', id: who.id })).filter((e) => e.type === 'staff.sign_in_alert');
}

async function lockOf(t: TestApp, who: TestStaff) {
  return t.ctx.store.db.selectFrom('staff_users').select(['locked_until', 'lock_scope']).where('id', '=', who.id).executeTakeFirstOrThrow();
}

const wrong = (who: TestStaff, t: TestApp, i: number) => ({ username: who.username, password: `a guessed password ${i}`, totp: codeFor(t, who) });
const right = (who: TestStaff, t: TestApp) => ({ username: who.username, password: who.password, totp: codeFor(t, who) });

describeEachStore('staff sign-in throttling', (store) => {
  let t: TestApp;
  // A second API process on the same database: its in-memory limits know nothing of the first's.
  let other: TestApp;
  const ready = async () => {
    t ??= await staffTestApp(store());
    other ??= await staffTestApp(store());
  };
  // Both processes read the same (test) clock.
  const tick = (ms: number) => {
    advance(t, ms);
    advance(other, ms);
  };
  after(async () => {
    await t?.app.close();
    await other?.app.close();
  });

  test('credential stuffing from one address throttles that address, never the account; admins are told', async () => {
    await ready();
    const ana = await addStaff(t, 'ana', 'reviewer');
    assert.equal((await attemptSignIn(t, right(ana, t), HOME)).statusCode, 200, 'ana has signed in from home before');
    tick(30_000);

    // The attacker knows the username and guesses from one address, as fast as the HTTP limit allows.
    for (let i = 0; i < ADDRESS_MAX_FAILURES; i++) assert.equal((await attemptSignIn(t, wrong(ana, t, i), ATTACKER)).statusCode, 401);
    // Past the process's own limit, it moves to another API process: the database still throttles it.
    const throttled = await attemptSignIn(other, wrong(ana, t, 99), ATTACKER);
    assert.equal(throttled.statusCode, 401);
    // Even the right password and code do not get through from a throttled address (a stolen password is no help there).
    assert.equal((await attemptSignIn(other, right(ana, t), ATTACKER)).statusCode, 401);
    assert.deepEqual(await reasons(t, ana), [...new Array(ADDRESS_MAX_FAILURES).fill('password'), 'throttled', 'throttled']);

    // The account is not locked: ana signs in from home, and from a new address too.
    assert.deepEqual(await lockOf(t, ana), { locked_until: null, lock_scope: null });
    assert.equal((await attemptSignIn(t, right(ana, t), HOME)).statusCode, 200);
    tick(30_000);
    assert.equal((await attemptSignIn(other, right(ana, t), '192.0.2.77')).statusCode, 200);

    // Admins were told once, at the burst: an event on ana, a metric, with what they need.
    const told = await alerts(t, ana);
    assert.equal(told.length, 1);
    assert.equal(told[0]!.reason, 'burst_of_failures');
    assert.deepEqual(told[0]!.payload, { ip: ATTACKER, failures: BURST_FAILURES, unknownAddresses: 1, windowMinutes: 15 });
    assert.match(
      await t.ctx.metrics.registry.getSingleMetricAsString('vigie_staff_sign_in_alerts_total'),
      /vigie_staff_sign_in_alerts_total\{kind="burst"\} 1/,
    );

    // After the window, the address may try again (and is throttled again after as many failures).
    tick(15 * 60_000);
    assert.equal((await attemptSignIn(other, right(ana, t), ATTACKER)).statusCode, 200);
  });

  test('a distributed attack locks unknown addresses out of the account, not the real user at home', async () => {
    await ready();
    const ben = await addStaff(t, 'ben', 'reviewer');
    assert.equal((await attemptSignIn(t, right(ben, t), HOME)).statusCode, 200);
    tick(30_000);
    for (let i = 0; i < DISTINCT_UNKNOWN_ADDRESSES; i++) {
      assert.equal((await attemptSignIn(i % 2 ? other : t, wrong(ben, t, i), `203.0.113.${100 + i}`)).statusCode, 401);
    }
    const lock = await lockOf(t, ben);
    assert.equal(lock.lock_scope, 'unknown');
    assert.equal(lock.locked_until, new Date(t.clock.now.getTime() + 15 * 60_000).toISOString());
    // A further unknown address is refused, even with the right password and code: the attack is slowed down.
    assert.equal((await attemptSignIn(t, right(ben, t), '203.0.113.200')).statusCode, 401);
    // Ben, from home, gets in.
    assert.equal((await attemptSignIn(other, right(ben, t), HOME)).statusCode, 200);
    const told = await alerts(t, ben);
    assert.deepEqual(
      told.map((e) => e.reason),
      ['lock_started'],
    );
    assert.equal(told[0]!.payload.lockScope, 'unknown');
    assert.equal(told[0]!.payload.unknownAddresses, DISTINCT_UNKNOWN_ADDRESSES);
    assert.deepEqual((await reasons(t, ben)).slice(-1), ['locked']);
  });

  test('failures from a known address still lock the account from everywhere', async () => {
    await ready();
    const cy = await addStaff(t, 'cyd', 'reviewer');
    assert.equal((await attemptSignIn(t, right(cy, t), HOME)).statusCode, 200);
    tick(30_000);
    for (let i = 0; i < 5; i++) assert.equal((await attemptSignIn(t, wrong(cy, t, i), HOME)).statusCode, 401);
    assert.equal((await lockOf(t, cy)).lock_scope, 'all');
    assert.equal((await attemptSignIn(other, right(cy, t), HOME)).statusCode, 401);
    assert.deepEqual(
      (await alerts(t, cy)).map((e) => e.reason),
      ['lock_started'],
    );
  });

  test('the service logs a warning and counts the alert', async () => {
    await ready();
    const dee = await addStaff(t, 'dee', 'reviewer');
    const warnings: unknown[][] = [];
    const log = { warn: (...args: unknown[]) => void warnings.push(args) };
    const deps = { store: t.ctx.store, config: t.ctx.config, now: () => t.clock.now, metrics: t.ctx.metrics };
    for (let i = 0; i < DISTINCT_UNKNOWN_ADDRESSES; i++) {
      const r = await signInService(deps, { username: 'dee', password: 'not it at all', totp: '000000', ip: `2001:db8:${i}::1` }, log as never);
      assert.equal(r.ok, false);
    }
    assert.equal(warnings.length, 1);
    assert.match(String(warnings[0]![1]), /staff sign-in alert: an account lock started/);
    assert.equal((warnings[0]![0] as { staffId: string }).staffId, dee.id);
    assert.match(await t.ctx.metrics.registry.getSingleMetricAsString('vigie_staff_sign_in_alerts_total'), /kind="lock"\} [1-9]/);
  });
});
