// What every answer looks like, errors included (issue 10, item 15): problem+json whatever
// raised the error (a route, Fastify's router, Node's HTTP parser), never an echo of the
// request, nosniff and a restrictive CSP on every answer, and /metrics behind a token when
// the operator sets one. Errors Node's parser raises cannot be made by inject(): those are
// sent as raw bytes to a listening server.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachStore } from '../support/stores.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { loadConfig } from '../../src/config/config.js';

// A string that must never come back: it would be how a crafted link injects markup.
const MARKER = 'zqxMARKERzqx';
const CSP = "default-src 'none'; frame-ancestors 'none'";
const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

function assertSecurityHeaders(headers: Record<string, unknown>, what: string): void {
  assert.equal(headers['x-content-type-options'], 'nosniff', `${what}: nosniff`);
  assert.equal(headers['content-security-policy'], CSP, `${what}: CSP`);
}

function assertProblem(res: LightMyRequestResponse, status: number, what: string): Record<string, unknown> {
  assert.equal(res.statusCode, status, `${what}: ${res.body}`);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/, what);
  assertSecurityHeaders(res.headers, what);
  assert.ok(!res.body.includes(MARKER), `${what} echoes the request: ${res.body}`);
  const body = res.json() as Record<string, unknown>;
  assert.equal(body.status, status, what);
  assert.equal(typeof body.title, 'string', what);
  assert.match(String(body.type), /^urn:vigie:problem:/, what);
  assert.equal(body.instance, undefined, `${what}: no instance (it was the URL)`);
  return body;
}

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  text: string;
}

/** Writes `bytes` to the server and reads until it closes the connection. */
function raw(port: number, bytes: string | Buffer): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no answer within 5 s'));
    }, 5000);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', () => undefined); // a reset after the answer is fine
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => {
          const i = l.indexOf(':');
          return [l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim()];
        }),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n'), text });
    });
    socket.write(bytes);
  });
}

function assertRawProblem(answer: RawAnswer, status: number, what: string): void {
  assert.equal(answer.status, status, `${what}: ${answer.text.slice(0, 300)}`);
  assert.match(answer.headers['content-type'] ?? '', /^application\/problem\+json/, what);
  assertSecurityHeaders(answer.headers, what);
  assert.ok(!answer.text.includes(MARKER), `${what} echoes the request`);
  const body = JSON.parse(answer.body) as Record<string, unknown>;
  assert.equal(body.status, status, what);
  assert.equal(body.instance, undefined, what);
}

describeEachStore('every answer', (store) => {
  let t: TestApp;
  let port: number;
  before(async () => {
    t = await buildTestApp(store(), { http: { bodyLimit: 64 * 1024 } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
  });
  after(async () => t?.app.close());

  const post = (payload: object) => ({ method: 'POST' as const, url: '/v1/content', headers: t.auth(), payload });
  const item = (id: string) => ({ id, kind: 'post', author: { id: 'acct-1' }, text: 'a plain post', createdAt: '2026-11-28T11:59:00Z' });

  test('successful answers carry nosniff and the CSP', async () => {
    for (const [what, res] of [
      ['health', await t.app.inject({ method: 'GET', url: '/health' })],
      ['policy', await t.app.inject({ method: 'GET', url: '/v1/policy' })],
      ['openapi', await t.app.inject({ method: 'GET', url: '/openapi.json' })],
      ['ingest', await t.app.inject(post(item('c-1')))],
      ['read', await t.app.inject({ method: 'GET', url: '/v1/content/c-1', headers: t.auth() })],
    ] as const) {
      assert.ok(res.statusCode < 300, `${what}: ${res.body}`);
      assertSecurityHeaders(res.headers, what);
    }
  });

  test('a 404 is problem+json and echoes neither the path nor the query', async () => {
    const route = await t.app.inject({ method: 'GET', url: `/nope/${MARKER}?q=${MARKER}` });
    const body = assertProblem(route, 404, 'unknown route');
    assert.equal(body.detail, 'no route answers this method and path');
    const html = await t.app.inject({ method: 'GET', url: `/%3Cscript%3E${MARKER}%3C/script%3E` });
    assertProblem(html, 404, 'unknown route with markup');
    assertProblem(await t.app.inject({ method: 'GET', url: `/v1/content/${MARKER}`, headers: t.auth() }), 404, 'unknown content');
    assertProblem(await t.app.inject({ method: 'GET', url: `/v1/accounts/${MARKER}`, headers: t.auth() }), 404, 'unknown account');
  });

  test('client errors of every kind are problem+json without an echo', async () => {
    // 400: a malformed percent-encoding (FST_ERR_BAD_URL, raised by the router).
    assertProblem(await t.app.inject({ method: 'GET', url: `/v1/content/%E0%A4%A${MARKER}`, headers: t.auth() }), 400, 'bad URL');
    // 414: a path segment longer than any id can be (FST_ERR_MAX_PARAM_LENGTH).
    assertProblem(await t.app.inject({ method: 'GET', url: `/v1/content/${'x'.repeat(2400)}${MARKER}`, headers: t.auth() }), 414, 'long segment');
    // ...while the longest id, every character percent-encoded, still reaches its route.
    const longest = encodeURIComponent('ф'.repeat(256));
    assertProblem(await t.app.inject({ method: 'GET', url: `/v1/content/${longest}`, headers: t.auth() }), 404, 'longest id');
    // 400: a schema violation; 401: no key.
    assertProblem(await t.app.inject(post({ ...item('c-2'), kind: MARKER })), 400, 'schema');
    assertProblem(await t.app.inject({ method: 'POST', url: '/v1/content', payload: item('c-3') }), 401, 'no key');
    // 400: malformed JSON; JSON.parse's own message would quote the body.
    const json = await t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: { ...t.auth(), 'content-type': 'application/json' },
      payload: `{"id": "${MARKER}", oops`,
    });
    assert.match(String(assertProblem(json, 400, 'malformed JSON').detail), /not valid JSON/i);
    // 415: the content type sent is not repeated.
    const type = await t.app.inject({ method: 'POST', url: '/v1/content', headers: { ...t.auth(), 'content-type': `text/${MARKER}` }, payload: 'x' });
    assertProblem(type, 415, 'content type');
    // 413: over the body limit.
    assertProblem(await t.app.inject(post({ ...item('c-4'), text: 'x'.repeat(70 * 1024) })), 413, 'body too large');
    // 405-like and HEAD of an unknown route: still problem+json.
    assertProblem(await t.app.inject({ method: 'DELETE', url: '/v1/policy' }), 404, 'unknown method');
  });

  test('errors of the HTTP parser, on a real socket: 431, 400 bad request, and the router’s 400 and 414', async () => {
    const huge = await raw(port, `GET /health HTTP/1.1\r\nHost: x\r\nX-Fill: ${MARKER}${'a'.repeat(20_000)}\r\n\r\n`);
    assertRawProblem(huge, 431, 'header too large');
    const longUrl = await raw(port, `GET /health?${MARKER}${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    assertRawProblem(longUrl, 431, 'request line too large');
    const garbage = await raw(port, `${MARKER} \x01\x02 nonsense\r\n\r\n`);
    assertRawProblem(garbage, 400, 'not HTTP');
    const badHeader = await raw(port, `GET /health HTTP/1.1\r\nHost: x\r\nBad Header${MARKER}: y\r\n\r\n`);
    assertRawProblem(badHeader, 400, 'malformed header');
    const badUrl = await raw(port, `GET /v1/content/%E0%A4%A${MARKER} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assertRawProblem(badUrl, 400, 'bad URL on a socket');
    const longSegment = await raw(port, `GET /v1/content/${'y'.repeat(2400)}${MARKER} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assertRawProblem(longSegment, 414, 'long segment on a socket');
    // The server is still up and answering.
    const ok = await raw(port, 'GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.equal(ok.status, 200);
    assertSecurityHeaders(ok.headers, 'health on a socket');
  });

  test('without VIGIE_METRICS_TOKEN, /metrics is open', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /vigie_/);
    assertSecurityHeaders(res.headers, 'metrics');
  });
});

describeEachStore('/metrics behind a token', (store) => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp(store(), { secrets: { metricsToken: METRICS_TOKEN } });
  });
  after(async () => t?.app.close());

  test('needs Authorization: Bearer <token>; the scheme is case-insensitive', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/metrics' });
    assertProblem(none, 401, 'no token');
    assert.match(String(none.headers['www-authenticate']), /^Bearer /);
    assertProblem(await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${MARKER}` } }), 401, 'wrong token');
    assertProblem(await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}x` } }), 401, 'longer token');
    assertProblem(await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN.slice(0, -1)}` } }), 401, 'prefix');
    assertProblem(await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: METRICS_TOKEN } }), 401, 'no scheme');
    assertProblem(await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Basic ${METRICS_TOKEN}` } }), 401, 'other scheme');
    // A platform key is not the metrics token.
    assertProblem(await t.app.inject({ method: 'GET', url: '/metrics', headers: t.auth() }), 401, 'platform key');
    for (const authorization of [`Bearer ${METRICS_TOKEN}`, `bearer ${METRICS_TOKEN}`, `BEARER  ${METRICS_TOKEN}`]) {
      const ok = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization } });
      assert.equal(ok.statusCode, 200, `${authorization}: ${ok.body}`);
      assert.match(ok.body, /vigie_/);
    }
    // The rest of the API does not need it.
    assert.equal((await t.app.inject({ method: 'GET', url: '/health' })).statusCode, 200);
  });
});

test('VIGIE_METRICS_TOKEN is read from the environment, and a short one stops the start without repeating it', () => {
  assert.equal(loadConfig({}, { VIGIE_METRICS_TOKEN: METRICS_TOKEN }).secrets.metricsToken, METRICS_TOKEN);
  assert.equal(loadConfig({}, {}).secrets.metricsToken, undefined);
  assert.throws(
    () => loadConfig({}, { VIGIE_METRICS_TOKEN: 'short-secret' }),
    (err: Error) => err.message.startsWith('VIGIE_METRICS_TOKEN:') && !err.message.includes('short-secret'),
  );
});
