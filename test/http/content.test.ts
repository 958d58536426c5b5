import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import sharp from 'sharp';
import { describeEachStore } from '../support/stores.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createApiKey } from '../../src/services/api-keys/create-api-key.js';

const item = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: 'post',
  author: { id: 'acct-1', handle: 'first.user' },
  text: 'a plain post about the weather',
  links: ['https://example.org/weather'],
  createdAt: '2026-11-28T11:59:00Z',
  ...extra,
});

async function png(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 20, g: 120, b: 200 } } })
    .png()
    .toBuffer();
}

function multipartBody(boundary: string, content: object, files: Record<string, Buffer>): Buffer {
  const chunks: Buffer[] = [];
  chunks.push(
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="content"\r\ncontent-type: application/json\r\n\r\n${JSON.stringify(content)}\r\n`),
  );
  for (const [name, bytes] of Object.entries(files)) {
    chunks.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"; filename="holiday.jpg"\r\ncontent-type: image/jpeg\r\n\r\n`));
    chunks.push(bytes, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

describeEachStore('content API', (store, target) => {
  let t: TestApp;
  const ready = async () => (t ??= await buildTestApp(store()));
  after(async () => t?.app.close());

  test('ingest answers 201 with the state, then 200 with the same answer on a replay', async () => {
    await ready();
    const first = await t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(), payload: item('c-1') });
    assert.equal(first.statusCode, 201, first.body);
    const body = first.json();
    assert.equal(body.replayed, false);
    assert.equal(body.state.status, 'active');
    assert.equal(body.state.authorId, 'acct-1');
    t.clock.now = new Date('2026-11-28T12:05:00.000Z');
    const again = await t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(), payload: item('c-1') });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().replayed, true);
    assert.deepEqual(again.json().state, body.state);
    const got = await t.app.inject({ method: 'GET', url: '/v1/content/c-1', headers: t.auth() });
    assert.equal(got.statusCode, 200);
    assert.equal(got.json().events, 1);
  });

  test('the same id with other data is a conflict and changes nothing', async () => {
    await ready();
    const res = await t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(), payload: item('c-1', { text: 'edited' }) });
    assert.equal(res.statusCode, 409);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    const row = await store().db.selectFrom('content').select('text').where('id', '=', 'c-1').executeTakeFirstOrThrow();
    assert.equal(row.text, 'a plain post about the weather');
  });

  test('bad input is refused with a clear problem and nothing is stored', async () => {
    await ready();
    const unknown = await t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(), payload: item('c-bad', { colour: 'red' }) });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /Unrecognized key/);
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: { ...t.auth(), 'content-type': 'application/json' },
      payload: '{"id": "c-bad",',
    });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().title, 'Bad Request');
    const kind = await t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(), payload: item('c-bad', { kind: 'story' }) });
    assert.equal(kind.statusCode, 400);
    assert.equal(kind.json().errors[0].path, 'body/kind');
    const noBytes = await t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(), payload: item('c-bad', { media: [{ id: 'm1' }] }) });
    assert.equal(noBytes.statusCode, 400);
    const notBase64 = await t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: t.auth(),
      payload: item('c-bad', { media: [{ id: 'm1', data: '***' }] }),
    });
    assert.equal(notBase64.statusCode, 400);
    const row = await store().db.selectFrom('content').select('id').where('id', '=', 'c-bad').executeTakeFirst();
    assert.equal(row, undefined);
  });

  test('platform routes need a valid key with the right scope', async () => {
    await ready();
    assert.equal((await t.app.inject({ method: 'POST', url: '/v1/content', payload: item('c-2') })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth('vigie_nope'), payload: item('c-2') })).statusCode, 401);
    const { key } = await createApiKey(
      store(),
      {
        name: 'read only',
        scopes: ['content:read'],
        actor: { kind: 'system', id: null },
        at: t.clock.now.toISOString(),
      },
      null,
    );
    const res = await t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(key), payload: item('c-2') });
    assert.equal(res.statusCode, 403);
    assert.match(res.json().detail, /content:write/);
  });

  test('media sent as base64 are stored by digest and typed from their bytes', async () => {
    await ready();
    const bytes = await png();
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: t.auth(),
      payload: item('c-media', { media: [{ id: 'm1', mimeType: 'image/jpeg', data: bytes.toString('base64') }] }),
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().state.mediaCount, 1);
    const m = await store().db.selectFrom('media').selectAll().where('content_id', '=', 'c-media').executeTakeFirstOrThrow();
    assert.equal(m.detected_type, 'image/png');
    assert.equal(m.declared_type, 'image/jpeg');
    assert.equal(Number(m.size), bytes.length);
    assert.ok(existsSync(t.ctx.media.pathOf(m.sha256)));
  });

  test('media may come as multipart file parts named after their ids', async () => {
    await ready();
    const bytes = await png();
    const boundary = 'vigieboundary42';
    const payload = multipartBody(boundary, item('c-multi', { media: [{ id: 'photo-1' }] }), { 'photo-1': bytes });
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: { ...t.auth(), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    assert.equal(res.statusCode, 201, res.body);
    const m = await store().db.selectFrom('media').selectAll().where('content_id', '=', 'c-multi').executeTakeFirstOrThrow();
    assert.equal(m.media_id, 'photo-1');
    assert.equal(m.detected_type, 'image/png');
    const stray = multipartBody(boundary, item('c-multi-2', { media: [{ id: 'a' }] }), { a: bytes, b: bytes });
    const bad = await t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: { ...t.auth(), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: stray,
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().detail, /"b"/);
  });

  test('accounts are registered, updated only when something changed, and validated', async () => {
    await ready();
    const put = (body: object) => t.app.inject({ method: 'PUT', url: '/v1/accounts/acct-9', headers: t.auth(), payload: body });
    const created = await put({ handle: 'nine', identifiers: { email: 'Nine@Example.org', ips: ['192.0.2.7'] }, minor: false });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().state.handle, 'nine');
    const same = await put({ handle: 'nine', identifiers: { email: 'Nine@Example.org', ips: ['192.0.2.7'] } });
    assert.equal(same.statusCode, 200);
    assert.equal(same.json().changed, false);
    const changed = await put({ handle: 'nine-renamed' });
    assert.equal(changed.json().changed, true);
    assert.equal(changed.json().state.identifiers.email, 'Nine@Example.org');
    const bad = await put({ identifiers: { ips: ['not-an-ip'] } });
    assert.equal(bad.statusCode, 400);
    const got = await t.app.inject({ method: 'GET', url: '/v1/accounts/acct-9', headers: t.auth() });
    assert.equal(got.json().events, 2);
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/accounts/nobody', headers: t.auth() })).statusCode, 404);
  });

  test('health, metrics and the OpenAPI document answer', async () => {
    await ready();
    // The test clock was moved on with no periodic refresh running: bring the index up to date first.
    await t.ctx.knownMaterial.refresh();
    const health = await t.app.inject({ method: 'GET', url: '/health' });
    assert.equal(health.statusCode, 200);
    assert.equal(health.json().bankIndex.stale, false);
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    assert.match(metrics.body, /vigie_content_ingested_total\{outcome="created"\} \d+/);
    if (target.name === 'sqlite') {
      // Commits flushed off the event loop, fewer flushes than commits at most.
      const commits = Number(/^vigie_sqlite_commits_total (\d+)$/m.exec(metrics.body)?.[1]);
      const flushes = Number(/^vigie_sqlite_wal_flushes_total (\d+)$/m.exec(metrics.body)?.[1]);
      assert.ok(commits > 0 && flushes > 0 && flushes <= commits, `${commits} commits, ${flushes} flushes`);
      assert.match(metrics.body, /^vigie_sqlite_wal_flush_failed 0$/m);
    } else assert.doesNotMatch(metrics.body, /vigie_sqlite_/);
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    assert.equal(doc.openapi, '3.0.3');
    assert.ok(doc.paths['/v1/content'].post);
    assert.ok(doc.paths['/v1/accounts/{id}'].put);
    const missing = await t.app.inject({ method: 'GET', url: '/v2/nothing' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.headers['content-type'], 'application/problem+json; charset=utf-8');
  });
});

describeEachStore('content API limits', (store) => {
  test('a body over the limit is refused and the per-key rate limit applies', async () => {
    const t = await buildTestApp(store(), { http: { bodyLimit: 2048, rateLimitPerKey: 3 } });
    try {
      const big = await t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(), payload: item('c-big', { text: 'x'.repeat(4096) }) });
      assert.equal(big.statusCode, 413);
      const codes = [];
      for (let i = 0; i < 4; i++)
        codes.push((await t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(), payload: item(`c-rl-${i}`) })).statusCode);
      assert.deepEqual(codes.slice(0, 2), [201, 201]);
      assert.equal(codes[3], 429);
    } finally {
      await t.app.close();
    }
  });
});
