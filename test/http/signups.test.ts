import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../support/stores.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createApiKey } from '../../src/services/api-keys/create-api-key.js';
import { eventsOf } from '../../src/store/log-store.js';
import { Store } from '../../src/store/store.js';
import type { BlockRegistry } from '../../src/services/block-registry/block-registry.js';
import type { LoggedEvent, LoggedEventOf } from '../../src/moderation/events.js';

const identifiers = {
  email: 'Sam.Placeholder@gmail.com',
  phone: '+33 6 98 76 54 32',
  deviceIds: ['dev-91C2'],
  paymentIds: ['card-fp-5510'],
  ips: ['192.0.2.44'],
};
const RAW = ['sam', 'placeholder', '698765432', '91c2', '5510', '192.0.2.44'];

function signals(events: LoggedEvent[]): LoggedEventOf<'signal.recorded'>[] {
  return events.filter((e) => e.type === 'signal.recorded');
}

describeEachStore('signup check', (store, target) => {
  let t: TestApp;
  let registry: BlockRegistry;
  const check = (body: object, headers = t.auth()) => t.app.inject({ method: 'POST', url: '/v1/signups/check', headers, payload: body });

  before(async () => {
    t = await buildTestApp(store());
    registry = await t.ctx.blockRegistry.get();
    const put = await t.app.inject({ method: 'PUT', url: '/v1/accounts/acct-old', headers: t.auth(), payload: { handle: 'old.one', identifiers } });
    assert.equal(put.statusCode, 201, put.body);
    // What enforcement does when it suspends: the block joins the suspension's transaction.
    const at = t.ctx.now().toISOString();
    await store().write(async (w) => {
      await registry.blockAccountIdentifiers(w, 'acct-old', identifiers, at);
      await w.append([
        {
          type: 'action.taken',
          subject: { kind: 'account', id: 'acct-old' },
          actor: { kind: 'system', id: null },
          at,
          reason: 'test',
          payload: { action: 'suspend_account' },
        },
      ]);
    });
  });
  after(async () => t?.app.close());

  test('the email written another way is denied', async () => {
    for (const email of ['sam.placeholder@gmail.com', 'SAMPLACEHOLDER@GMAIL.COM', 's.a.m.placeholder+again@gmail.com', 'samplaceholder@googlemail.com']) {
      const res = await check({ identifiers: { email } });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { decision: 'deny', matches: [{ kind: 'email', strength: 'strong', accountId: 'acct-old' }] }, email);
    }
  });

  test('the phone in another format is denied, as are the device and payment ids', async () => {
    assert.deepEqual((await check({ identifiers: { phone: '+33 (0)6.98.76.54.32' } })).json().decision, 'deny');
    assert.deepEqual((await check({ identifiers: { deviceIds: ['other', 'dev-91C2'] } })).json().decision, 'deny');
    assert.deepEqual((await check({ identifiers: { paymentIds: ['card-fp-5510'] } })).json().decision, 'deny');
  });

  test('an IP address alone asks for review, and stops matching after 30 days', async () => {
    const res = await check({ identifiers: { email: 'new.person@example.org', ips: ['192.0.2.44'] } });
    assert.deepEqual(res.json(), { decision: 'review', matches: [{ kind: 'ip', strength: 'weak', accountId: 'acct-old' }] });
    const saved = t.clock.now;
    try {
      t.clock.now = new Date(saved.getTime() + 31 * 24 * 3600 * 1000);
      assert.deepEqual((await check({ identifiers: { ips: ['192.0.2.44'] } })).json(), { decision: 'allow', matches: [] });
      assert.equal((await check({ identifiers: { email: identifiers.email } })).json().decision, 'deny');
    } finally {
      t.clock.now = saved;
    }
  });

  test('unknown identifiers are allowed and leave no trace in the log', async () => {
    await t.ctx.signups.written();
    const before = await store()
      .db.selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await check({ identifiers: { email: 'someone.new@example.org', phone: '+44 20 7946 0000', ips: ['2001:db8:1::5'] }, accountId: 'acct-new-0' });
    assert.deepEqual(res.json(), { decision: 'allow', matches: [] });
    const afterCount = await store()
      .db.selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(afterCount.n), Number(before.n));
  });

  test('a review is recorded on the suspended account before the answer, without the identifier', async () => {
    await t.ctx.signups.written();
    const before = signals(await eventsOf(store().db, { kind: 'account', id: 'acct-old' })).length;
    const res = await check({ identifiers: { email: 'someone.new@example.org', ips: ['192.0.2.44'] }, accountId: 'acct-new-1' });
    assert.equal(res.json().decision, 'review');
    // Read at once: a review answer goes out only once its signal has committed.
    const recorded = signals(await eventsOf(store().db, { kind: 'account', id: 'acct-old' }));
    assert.equal(recorded.length, before + 1);
    const last = recorded[recorded.length - 1]!;
    assert.equal(last.actor.kind, 'api_key');
    assert.deepEqual(last.payload, {
      signal: 'ban-evasion',
      source: 'block-registry',
      strength: 0.3,
      clause: 'consequence.no-new-accounts',
      evidence: { via: 'signup-check', kinds: ['ip'], decision: 'review', newAccountId: 'acct-new-1' },
    });
  });

  test('a deny is recorded too, right after the answer, without the identifier', async () => {
    const res = await check({ identifiers: { email: 'SamPlaceholder+x@gmail.com', ips: ['192.0.2.44'] }, accountId: 'acct-new-deny' });
    assert.equal(res.json().decision, 'deny');
    await t.ctx.signups.written();
    const recorded = signals(await eventsOf(store().db, { kind: 'account', id: 'acct-old' })).find(
      (e) => (e.payload.evidence as { newAccountId?: string }).newAccountId === 'acct-new-deny',
    );
    assert.ok(recorded);
    assert.deepEqual(recorded.payload, {
      signal: 'ban-evasion',
      source: 'block-registry',
      strength: 1,
      clause: 'consequence.no-new-accounts',
      evidence: { via: 'signup-check', kinds: ['email', 'ip'], decision: 'deny', newAccountId: 'acct-new-deny' },
    });
    const all = JSON.stringify(signals(await eventsOf(store().db, { kind: 'account', id: 'acct-old' })).map((e) => e.payload)).toLowerCase();
    for (const raw of RAW) assert.ok(!all.includes(raw), `a signal holds "${raw}"`);
  });

  test("registering an account with a suspended account's identifiers signals on the new account", async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/v1/accounts/acct-new-2',
      headers: t.auth(),
      payload: { identifiers: { email: 'sam.placeholder+2@googlemail.com', ips: ['192.0.2.44'] } },
    });
    assert.equal(res.statusCode, 201, res.body);
    const got = signals(await eventsOf(store().db, { kind: 'account', id: 'acct-new-2' }));
    assert.equal(got.length, 1);
    assert.deepEqual(got[0]!.payload.evidence, { via: 'account-identifiers', kinds: ['email', 'ip'], decision: 'deny', suspendedAccountIds: ['acct-old'] });
    assert.ok(!JSON.stringify(got[0]!.payload).toLowerCase().includes('sam'));
    // Unchanged identifiers do not signal again; the suspended account never signals on itself.
    await t.app.inject({
      method: 'PUT',
      url: '/v1/accounts/acct-new-2',
      headers: t.auth(),
      payload: { identifiers: { email: 'sam.placeholder+2@googlemail.com', ips: ['192.0.2.44'] } },
    });
    assert.equal(signals(await eventsOf(store().db, { kind: 'account', id: 'acct-new-2' })).length, 1);
    const self = await t.app.inject({
      method: 'PUT',
      url: '/v1/accounts/acct-old',
      headers: t.auth(),
      payload: { identifiers: { ...identifiers, deviceIds: ['dev-91C2', 'dev-2'] } },
    });
    assert.equal(self.statusCode, 200, self.body);
    const selfSignals = signals(await eventsOf(store().db, { kind: 'account', id: 'acct-old' })).filter(
      (e) => (e.payload.evidence as { via?: string }).via === 'account-identifiers',
    );
    assert.equal(selfSignals.length, 0);
  });

  test('after the suspension is lifted the same identifiers are allowed', async () => {
    await store().write((w) => registry.liftAccountIdentifiers(w, 'acct-old', t.ctx.now().toISOString()));
    assert.deepEqual((await check({ identifiers })).json(), { decision: 'allow', matches: [] });
  });

  test('the route needs the signups:check scope and a well-formed body', async () => {
    const { key } = await createApiKey(
      store(),
      {
        name: 'accounts only',
        scopes: ['accounts:write'],
        actor: { kind: 'system', id: null },
        at: t.ctx.now().toISOString(),
      },
      null,
    );
    assert.equal((await check({ identifiers: {} }, t.auth(key))).statusCode, 403);
    assert.equal((await check({ identifiers: {} }, {} as { authorization: string })).statusCode, 401);
    assert.equal((await check({ identifiers: { ips: ['not an address'] } })).statusCode, 400);
    assert.equal((await check({ identifiers: { email: 'a@b.example', other: 'x' } })).statusCode, 400);
    assert.deepEqual((await check({ identifiers: {} })).json(), { decision: 'allow', matches: [] });
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    assert.ok(doc.paths['/v1/signups/check']?.post, 'the route is in the OpenAPI document');
  });

  test('with the wrong secret the check answers 503 and accounts still register', async () => {
    const config = await target.freshConfig();
    const other = await Store.open(config);
    try {
      await other.db.updateTable('block_registry_state').set({ secret_fingerprint: 'written with another secret' }).execute();
      const o = await buildTestApp(other);
      try {
        const res = await o.app.inject({ method: 'POST', url: '/v1/signups/check', headers: o.auth(), payload: { identifiers } });
        assert.equal(res.statusCode, 503, res.body);
        const put = await o.app.inject({ method: 'PUT', url: '/v1/accounts/a1', headers: o.auth(), payload: { identifiers } });
        assert.equal(put.statusCode, 201, put.body);
      } finally {
        await o.app.close();
      }
    } finally {
      await other.close();
      await config.cleanup();
    }
  });
});
