// The admin webhook routes: endpoints (the secret shown once), the dead-letter list and
// replays, with deliveries made by the real worker against a receiver on 127.0.0.1.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../support/stores.js';
import type { TestApp } from '../support/app.js';
import { eventsOf } from '../../src/store/log-store.js';
import { addStaff, signIn, staffTestApp, type Session, type TestStaff } from './staff-harness.js';
import { actionEvent, webhookHarness, type Harness } from '../enforcement/webhooks/harness.js';
import { startReceiver, type Receiver } from '../enforcement/webhooks/receiver.js';

describeEachStore('admin webhook routes', (store) => {
  let t: TestApp;
  let h: Harness;
  let root: TestStaff;
  let admin: Session;
  let lead: Session;
  const receivers: Receiver[] = [];
  const ready = async () => {
    if (t) return;
    // The receivers listen on 127.0.0.1: the development switch (destination.test.ts shows the refusals).
    t = await staffTestApp(store(), { webhooks: { allowPrivate: true } });
    h = webhookHarness(store());
    root = await addStaff(t, 'hook-admin', 'admin');
    admin = await signIn(t, root);
    lead = await signIn(t, await addStaff(t, 'hook-lead', 'policy_lead'));
  };
  after(async () => {
    for (const r of receivers) await r.close();
    await t?.app.close();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, s: Session = admin) =>
    t.app.inject({ method, url, headers: s.headers(), ...(payload ? { payload } : {}) });

  async function endpointFor(receiver: Receiver) {
    const res = await call('POST', '/v1/admin/webhooks/endpoints', { url: receiver.url });
    assert.equal(res.statusCode, 201, res.body);
    receiver.secret = res.json().secret;
    return res.json().endpoint.id as string;
  }

  test('an endpoint is created with its secret shown once, then listed and changed without it', async () => {
    await ready();
    const res = await call('POST', '/v1/admin/webhooks/endpoints', { url: 'https://platform.example/hooks/vigie?tenant=forum', eventTypes: ['action.taken'] });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.headers['cache-control'], 'no-store');
    const { endpoint, secret } = res.json();
    assert.match(secret, /^whsec_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(endpoint.eventTypes, ['action.taken']);
    assert.equal(endpoint.active, true);

    const list = await call('GET', '/v1/admin/webhooks/endpoints');
    assert.equal(list.statusCode, 200);
    assert.equal(list.body.includes(secret), false);
    assert.deepEqual(
      list.json().endpoints.find((e: { id: string }) => e.id === endpoint.id),
      endpoint,
    );

    const paused = await call('PATCH', `/v1/admin/webhooks/endpoints/${endpoint.id}`, {
      active: false,
      eventTypes: ['action.taken', 'action.reverted'],
      reason: 'platform migration',
    });
    assert.equal(paused.statusCode, 200, paused.body);
    assert.deepEqual(
      [paused.json().changed, paused.json().endpoint.active, paused.json().endpoint.eventTypes],
      [true, false, ['action.taken', 'action.reverted']],
    );
    assert.equal(paused.body.includes(secret), false);
    const same = await call('PATCH', `/v1/admin/webhooks/endpoints/${endpoint.id}`, { active: false });
    assert.equal(same.json().changed, false);

    const events = await eventsOf(store().db, { kind: 'webhook', id: endpoint.id });
    assert.deepEqual(
      events.map((e) => [e.type, e.actor.id, e.reason]),
      [
        ['webhook.endpoint_created', root.id, null],
        ['webhook.endpoint_updated', root.id, 'platform migration'],
      ],
    );
    assert.equal(JSON.stringify(events).includes(secret), false, 'the secret is never logged');
    assert.equal(JSON.stringify(events).includes('tenant=forum'), false, 'nor a query string that may hold a token');
    assert.deepEqual(events[1]!.payload, {
      changes: { active: { from: true, to: false }, eventTypes: { from: ['action.taken'], to: ['action.taken', 'action.reverted'] } },
    });
  });

  test('bad URLs, unknown event types, empty changes and unknown ids are refused', async () => {
    await ready();
    for (const url of ['ftp://platform.example/x', 'javascript:alert(1)', 'http://user:pw@platform.example/', 'not a url', 'https://platform.example/#frag']) {
      const res = await call('POST', '/v1/admin/webhooks/endpoints', { url });
      assert.equal(res.statusCode, 422, `${url}: ${res.body}`);
    }
    assert.equal((await call('POST', '/v1/admin/webhooks/endpoints', { url: 'https://p.example/', eventTypes: ['case.opened'] })).statusCode, 400);
    assert.equal((await call('POST', '/v1/admin/webhooks/endpoints', { url: 'https://p.example/', eventTypes: [] })).statusCode, 400);
    assert.equal((await call('PATCH', '/v1/admin/webhooks/endpoints/whe_missing', { active: true })).statusCode, 404);
    const some = (await call('GET', '/v1/admin/webhooks/endpoints')).json().endpoints[0].id;
    assert.equal((await call('PATCH', `/v1/admin/webhooks/endpoints/${some}`, {})).statusCode, 400);
    assert.equal((await call('PATCH', `/v1/admin/webhooks/endpoints/${some}`, { url: 'file:///etc/passwd' })).statusCode, 422);
    assert.equal((await call('POST', '/v1/admin/webhooks/deliveries/whd_missing/replay', {})).statusCode, 404);
    assert.equal((await call('GET', '/v1/admin/webhooks/deliveries?cursor=bm9wZQ')).statusCode, 422);
  });

  test('a refused delivery shows in the dead letters; an admin replays it and the log says who', async () => {
    await ready();
    const receiver = await startReceiver(h.clock.now);
    receivers.push(receiver);
    const endpointId = await endpointFor(receiver);
    let refuse = true;
    receiver.script = () => (refuse ? { kind: 'status', status: 400 } : { kind: 'ok' });
    const { deliveries } = await h.logActions([actionEvent(h.clock, 'suspend_account', { kind: 'account', id: 'acct-http-1' })]);
    const mine = deliveries.find((d) => d.endpointId === endpointId)!;
    await h.runToQuiet();

    const dead = await call('GET', `/v1/admin/webhooks/deliveries?status=dead&endpointId=${endpointId}`);
    assert.equal(dead.statusCode, 200, dead.body);
    const [row] = dead.json().deliveries;
    assert.equal(row.id, mine.deliveryId);
    assert.equal(row.status, 'dead');
    assert.equal(row.lastError, 'the endpoint answered HTTP 400');
    assert.equal(row.message.idempotencyKey, mine.idempotencyKey);
    assert.equal(row.message.action.kind, 'suspend_account');
    assert.equal(dead.body.includes(receiver.secret), false);

    refuse = false;
    const replay = await call('POST', `/v1/admin/webhooks/deliveries/${mine.deliveryId}/replay`, { reason: 'endpoint fixed' });
    assert.equal(replay.statusCode, 200, replay.body);
    assert.equal(replay.json().delivery.status, 'pending');
    assert.equal((await call('POST', `/v1/admin/webhooks/deliveries/${mine.deliveryId}/replay`, {})).statusCode, 409, 'not while it is on its way');
    await h.runToQuiet();
    assert.deepEqual(receiver.effects, [mine.idempotencyKey]);
    const delivered = await call('GET', `/v1/admin/webhooks/deliveries?status=delivered&endpointId=${endpointId}`);
    assert.deepEqual(
      delivered.json().deliveries.map((d: { id: string }) => d.id),
      [mine.deliveryId],
    );

    const replays = (await eventsOf(store().db, { kind: 'webhook', id: endpointId })).filter((e) => e.type === 'webhook.replayed');
    assert.deepEqual(
      replays.map((e) => [e.actor.kind, e.actor.id, e.reason, e.payload.deliveryId]),
      [['staff', root.id, 'endpoint fixed', mine.deliveryId]],
    );
  });

  test('replay-dead sends every dead letter of an endpoint again; only webhooks:manage may', async () => {
    await ready();
    const receiver = await startReceiver(h.clock.now);
    receivers.push(receiver);
    const endpointId = await endpointFor(receiver);
    let refuse = true;
    receiver.script = () => (refuse ? { kind: 'status', status: 404 } : { kind: 'ok' });
    const { deliveries } = await h.logActions([
      actionEvent(h.clock, 'remove_content', { kind: 'content', id: 'post-http-1' }),
      actionEvent(h.clock, 'remove_content', { kind: 'content', id: 'post-http-2' }),
    ]);
    const mine = deliveries.filter((d) => d.endpointId === endpointId);
    await h.runToQuiet();
    assert.equal((await call('GET', `/v1/admin/webhooks/deliveries?status=dead&endpointId=${endpointId}`)).json().deliveries.length, 2);

    // A policy lead holds no webhooks:manage.
    assert.equal((await call('POST', '/v1/admin/webhooks/deliveries/replay-dead', { endpointId }, lead)).statusCode, 403);
    assert.equal((await call('GET', '/v1/admin/webhooks/deliveries?status=dead', undefined, lead)).statusCode, 403);

    refuse = false;
    const res = await call('POST', '/v1/admin/webhooks/deliveries/replay-dead', { endpointId, limit: 1 });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual([res.json().replayed.length, res.json().more], [1, true]);
    const rest = await call('POST', '/v1/admin/webhooks/deliveries/replay-dead', { endpointId });
    assert.deepEqual([rest.json().replayed.length, rest.json().more], [1, false]);
    await h.runToQuiet();
    assert.deepEqual(new Set(receiver.effects), new Set(mine.map((d) => d.idempotencyKey)));
    assert.equal((await call('GET', `/v1/admin/webhooks/deliveries?status=dead&endpointId=${endpointId}`)).json().deliveries.length, 0);
  });
});
