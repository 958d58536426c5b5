// Authentication before the body, the per-key and per-address limits, and the client address
// behind a proxy (issue 10, items 4, 9, 10 and 11), each reproduced as the probe did it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describeEachStore } from '../support/stores.js';
import { buildTestApp } from '../support/app.js';
import { loadConfig } from '../../src/config/config.js';

const item = (id: string) => ({
  id,
  kind: 'post',
  author: { id: 'acct-limits', handle: 'limits.user' },
  text: 'a plain post about the weather',
  createdAt: '2026-11-28T11:59:00Z',
});

/** Sends raw bytes on a fresh socket and resolves with the first bytes answered (the socket stays open until then). */
function firstAnswer(port: number, head: string): Promise<{ text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(head));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no answer within 5 s: the server waits for the body'));
    }, 5000);
    socket.once('data', (chunk) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text: chunk.toString('latin1'), ms: performance.now() - started });
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

describeEachStore('platform authentication runs before the body is read', (store) => {
  test('a request without a key, or with a wrong one, announcing 44 MB gets its 401 before sending a byte of body', async () => {
    const t = await buildTestApp(store(), { http: { bodyLimit: 64 * 1024 * 1024 } });
    try {
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const port = (t.app.server.address() as { port: number }).port;
      for (const auth of ['', 'authorization: Bearer vigie_not-a-key\r\n', 'authorization: Basic dXNlcjpwYXNz\r\n']) {
        const head = `POST /v1/content HTTP/1.1\r\nhost: 127.0.0.1\r\n${auth}content-type: application/json\r\ncontent-length: ${44 * 1024 * 1024}\r\n\r\n`;
        const { text } = await firstAnswer(port, head);
        assert.match(text, /^HTTP\/1\.1 401 /, text);
        assert.match(text, /application\/problem\+json/);
        assert.match(text, /www-authenticate: Bearer/i);
      }
      // The same announced body with the right key is waited for (no answer without it):
      // authentication is what stopped the others, not the size.
      const good = `POST /v1/content HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${t.key}\r\ncontent-type: application/json\r\ncontent-length: 10\r\n\r\n`;
      await assert.rejects(
        Promise.race([firstAnswer(port, good), new Promise((_, reject) => setTimeout(() => reject(new Error('waiting for the body')), 300))]),
        /waiting for the body/,
      );
    } finally {
      await t.app.close();
    }
  });

  test('a multipart request without a key is refused before its parts are read', async () => {
    const t = await buildTestApp(store());
    try {
      const boundary = 'x-boundary';
      const body = `--${boundary}\r\ncontent-disposition: form-data; name="content"\r\n\r\n${JSON.stringify(item('mp-nokey'))}\r\n--${boundary}--\r\n`;
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/content',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: body,
      });
      assert.equal(res.statusCode, 401);
      assert.equal((await t.app.inject({ method: 'GET', url: '/v1/content/mp-nokey', headers: t.auth() })).statusCode, 404);
    } finally {
      await t.app.close();
    }
  });
});

describeEachStore('the per-key rate limit counts the key, however the header is spelt', (store) => {
  test('spaces, tabs and a lower-case scheme are one key: 20 requests pass, the rest are 429', async () => {
    const t = await buildTestApp(store(), { http: { rateLimitPerKey: 20 } });
    try {
      const spellings = [`Bearer ${t.key}`, `Bearer  ${t.key}`, `Bearer     ${t.key}`, `Bearer\t${t.key}`, `bearer ${t.key}`, `BEARER \t ${t.key}`];
      const codes: number[] = [];
      for (let i = 0; i < 60; i++) {
        const res = await t.app.inject({ method: 'GET', url: `/v1/content/none-${i}`, headers: { authorization: spellings[i % spellings.length]! } });
        codes.push(res.statusCode);
        if (res.statusCode === 429) {
          assert.ok(Number(res.headers['retry-after']) > 0, 'a 429 says when to come back');
          assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
        }
      }
      // Every spelling authenticates (404: no such item), and the limit binds at 20 across them.
      assert.deepEqual(codes.slice(0, 20), new Array(20).fill(404));
      assert.deepEqual(codes.slice(20), new Array(40).fill(429));
      // The budget is the key's across routes: a write is refused too.
      const post = await t.app.inject({ method: 'POST', url: '/v1/content', headers: { authorization: `bearer ${t.key}` }, payload: item('after-limit') });
      assert.equal(post.statusCode, 429);
    } finally {
      await t.app.close();
    }
  });

  test('a second key has its own budget; malformed headers are 401', async () => {
    const t = await buildTestApp(store(), { http: { rateLimitPerKey: 2 } });
    try {
      const other = await buildOtherKey(t);
      for (let i = 0; i < 3; i++) await t.app.inject({ method: 'GET', url: '/v1/content/x', headers: t.auth() });
      assert.equal((await t.app.inject({ method: 'GET', url: '/v1/content/x', headers: t.auth() })).statusCode, 429);
      assert.equal((await t.app.inject({ method: 'GET', url: '/v1/content/x', headers: t.auth(other) })).statusCode, 404);
      for (const authorization of [`Bearer ${t.key} x`, `Bearer${t.key}`, `Basic ${t.key}`, 'Bearer']) {
        const res = await t.app.inject({ method: 'GET', url: '/v1/content/x', headers: { authorization } });
        assert.equal(res.statusCode, 401, authorization);
      }
    } finally {
      await t.app.close();
    }
  });
});

async function buildOtherKey(t: Awaited<ReturnType<typeof buildTestApp>>): Promise<string> {
  const { createApiKey } = await import('../../src/services/api-keys/create-api-key.js');
  return (await createApiKey(t.ctx.store, { name: 'second platform', actor: { kind: 'system', id: null }, at: t.clock.now.toISOString() }, null)).key;
}

describeEachStore('the per-address limit applies to every route, before authentication', (store) => {
  test('requests across routes from one address reach 429; /health stays answered; other addresses are untouched', async () => {
    const t = await buildTestApp(store(), { http: { rateLimitPerIp: 10 } });
    try {
      const remoteAddress = '192.0.2.10';
      // The platform's key is in use from this address (and so known valid).
      assert.equal((await t.app.inject({ method: 'GET', url: '/v1/content/x', remoteAddress, headers: t.auth() })).statusCode, 404);
      const routes = [
        { method: 'GET' as const, url: '/openapi.json' },
        { method: 'GET' as const, url: '/v1/content/x' },
        { method: 'POST' as const, url: '/v1/content' },
        { method: 'GET' as const, url: '/v1/staff/me' },
        { method: 'GET' as const, url: '/no-such-route' },
        { method: 'GET' as const, url: '/v1/content/x', headers: { authorization: 'Bearer vigie_wrong' } },
      ];
      const codes: number[] = [];
      for (let i = 0; i < 30; i++) {
        const r = routes[i % routes.length]!;
        codes.push((await t.app.inject({ ...r, remoteAddress })).statusCode);
      }
      assert.ok(
        codes.slice(0, 10).every((c) => c !== 429),
        codes.join(','),
      );
      assert.deepEqual(codes.slice(10), new Array(20).fill(429), codes.join(','));
      const refused = await t.app.inject({ method: 'GET', url: '/v1/policy', remoteAddress });
      assert.equal(refused.statusCode, 429);
      assert.ok(Number(refused.headers['retry-after']) > 0);
      assert.equal(refused.json().title, 'Too Many Requests');
      assert.equal((await t.app.inject({ method: 'GET', url: '/health', remoteAddress })).statusCode, 200);
      assert.equal((await t.app.inject({ method: 'GET', url: '/openapi.json', remoteAddress: '192.0.2.11' })).statusCode, 200);
      // Once spent, a wrong key is refused before it is looked up; a key known valid counts against the key, not the address.
      assert.equal(
        (await t.app.inject({ method: 'GET', url: '/v1/content/x', remoteAddress, headers: { authorization: 'Bearer vigie_other' } })).statusCode,
        429,
      );
      assert.equal((await t.app.inject({ method: 'GET', url: '/v1/content/x', remoteAddress, headers: t.auth() })).statusCode, 404);
    } finally {
      await t.app.close();
    }
  });

  test("a platform's backend posting with a valid key is not held to the per-address figure", async () => {
    const t = await buildTestApp(store(), { http: { rateLimitPerIp: 5 } });
    try {
      for (let i = 0; i < 12; i++) {
        const res = await t.app.inject({ method: 'POST', url: '/v1/content', remoteAddress: '192.0.2.20', headers: t.auth(), payload: item(`backend-${i}`) });
        assert.equal(res.statusCode, 201, res.body);
      }
      // A bearer header does not open staff or public routes: those count per address whatever it says.
      const codes: number[] = [];
      for (let i = 0; i < 7; i++) {
        codes.push((await t.app.inject({ method: 'GET', url: '/v1/policy', remoteAddress: '192.0.2.20', headers: t.auth() })).statusCode);
      }
      assert.deepEqual(codes, [200, 200, 200, 200, 200, 429, 429]);
    } finally {
      await t.app.close();
    }
  });
});

describeEachStore('the client address behind a proxy', (store) => {
  test('from a trusted proxy, the right-most untrusted hop is the client; a forged left-most entry is ignored', async () => {
    const t = await buildTestApp(store(), { http: { trustProxy: ['10.0.0.0/8'], rateLimitPerIp: 3 } });
    try {
      // Each request forges a different left-most address; the proxy (10.1.2.3) appended the
      // real client, 198.51.100.7, after passing through a second proxy of ours (10.9.9.9).
      const codes: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await t.app.inject({
          method: 'GET',
          url: '/openapi.json',
          remoteAddress: '10.1.2.3',
          headers: { 'x-forwarded-for': `203.0.113.${i}, 198.51.100.7, 10.9.9.9` },
        });
        codes.push(res.statusCode);
      }
      // Keyed on 198.51.100.7 every time: the forged addresses did not each get a fresh budget.
      assert.deepEqual(codes, [200, 200, 200, 429, 429, 429]);
      // Another real client behind the same proxy has its own budget.
      const other = await t.app.inject({ method: 'GET', url: '/openapi.json', remoteAddress: '10.1.2.3', headers: { 'x-forwarded-for': '198.51.100.8' } });
      assert.equal(other.statusCode, 200);
    } finally {
      await t.app.close();
    }
  });

  test('from an untrusted peer, X-Forwarded-For is ignored', async () => {
    const t = await buildTestApp(store(), { http: { trustProxy: ['10.0.0.0/8'], rateLimitPerIp: 3 } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await t.app.inject({
          method: 'GET',
          url: '/openapi.json',
          remoteAddress: '198.51.100.50',
          headers: { 'x-forwarded-for': `203.0.113.${i}` },
        });
        codes.push(res.statusCode);
      }
      assert.deepEqual(codes, [200, 200, 200, 429, 429]);
    } finally {
      await t.app.close();
    }
  });
});

test('VIGIE_TRUST_PROXY takes a list of addresses and ranges, and refuses true', () => {
  assert.deepEqual(loadConfig({}, { VIGIE_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,fd00::/8,loopback' }).http.trustProxy, [
    '127.0.0.1',
    '10.0.0.0/8',
    '::1',
    'fd00::/8',
    'loopback',
  ]);
  assert.deepEqual(loadConfig({}, {}).http.trustProxy, []);
  assert.deepEqual(loadConfig({}, { VIGIE_TRUST_PROXY: 'false' }).http.trustProxy, []);
  assert.throws(() => loadConfig({}, { VIGIE_TRUST_PROXY: 'true' }), /VIGIE_TRUST_PROXY: list the addresses of your reverse proxies/);
  assert.throws(() => loadConfig({}, { VIGIE_TRUST_PROXY: '10.0.0.0/33' }), /VIGIE_TRUST_PROXY: each entry must be/);
  assert.throws(() => loadConfig({}, { VIGIE_TRUST_PROXY: 'proxy.internal' }), /VIGIE_TRUST_PROXY: each entry must be/);
});

describeEachStore('the address the moderation log keeps for a sign-in behind a proxy', (store) => {
  test('a forged left-most X-Forwarded-For is not what the log records', async () => {
    const t = await buildTestApp(store(), { http: { trustProxy: ['10.0.0.0/8'] } });
    try {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/staff/session',
        remoteAddress: '10.1.2.3',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.99, 198.51.100.7' },
        payload: { username: 'nobody', password: 'not the password', totp: '000000' },
      });
      assert.equal(res.statusCode, 401);
      const failed = await t.ctx.store.db.selectFrom('events').select('payload_json').where('type', '=', 'staff.sign_in_failed').execute();
      assert.deepEqual(
        failed.map((e) => (JSON.parse(e.payload_json) as { ip: string }).ip),
        ['198.51.100.7'],
      );
    } finally {
      await t.app.close();
    }
  });
});
