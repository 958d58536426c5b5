// Webhook destinations (issue 10, item 12): loopback, private, link-local and names that
// resolve to them are refused at registration (422) and at every delivery (a failed attempt,
// nothing sent), and the attempt connects to the address that was checked.
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { describeEachStore } from '../support/stores.js';
import { addStaff, signIn, staffTestApp } from '../http/staff-harness.js';
import { createEndpoint, updateEndpoint, WebhookInputError } from '../../src/services/webhooks/endpoints.js';
import { PUBLIC_ONLY, checkDestination, pinnedLookup, DestinationRefused } from '../../src/services/webhooks/destination.js';
import { sendOnce } from '../../src/services/webhooks/send.js';
import { getDelivery } from '../../src/store/webhook-deliveries.js';
import { actionEvent, webhookHarness, type Harness } from '../enforcement/webhooks/harness.js';
import { startReceiver, type Receiver } from '../enforcement/webhooks/receiver.js';

const SYSTEM = { kind: 'system' as const, id: null };
const AT = '2026-11-28T12:00:00.000Z';

/** Each with the range its refusal names. */
const REFUSED: [url: string, range: RegExp][] = [
  ['http://127.0.0.1:8080/hooks', /loopback/],
  ['http://127.9.9.9/hooks', /loopback/],
  ['http://[::1]:8080/hooks', /loopback/],
  ['http://169.254.169.254/latest/meta-data/', /link-local/],
  ['https://10.1.2.3/hooks', /private/],
  ['https://192.168.0.10/hooks', /private/],
  ['http://[::ffff:127.0.0.1]/hooks', /ipv4-mapped:loopback/],
  ['http://[fe80::1]/hooks', /link-local/],
  ['http://0.0.0.0:8080/hooks', /this-network/],
  ['http://localhost:8080/hooks', /localhost resolves to .*loopback/],
];

describeEachStore('webhook endpoints must be public addresses', (store) => {
  test('the service refuses each non-public destination, after resolution', async () => {
    for (const [url, range] of REFUSED) {
      await assert.rejects(
        createEndpoint(store(), { url, actor: SYSTEM, at: AT }, PUBLIC_ONLY, null),
        (err: unknown) => err instanceof WebhookInputError && range.test(err.message),
        url,
      );
    }
    // A name whose answers include one internal address is refused, whatever else it says.
    const mixed = { allowPrivate: false, resolver: async () => ['93.184.215.14', '10.0.0.5'] };
    await assert.rejects(
      createEndpoint(store(), { url: 'https://hooks.platform.test/x', actor: SYSTEM, at: AT }, mixed, null),
      /resolves to 10\.0\.0\.5, a private/,
    );
    const unresolvable = { allowPrivate: false, resolver: async () => Promise.reject(Object.assign(new Error('no such name'), { code: 'ENOTFOUND' })) };
    await assert.rejects(
      createEndpoint(store(), { url: 'https://nowhere.test/x', actor: SYSTEM, at: AT }, unresolvable, null),
      /cannot resolve nowhere\.test: ENOTFOUND/,
    );
    // Nothing was registered.
    assert.equal((await store().db.selectFrom('webhook_endpoints').selectAll().execute()).length, 0);
    // A public address is accepted (nothing is contacted at registration).
    const ok = await createEndpoint(store(), { url: 'https://93.184.215.14/hooks', actor: SYSTEM, at: AT }, PUBLIC_ONLY, null);
    assert.equal(ok.endpoint.url, 'https://93.184.215.14/hooks');
    // Nor can an existing endpoint be moved to one.
    await assert.rejects(updateEndpoint(store(), ok.endpoint.id, { url: 'http://169.254.169.254/' }, SYSTEM, AT, null, PUBLIC_ONLY, null), WebhookInputError);
    // The development switch lets them through.
    const dev = await createEndpoint(store(), { url: 'http://127.0.0.1:9/dev', actor: SYSTEM, at: AT }, { allowPrivate: true }, null);
    assert.equal(dev.endpoint.active, true);
  });

  test('the admin API answers 422 for them, and 201 once VIGIE_WEBHOOKS_ALLOW_PRIVATE is set', async () => {
    const t = await staffTestApp(store());
    const dev = await staffTestApp(store(), { webhooks: { allowPrivate: true } });
    try {
      const admin = await signIn(t, await addStaff(t, 'dest-admin', 'admin'));
      for (const [url, range] of REFUSED) {
        const res = await t.app.inject({ method: 'POST', url: '/v1/admin/webhooks/endpoints', headers: admin.headers(), payload: { url } });
        assert.equal(res.statusCode, 422, `${url}: ${res.body}`);
        assert.match(res.json().detail, range);
      }
      const made = await t.app.inject({
        method: 'POST',
        url: '/v1/admin/webhooks/endpoints',
        headers: admin.headers(),
        payload: { url: 'https://93.184.215.14/hooks' },
      });
      assert.equal(made.statusCode, 201, made.body);
      const moved = await t.app.inject({
        method: 'PATCH',
        url: `/v1/admin/webhooks/endpoints/${made.json().endpoint.id}`,
        headers: admin.headers(),
        payload: { url: 'http://[::1]/hooks' },
      });
      assert.equal(moved.statusCode, 422);
      const devAdmin = await signIn(dev, await addStaff(dev, 'dest-dev-admin', 'admin'));
      const local = await dev.app.inject({
        method: 'POST',
        url: '/v1/admin/webhooks/endpoints',
        headers: devAdmin.headers(),
        payload: { url: 'http://localhost:3000/hooks' },
      });
      assert.equal(local.statusCode, 201, local.body);
    } finally {
      await t.app.close();
      await dev.app.close();
    }
  });
});

describeEachStore('webhook deliveries to non-public addresses are not sent', (store) => {
  let h: Harness;
  const receivers: Receiver[] = [];
  beforeEach(async () => {
    const db = store().db;
    await db.deleteFrom('jobs').execute();
    await db.deleteFrom('webhook_deliveries').execute();
    await db.deleteFrom('webhook_endpoints').execute();
    // A worker in production mode: public addresses only.
    h = webhookHarness(store(), PUBLIC_ONLY);
  });
  afterEach(async () => {
    await h.worker.stop();
    for (const r of receivers.splice(0)) await r.close();
  });

  test('an endpoint registered before the rule (or while the switch was on) on 127.0.0.1, [::1] or localhost gets nothing', async () => {
    const receiver = await startReceiver(h.clock.now);
    receivers.push(receiver);
    const port = new URL(receiver.url).port;
    const urls = [receiver.url, `http://localhost:${port}/hooks/vigie`];
    for (const url of urls) await createEndpoint(store(), { url, actor: SYSTEM, at: h.clock.iso() }, { allowPrivate: true }, null);
    const { deliveries } = await h.logActions([actionEvent(h.clock, 'remove_content', { kind: 'content', id: 'post-dest-1' })]);
    assert.equal(deliveries.length, 2);
    await h.drain();
    assert.equal(receiver.requests.length, 0, 'nothing reached the loopback receiver');
    for (const d of deliveries) {
      const row = await getDelivery(store().db, d.deliveryId);
      assert.equal(row?.status, 'pending', 'a failed attempt, retried later (an admin may move the endpoint)');
      assert.equal(row?.attempts, 1);
      assert.match(row?.lastError ?? '', /^not sent: .*loopback address: webhooks go to public addresses only/);
    }
  });
});

test('sendOnce checks before it connects: a loopback answer from DNS sends nothing', async () => {
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits++;
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  try {
    let lookups = 0;
    const resolver = async () => {
      lookups++;
      return ['127.0.0.1'];
    };
    const out = { url: `http://hooks.platform.test:${port}/x`, secret: 's', body: '{}', deliveryId: 'd', idempotencyKey: 'k' };
    const result = await sendOnce(out, { now: () => new Date(AT), timeoutMs: 1000, destinations: { allowPrivate: false, resolver } });
    assert.deepEqual(result, {
      kind: 'retry',
      error:
        'not sent: hooks.platform.test resolves to 127.0.0.1, a loopback address: webhooks go to public addresses only (VIGIE_WEBHOOKS_ALLOW_PRIVATE is for development)',
    });
    assert.equal(lookups, 1);
    assert.equal(hits, 0);
    for (const url of [`http://127.0.0.1:${port}/x`, `http://[::ffff:7f00:1]:${port}/x`]) {
      const direct = await sendOnce({ ...out, url }, { now: () => new Date(AT), timeoutMs: 1000 });
      assert.equal(direct.kind, 'retry');
    }
    assert.equal(hits, 0);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('the connection goes to the checked address, not to a second DNS answer (rebinding)', async () => {
  // The pinned lookup answers the checked address for any name: a name the system cannot
  // resolve at all still reaches it, so no later DNS answer is ever consulted.
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers.host ?? '');
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  try {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`http://rebinding.invalid:${port}/`, {
        method: 'POST',
        agent: false,
        lookup: pinnedLookup({ address: '127.0.0.1', family: 4 }),
      });
      req.on('response', (res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 204);
    assert.deepEqual(seen, [`rebinding.invalid:${port}`]);
    // And the check hands over the address it checked, for the connection to use.
    const checked = await checkDestination(new URL('https://hooks.platform.test/'), { allowPrivate: false, resolver: async () => ['93.184.215.14'] });
    assert.deepEqual(checked, { address: '93.184.215.14', family: 4 });
    await assert.rejects(checkDestination(new URL('https://hooks.platform.test/'), { allowPrivate: false, resolver: async () => [] }), DestinationRefused);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('the development switch comes from VIGIE_WEBHOOKS_ALLOW_PRIVATE, off by default', async () => {
  const { loadConfig } = await import('../../src/config/config.js');
  assert.equal(loadConfig({}, {}).webhooks.allowPrivate, false);
  assert.equal(loadConfig({}, { VIGIE_WEBHOOKS_ALLOW_PRIVATE: 'true' }).webhooks.allowPrivate, true);
});
