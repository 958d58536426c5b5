// Staff sign-in, sessions and CSRF against a real store (SQLite and PostgreSQL), through
// the HTTP API with the clock under the test's control.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../support/stores.js';
import type { TestApp } from '../support/app.js';
import { eventsOf } from '../../src/store/log-store.js';
import { advance, addStaff, attemptSignIn, codeFor, freshAddress, signIn, staffTestApp, type TestStaff } from './staff-harness.js';

const GENERIC = 'sign-in failed: wrong username, password or code, or the account is locked or disabled';

async function failures(t: TestApp, who: TestStaff): Promise<(string | null)[]> {
  const events = await eventsOf(t.ctx.store.db, { kind: 'staff', id: who.id });
  return events.filter((e) => e.type === 'staff.sign_in_failed').map((e) => e.reason);
}

function otherCode(t: TestApp, who: TestStaff): string {
  const window = new Set([-30_000, 0, 30_000].map((o) => codeFor(t, who, o)));
  let n = Number(codeFor(t, who));
  do n = (n + 7) % 1_000_000;
  while (window.has(String(n).padStart(6, '0')));
  return String(n).padStart(6, '0');
}

describeEachStore('staff sessions', (store) => {
  let t: TestApp;
  const ready = async () => (t ??= await staffTestApp(store()));
  after(async () => t?.app.close());

  test('sign-in sets an HttpOnly, SameSite=Strict session cookie and answers the CSRF token', async () => {
    await ready();
    const alice = await addStaff(t, 'alice', 'reviewer');
    const res = await attemptSignIn(t, { username: 'alice', password: alice.password, totp: codeFor(t, alice) });
    assert.equal(res.statusCode, 200, res.body);
    const cookie = res.cookies.find((c) => c.name === 'vigie_session')!;
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    assert.equal(cookie.path, '/');
    assert.equal(cookie.maxAge, 12 * 3600);
    assert.equal(cookie.secure, undefined, 'secureCookies is off in this app');
    assert.equal(Buffer.from(cookie.value, 'base64url').length, 32);
    assert.equal(res.headers['cache-control'], 'no-store');
    const body = res.json();
    assert.equal(body.staff.username, 'alice');
    assert.equal(body.staff.role, 'reviewer');
    assert.ok(body.permissions.includes('case:decide'));
    assert.equal(typeof body.csrfToken, 'string');
    assert.equal(body.expiresAt, new Date(t.clock.now.getTime() + 12 * 3600_000).toISOString());
    assert.equal(JSON.stringify(body).includes('totp'), false);

    const row = await t.ctx.store.db.selectFrom('staff_sessions').selectAll().where('staff_id', '=', alice.id).executeTakeFirstOrThrow();
    assert.notEqual(row.id_hash, cookie.value, 'the token itself is never stored');
    assert.match(row.id_hash, /^[0-9a-f]{64}$/);

    const me = await t.app.inject({ method: 'GET', url: '/v1/staff/me', headers: { cookie: `vigie_session=${cookie.value}` } });
    assert.equal(me.statusCode, 200, me.body);
    assert.equal(me.json().staff.id, alice.id);
    assert.equal(me.json().csrfToken, body.csrfToken);
    const signedIn = await eventsOf(t.ctx.store.db, { kind: 'staff', id: alice.id });
    assert.deepEqual(
      signedIn.map((e) => e.type),
      ['staff.created', 'staff.signed_in'],
    );
    assert.equal(JSON.stringify(signedIn).includes(cookie.value), false);
  });

  test('the cookie is Secure unless secureCookies is off', async () => {
    const secure = await staffTestApp(store(), { http: { secureCookies: true } });
    try {
      const sam = await addStaff(secure, 'sam', 'triage');
      const res = await secure.app.inject({
        method: 'POST',
        url: '/v1/staff/session',
        payload: { username: 'sam', password: sam.password, totp: codeFor(secure, sam) },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.cookies.find((c) => c.name === 'vigie_session')!.secure, true);
    } finally {
      await secure.app.close();
    }
  });

  test('a wrong password, a wrong code and an unknown user get the same answer; the log says which', async () => {
    await ready();
    const bob = await addStaff(t, 'bob', 'triage');
    const wrongPassword = await attemptSignIn(t, { username: 'bob', password: 'plum orchard lantern 43', totp: codeFor(t, bob) });
    const wrongCode = await attemptSignIn(t, { username: 'bob', password: bob.password, totp: otherCode(t, bob) });
    const unknown = await attemptSignIn(t, { username: 'nobody-here', password: bob.password, totp: codeFor(t, bob) });
    for (const res of [wrongPassword, wrongCode, unknown]) {
      assert.equal(res.statusCode, 401);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(res.json().detail, GENERIC);
      assert.equal(res.cookies.length, 0);
    }
    assert.deepEqual(await failures(t, bob), ['password', 'totp']);
    const anonymous = await t.ctx.store.db
      .selectFrom('events')
      .selectAll()
      .where('subject_kind', '=', 'system')
      .where('type', '=', 'staff.sign_in_failed')
      .execute();
    assert.equal(anonymous.length, 1);
    assert.equal(anonymous[0]!.reason, 'unknown_user');
    assert.equal(anonymous[0]!.payload_json.includes('nobody-here'), false, 'an unknown username is logged as a digest only');
    assert.equal(anonymous[0]!.payload_json.includes(bob.password), false);
    // Both failures are counted (by address and account); neither came from an address bob
    // has signed in from, so neither counts towards a lock in a row (staff-throttle.test.ts).
    const counted = await t.ctx.store.db.selectFrom('sign_in_failures').select(['known_address']).where('staff_id', '=', bob.id).execute();
    assert.deepEqual(
      counted.map((c) => Number(c.known_address)),
      [0, 0],
    );
    const row = await t.ctx.store.db.selectFrom('staff_users').select(['failed_attempts']).where('id', '=', bob.id).executeTakeFirstOrThrow();
    assert.equal(Number(row.failed_attempts), 0);
  });

  test('usernames are matched without regard to case', async () => {
    await ready();
    const cleo = await addStaff(t, 'cleo', 'legal');
    const res = await attemptSignIn(t, { username: 'Cleo', password: cleo.password, totp: codeFor(t, cleo) });
    assert.equal(res.statusCode, 200, res.body);
  });

  test('a TOTP code is accepted once: the same code again fails, the next step works', async () => {
    await ready();
    const dora = await addStaff(t, 'dora', 'reviewer');
    const code = codeFor(t, dora);
    assert.equal((await attemptSignIn(t, { username: 'dora', password: dora.password, totp: code })).statusCode, 200);
    const replay = await attemptSignIn(t, { username: 'dora', password: dora.password, totp: code });
    assert.equal(replay.statusCode, 401);
    assert.equal(replay.json().detail, GENERIC);
    assert.deepEqual(await failures(t, dora), ['totp_replayed']);
    advance(t, 30_000);
    assert.equal((await attemptSignIn(t, { username: 'dora', password: dora.password, totp: codeFor(t, dora) })).statusCode, 200);
  });

  test('two sign-ins racing with the same code: exactly one wins', async () => {
    await ready();
    const lena = await addStaff(t, 'lena', 'reviewer');
    const code = codeFor(t, lena);
    const results = await Promise.all(Array.from({ length: 4 }, () => attemptSignIn(t, { username: 'lena', password: lena.password, totp: code })));
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 401, 401, 401]);
    const sessions = await t.ctx.store.db.selectFrom('staff_sessions').select('id_hash').where('staff_id', '=', lena.id).execute();
    assert.equal(sessions.length, 1);
    assert.deepEqual(await failures(t, lena), ['totp_replayed', 'totp_replayed', 'totp_replayed']);
  });

  test('five failures lock the user for 15 minutes, even with the right password and code', async () => {
    await ready();
    const eve = await addStaff(t, 'eve', 'reviewer');
    for (let i = 0; i < 5; i++) {
      const res = await attemptSignIn(t, { username: 'eve', password: `wrong password number ${i}`, totp: codeFor(t, eve) });
      assert.equal(res.statusCode, 401);
    }
    const locked = await t.ctx.store.db.selectFrom('staff_users').select(['locked_until']).where('id', '=', eve.id).executeTakeFirstOrThrow();
    assert.equal(locked.locked_until, new Date(t.clock.now.getTime() + 15 * 60_000).toISOString());

    advance(t, 14 * 60_000);
    const refused = await attemptSignIn(t, { username: 'eve', password: eve.password, totp: codeFor(t, eve) });
    assert.equal(refused.statusCode, 401);
    assert.equal(refused.json().detail, GENERIC);
    const stillLocked = await t.ctx.store.db.selectFrom('staff_users').select(['locked_until']).where('id', '=', eve.id).executeTakeFirstOrThrow();
    assert.equal(stillLocked.locked_until, locked.locked_until, 'attempts while locked do not extend the lock');

    advance(t, 60_000);
    const ok = await attemptSignIn(t, { username: 'eve', password: eve.password, totp: codeFor(t, eve) });
    assert.equal(ok.statusCode, 200, ok.body);
    const reasons = await failures(t, eve);
    assert.deepEqual(reasons, ['password', 'password', 'password', 'password', 'password', 'locked']);
    const lockEvent = (await eventsOf(t.ctx.store.db, { kind: 'staff', id: eve.id })).filter((e) => e.type === 'staff.sign_in_failed')[4]!;
    assert.equal(lockEvent.payload.lockedUntil, locked.locked_until);
    const cleared = await t.ctx.store.db
      .selectFrom('staff_users')
      .select(['failed_attempts', 'locked_until'])
      .where('id', '=', eve.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual({ ...cleared, failed_attempts: Number(cleared.failed_attempts) }, { failed_attempts: 0, locked_until: null });
  });

  test('a session ends after 30 idle minutes, and use keeps it alive', async () => {
    await ready();
    const finn = await addStaff(t, 'finn', 'triage');
    const s = await signIn(t, finn);
    const me = () => t.app.inject({ method: 'GET', url: '/v1/staff/me', headers: { cookie: `vigie_session=${s.cookie}` } });
    advance(t, 29 * 60_000);
    assert.equal((await me()).statusCode, 200);
    advance(t, 29 * 60_000);
    assert.equal((await me()).statusCode, 200, 'the previous request refreshed the idle clock');
    advance(t, 30 * 60_000);
    const idle = await me();
    assert.equal(idle.statusCode, 401);
    assert.equal(idle.json().detail, 'the session has ended; sign in again');
    assert.equal(idle.cookies.find((c) => c.name === 'vigie_session')?.value, '', 'the browser is told to drop the cookie');
    const rows = await t.ctx.store.db.selectFrom('staff_sessions').select('id_hash').where('staff_id', '=', finn.id).execute();
    assert.equal(rows.length, 0, 'an ended session is removed');
  });

  test('a session ends 12 hours after sign-in however busy it is', async () => {
    await ready();
    const gus = await addStaff(t, 'gus', 'reviewer');
    const s = await signIn(t, gus);
    const me = async () => (await t.app.inject({ method: 'GET', url: '/v1/staff/me', headers: { cookie: `vigie_session=${s.cookie}` } })).statusCode;
    // Used every 20 minutes up to 11 h 40, then once more at 11 h 59: never idle.
    for (let i = 0; i < 35; i++) {
      advance(t, 20 * 60_000);
      assert.equal(await me(), 200);
    }
    advance(t, 19 * 60_000);
    assert.equal(await me(), 200);
    advance(t, 60_000);
    assert.equal(await me(), 401);
  });

  test('no cookie or an unknown token is 401', async () => {
    await ready();
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/staff/me' })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/staff/me', headers: { cookie: 'vigie_session=not-a-session' } })).statusCode, 401);
  });

  test('unsafe methods need the CSRF header: missing or wrong is 403 and changes nothing', async () => {
    await ready();
    const hana = await addStaff(t, 'hana', 'admin');
    const s = await signIn(t, hana);
    const create = (headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/v1/admin/api-keys', headers, payload: { name: 'from a forged form' } });
    const missing = await create({ cookie: `vigie_session=${s.cookie}` });
    assert.equal(missing.statusCode, 403);
    assert.match(missing.json().detail, /x-csrf-token/);
    const wrong = await create({ cookie: `vigie_session=${s.cookie}`, 'x-csrf-token': `${s.csrf.slice(0, -2)}xx` });
    assert.equal(wrong.statusCode, 403);
    const keys = await t.ctx.store.db.selectFrom('api_keys').select('name').where('name', '=', 'from a forged form').execute();
    assert.equal(keys.length, 0);
    const good = await create(s.headers());
    assert.equal(good.statusCode, 201, good.body);
    const signOutWithout = await t.app.inject({ method: 'DELETE', url: '/v1/staff/session', headers: { cookie: `vigie_session=${s.cookie}` } });
    assert.equal(signOutWithout.statusCode, 403, 'signing out is protected too');
  });

  test('sign-in takes JSON only: a form post is refused before anything is checked', async () => {
    await ready();
    const ivy = await addStaff(t, 'ivy', 'reviewer');
    const form = await t.app.inject({
      method: 'POST',
      url: '/v1/staff/session',
      remoteAddress: freshAddress(),
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify({ username: 'ivy', password: ivy.password, totp: codeFor(t, ivy) }),
    });
    assert.equal(form.statusCode, 415);
    assert.deepEqual(await failures(t, ivy), []);
    const urlencoded = await t.app.inject({
      method: 'POST',
      url: '/v1/staff/session',
      remoteAddress: freshAddress(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `username=ivy&password=x&totp=123456`,
    });
    assert.equal(urlencoded.statusCode, 415);
  });

  test('a malformed sign-in body is a 400 that echoes no secret', async () => {
    await ready();
    const res = await attemptSignIn(t, { username: 'ivy', password: 'secret words here', totp: 'abc' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.body.includes('secret words here'), false);
  });

  test('sign-out ends the session, clears the cookie and is logged', async () => {
    await ready();
    const jay = await addStaff(t, 'jay', 'legal');
    const s = await signIn(t, jay);
    const out = await t.app.inject({ method: 'DELETE', url: '/v1/staff/session', headers: s.headers() });
    assert.equal(out.statusCode, 204, out.body);
    const cleared = out.cookies.find((c) => c.name === 'vigie_session')!;
    assert.equal(cleared.value, '');
    assert.ok(cleared.expires && cleared.expires.getTime() <= Date.now());
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/staff/me', headers: s.headers() })).statusCode, 401);
    const events = await eventsOf(t.ctx.store.db, { kind: 'staff', id: jay.id });
    assert.deepEqual(
      events.map((e) => e.type),
      ['staff.created', 'staff.signed_in', 'staff.signed_out'],
    );
    const [, signedIn, signedOut] = events;
    assert.ok(signedIn?.type === 'staff.signed_in' && signedOut?.type === 'staff.signed_out');
    assert.equal(signedOut.payload.session, signedIn.payload.session);
    assert.deepEqual(events[2]!.actor, { kind: 'staff', id: jay.id });
  });

  test('signing in again from the same browser replaces the old session', async () => {
    await ready();
    const kai = await addStaff(t, 'kai', 'triage');
    const first = await signIn(t, kai);
    advance(t, 30_000);
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/staff/session',
      remoteAddress: freshAddress(),
      headers: { cookie: `vigie_session=${first.cookie}` },
      payload: { username: 'kai', password: kai.password, totp: codeFor(t, kai) },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/staff/me', headers: { cookie: `vigie_session=${first.cookie}` } })).statusCode, 401);
  });

  test('a second factor stored in clear (before sealing) still works and is sealed at that sign-in', async () => {
    await ready();
    const who = await addStaff(t, 'legacy.clear', 'reviewer');
    await t.ctx.store.db.updateTable('staff_users').set({ totp_secret: who.secret }).where('id', '=', who.id).execute();
    const res = await attemptSignIn(t, { username: who.username, password: who.password, totp: codeFor(t, who) });
    assert.equal(res.statusCode, 200, res.body);
    const row = await t.ctx.store.db.selectFrom('staff_users').select('totp_secret').where('id', '=', who.id).executeTakeFirstOrThrow();
    assert.match(row.totp_secret, /^v1\./);
    assert.equal(row.totp_secret.includes(who.secret), false);
  });

  test('sign-in is limited per client address', async () => {
    await ready();
    const address = freshAddress();
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await attemptSignIn(t, { username: 'nobody-at-all', password: 'plum orchard lantern 42', totp: '000000' }, address);
      codes.push(res.statusCode);
    }
    assert.deepEqual(codes, [...Array(10).fill(401), 429]);
    const other = await attemptSignIn(t, { username: 'nobody-at-all', password: 'plum orchard lantern 42', totp: '000000' });
    assert.equal(other.statusCode, 401, 'another address is not affected');
  });
});
