// Staff administration through the API: creating users (and their first sign-in), role
// changes, disabling, lockout clearing, platform API keys, and reading the log.
import { openTotpSecret, staffSecretKey, StaffSecretError } from '../../src/store/staff-secrets.js';
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../support/stores.js';
import type { TestApp } from '../support/app.js';
import { eventsOf } from '../../src/store/log-store.js';
import { totpCode } from '../../src/services/staff/totp.js';
import { PASSWORD, addStaff, advance, attemptSignIn, codeFor, secretOf, signIn, staffTestApp, type Session, type TestStaff } from './staff-harness.js';

describeEachStore('staff administration', (store) => {
  let t: TestApp;
  let root: TestStaff;
  let admin: Session;
  const ready = async () => {
    if (t) return;
    t = await staffTestApp(store());
    root = await addStaff(t, 'root-admin', 'admin');
    admin = await signIn(t, root);
  };
  after(async () => t?.app.close());

  const patch = (id: string, payload: object, s: Session = admin) =>
    t.app.inject({ method: 'PATCH', url: `/v1/staff/users/${id}`, headers: s.headers(), payload });

  test('an admin creates a user, who enrols from the URI and signs in', async () => {
    await ready();
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/staff/users',
      headers: admin.headers(),
      payload: { username: 'Nadia', role: 'reviewer', displayName: 'Nadia K.', password: PASSWORD },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.headers['cache-control'], 'no-store');
    const body = res.json();
    assert.equal(body.staff.username, 'nadia');
    assert.equal(body.staff.displayName, 'Nadia K.');
    assert.equal(body.staff.role, 'reviewer');
    assert.match(body.otpauthUri, /^otpauth:\/\/totp\/vigie:nadia\?/);
    assert.equal(JSON.stringify(body).includes('password'), false);
    const secret = secretOf(body.otpauthUri);
    const row = await t.ctx.store.db.selectFrom('staff_users').selectAll().where('username', '=', 'nadia').executeTakeFirstOrThrow();
    // Sealed at rest: the database alone does not give the second factor away.
    assert.match(row.totp_secret, /^v1\./);
    assert.equal(row.totp_secret.includes(secret), false);
    assert.equal(openTotpSecret(await staffSecretKey(t.ctx.store), row.id, row.totp_secret).secret, secret);
    assert.throws(() => openTotpSecret(Buffer.alloc(32, 7), row.id, row.totp_secret), /does not open with this server secret/);
    assert.throws(() => openTotpSecret(Buffer.alloc(32, 7), 'someone-else', row.totp_secret), StaffSecretError);
    assert.match(row.password_hash, /^\$argon2id\$/);
    const events = await eventsOf(t.ctx.store.db, { kind: 'staff', id: body.staff.id });
    assert.deepEqual(
      events.map((e) => [e.type, e.actor.id]),
      [['staff.created', root.id]],
    );
    assert.equal(JSON.stringify(events).includes(secret), false);
    assert.equal(JSON.stringify(events).includes(PASSWORD), false);
    const signIn = await attemptSignIn(t, { username: 'nadia', password: PASSWORD, totp: totpCode(secret, t.clock.now.getTime()) });
    assert.equal(signIn.statusCode, 200, signIn.body);
  });

  test('weak passwords, bad usernames and unknown roles are refused; a taken name is a conflict', async () => {
    await ready();
    const create = (payload: object) => t.app.inject({ method: 'POST', url: '/v1/staff/users', headers: admin.headers(), payload });
    const weak = await create({ username: 'omar', role: 'triage', password: 'too short' });
    assert.equal(weak.statusCode, 422);
    // The service's 'unprocessable' refusal, mapped once by the app's error handler.
    assert.equal(weak.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(weak.json().title, 'Unprocessable Content');
    assert.equal(weak.json().type, 'urn:vigie:problem:unprocessable-content');
    assert.match(weak.json().detail, /at least 12/);
    assert.equal(weak.body.includes('too short'), false);
    assert.equal((await create({ username: 'o', role: 'triage', password: PASSWORD })).statusCode, 422);
    assert.equal((await create({ username: 'omar', role: 'superuser', password: PASSWORD })).statusCode, 400);
    assert.equal((await create({ username: 'omar', role: 'triage', password: PASSWORD, extra: 1 })).statusCode, 400);
    const taken = await create({ username: 'ROOT-admin', role: 'triage', password: PASSWORD });
    assert.equal(taken.statusCode, 409);
    const rows = await t.ctx.store.db.selectFrom('staff_users').select('username').where('username', '=', 'omar').execute();
    assert.equal(rows.length, 0);
  });

  test('the list shows every user and never a hash or a secret', async () => {
    await ready();
    const res = await t.app.inject({ method: 'GET', url: '/v1/staff/users', headers: admin.headers() });
    assert.equal(res.statusCode, 200);
    const list = res.json().staff as Record<string, unknown>[];
    assert.ok(list.some((s) => s.username === 'root-admin'));
    for (const s of list)
      assert.deepEqual(Object.keys(s).sort(), ['createdAt', 'disabled', 'displayName', 'id', 'lockedUntil', 'platforms', 'role', 'username']);
    assert.equal(res.body.includes('argon2'), false);
  });

  test('a role change applies to open sessions at once and is logged with before and after', async () => {
    await ready();
    const pia = await addStaff(t, 'pia', 'reviewer');
    const s = await signIn(t, pia);
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/log', headers: s.headers() })).statusCode, 403);
    const res = await patch(pia.id, { role: 'policy_lead', reason: 'promoted to lead' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().staff.role, 'policy_lead');
    assert.equal(res.json().changed, true);
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/log', headers: s.headers() })).statusCode, 200);
    const events = await eventsOf(t.ctx.store.db, { kind: 'staff', id: pia.id });
    const change = events.at(-1)!;
    assert.equal(change.type, 'staff.updated');
    assert.equal(change.reason, 'promoted to lead');
    assert.deepEqual(change.payload, { changes: { role: { from: 'reviewer', to: 'policy_lead' } } });
    assert.deepEqual(change.actor, { kind: 'staff', id: root.id });

    const again = await patch(pia.id, { role: 'policy_lead' });
    assert.equal(again.json().changed, false);
    assert.equal((await eventsOf(t.ctx.store.db, { kind: 'staff', id: pia.id })).length, events.length, 'no change, no event');
  });

  test('disabling ends every session and blocks sign-in; re-enabling allows it again', async () => {
    await ready();
    const quinn = await addStaff(t, 'quinn', 'triage');
    const s1 = await signIn(t, quinn);
    advance(t, 30_000);
    const s2 = await signIn(t, quinn);
    const res = await patch(quinn.id, { disabled: true });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().staff.disabled, true);
    for (const s of [s1, s2]) assert.equal((await t.app.inject({ method: 'GET', url: '/v1/staff/me', headers: s.headers() })).statusCode, 401);
    const change = (await eventsOf(t.ctx.store.db, { kind: 'staff', id: quinn.id })).at(-1)!;
    assert.deepEqual(change.payload, { changes: { disabled: { from: false, to: true } }, sessionsEnded: 2 });
    advance(t, 30_000);
    assert.equal((await attemptSignIn(t, { username: 'quinn', password: quinn.password, totp: codeFor(t, quinn) })).statusCode, 401);
    assert.equal((await patch(quinn.id, { disabled: false })).statusCode, 200);
    advance(t, 30_000);
    assert.equal((await attemptSignIn(t, { username: 'quinn', password: quinn.password, totp: codeFor(t, quinn) })).statusCode, 200);
  });

  test('the last active admin cannot be demoted or disabled, not even by themself', async () => {
    await ready();
    const demote = await patch(root.id, { role: 'reviewer' });
    assert.equal(demote.statusCode, 409, demote.body);
    assert.equal((await patch(root.id, { disabled: true })).statusCode, 409);
    const second = await addStaff(t, 'second-admin', 'admin');
    const ok = await patch(second.id, { role: 'legal' });
    assert.equal(ok.statusCode, 200, 'another admin exists (root), so this one may be demoted');
    const row = await t.ctx.store.db.selectFrom('staff_users').select(['role', 'disabled']).where('id', '=', root.id).executeTakeFirstOrThrow();
    assert.deepEqual({ role: row.role, disabled: Number(row.disabled) }, { role: 'admin', disabled: 0 });
  });

  test('an admin clears a lockout', async () => {
    await ready();
    const rae = await addStaff(t, 'rae', 'legal');
    for (let i = 0; i < 5; i++) await attemptSignIn(t, { username: 'rae', password: `not the password ${i}`, totp: codeFor(t, rae) });
    assert.equal((await attemptSignIn(t, { username: 'rae', password: rae.password, totp: codeFor(t, rae) })).statusCode, 401);
    const res = await patch(rae.id, { unlock: true });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().staff.lockedUntil, null);
    assert.equal((await attemptSignIn(t, { username: 'rae', password: rae.password, totp: codeFor(t, rae) })).statusCode, 200);
  });

  test('an admin resets a forgotten password or a lost authenticator; old credentials stop working', async () => {
    await ready();
    const sol = await addStaff(t, 'sol', 'reviewer');
    const s = await signIn(t, sol);
    const weak = await patch(sol.id, { password: 'tiny' });
    assert.equal(weak.statusCode, 422);

    const newPassword = 'copper willow harbour 9';
    const pw = await patch(sol.id, { password: newPassword });
    assert.equal(pw.statusCode, 200, pw.body);
    assert.equal(pw.json().otpauthUri, undefined);
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/staff/me', headers: s.headers() })).statusCode, 401, 'sessions end on a reset');
    advance(t, 30_000);
    assert.equal((await attemptSignIn(t, { username: 'sol', password: sol.password, totp: codeFor(t, sol) })).statusCode, 401);
    advance(t, 30_000);
    assert.equal((await attemptSignIn(t, { username: 'sol', password: newPassword, totp: codeFor(t, sol) })).statusCode, 200);

    const totp = await patch(sol.id, { resetTotp: true });
    assert.equal(totp.statusCode, 200, totp.body);
    assert.equal(totp.headers['cache-control'], 'no-store');
    const fresh = secretOf(totp.json().otpauthUri);
    assert.notEqual(fresh, sol.secret);
    advance(t, 30_000);
    assert.equal(
      (await attemptSignIn(t, { username: 'sol', password: newPassword, totp: codeFor(t, sol) })).statusCode,
      401,
      'the old authenticator no longer works',
    );
    assert.equal((await attemptSignIn(t, { username: 'sol', password: newPassword, totp: totpCode(fresh, t.clock.now.getTime()) })).statusCode, 200);

    const changes = (await eventsOf(t.ctx.store.db, { kind: 'staff', id: sol.id })).filter((e) => e.type === 'staff.updated');
    assert.deepEqual(
      changes.map((e) => e.payload.changes),
      [{ password: { reset: true } }, { totp: { reset: true } }],
    );
    const text = JSON.stringify(changes);
    assert.equal(text.includes(newPassword) || text.includes(fresh), false, 'no secret in the log');
  });

  test('PATCH of an unknown user is 404; an empty change is 400', async () => {
    await ready();
    assert.equal((await patch('stf_nobody', { displayName: 'x' })).statusCode, 404);
    assert.equal((await patch(root.id, {})).statusCode, 400);
    assert.equal((await patch(root.id, { username: 'renamed' })).statusCode, 400, 'a username never changes');
  });

  test('API keys: created once with the key, listed without it, revoked, all logged', async () => {
    await ready();
    const made = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/api-keys',
      headers: admin.headers(),
      payload: { name: 'forum', scopes: ['content:write', 'content:write'] },
    });
    assert.equal(made.statusCode, 201, made.body);
    assert.equal(made.headers['cache-control'], 'no-store');
    const { apiKey, key } = made.json();
    assert.deepEqual(apiKey.scopes, ['content:write']);
    assert.match(key, /^vigie_/);
    const list = await t.app.inject({ method: 'GET', url: '/v1/admin/api-keys', headers: admin.headers() });
    assert.equal(list.statusCode, 200);
    assert.ok(list.json().apiKeys.some((k: { id: string }) => k.id === apiKey.id));
    assert.equal(list.body.includes(key), false);
    assert.equal((await t.app.inject({ method: 'POST', url: '/v1/admin/api-keys', headers: admin.headers(), payload: { name: '   ' } })).statusCode, 400);
    assert.equal(
      (await t.app.inject({ method: 'POST', url: '/v1/admin/api-keys', headers: admin.headers(), payload: { name: 'x', scopes: ['everything'] } })).statusCode,
      400,
    );

    const revoke = () => t.app.inject({ method: 'DELETE', url: `/v1/admin/api-keys/${apiKey.id}`, headers: admin.headers() });
    assert.equal((await revoke()).statusCode, 204);
    assert.equal((await revoke()).statusCode, 404);
    const refused = await t.app.inject({ method: 'GET', url: '/v1/accounts/anyone', headers: { authorization: `Bearer ${key}` } });
    assert.equal(refused.statusCode, 401, 'a revoked key no longer authenticates');
    const events = await eventsOf(t.ctx.store.db, { kind: 'api_key', id: apiKey.id });
    assert.deepEqual(
      events.map((e) => [e.type, e.actor.kind, e.actor.id]),
      [
        ['api_key.created', 'staff', root.id],
        ['api_key.revoked', 'staff', root.id],
      ],
    );
    assert.equal(JSON.stringify(events).includes(key), false);
  });

  test('the log reads in order, a page at a time, for one subject or all', async () => {
    await ready();
    const read = (query: string) => t.app.inject({ method: 'GET', url: `/v1/log${query}`, headers: admin.headers() });
    const all: number[] = [];
    let after = 0;
    for (;;) {
      const res = await read(`?afterSeq=${after}&limit=7`);
      assert.equal(res.statusCode, 200, res.body);
      const page = res.json();
      all.push(...page.events.map((e: { seq: number }) => e.seq));
      if (page.nextAfterSeq === null) break;
      assert.equal(page.events.length, 7);
      after = page.nextAfterSeq;
    }
    const total = await t.ctx.store.db.selectFrom('events').select('seq').orderBy('seq').execute();
    assert.deepEqual(
      all,
      total.map((r) => Number(r.seq)),
    );

    const mine = await read(`?subjectKind=staff&subjectId=${root.id}`);
    const types = mine.json().events.map((e: { type: string; subject: { id: string } }) => [e.type, e.subject.id]);
    assert.deepEqual(types.slice(0, 2), [
      ['staff.created', root.id],
      ['staff.signed_in', root.id],
    ]);
    const first = mine.json().events[0];
    assert.match(first.hash, /^[0-9a-f]{64}$/);

    assert.equal((await read('?subjectId=x')).statusCode, 400);
    assert.equal((await read('?limit=0')).statusCode, 400);
    assert.equal((await read('?limit=1001')).statusCode, 400);
    assert.equal((await read('?afterSeq=-1')).statusCode, 400);
  });
});
