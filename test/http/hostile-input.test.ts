// Strings a hostile or buggy client can send, on both stores (issue 10, items 1, 3 and 16).
// Before: `{"id":"sur\ud800"}` (valid JSON) answered 201, the chain hashed the string as
// JavaScript held it, the database kept U+FFFD, and `vigie verify` reported the log altered
// for good; a NUL answered 500 "retry" on PostgreSQL, forever, and 201 on SQLite. Now each
// is a 400 naming the field, nothing is stored, and the log still verifies.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../support/stores.js';
import { addStaff, signIn, staffTestApp } from './staff-harness.js';
import type { InjectOptions } from 'fastify';
import type { TestApp } from '../support/app.js';
import type { Store } from '../../src/store/store.js';
import { countEvents } from '../../src/store/log-store.js';
import { verifyLog } from '../../src/services/log/verify-log.js';

const item = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: 'post',
  author: { id: 'acct-1', handle: 'first.user' },
  text: 'a plain post about the weather',
  links: ['https://example.org/weather'],
  createdAt: '2026-11-28T11:59:00Z',
  ...extra,
});

/** Code points an id may not hold: C0, DEL, C1, zero-width, bidi embeddings/overrides/isolates, invisible operators, BOM. */
const FORBIDDEN_IN_IDS = [
  0x01, 0x09, 0x0a, 0x1b, 0x1f, 0x7f, 0x80, 0x85, 0x9f, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2060, 0x2061, 0x2064,
  0x2066, 0x2067, 0x2068, 0x2069, 0xfeff,
];

async function snapshot(store: Store) {
  return {
    events: await countEvents(store.db),
    content: (await store.db.selectFrom('content').select('id').execute()).length,
    accounts: (await store.db.selectFrom('accounts').select('id').execute()).length,
  };
}

describeEachStore('hostile strings at the edge', (store) => {
  let t: TestApp;
  const ready = async () => (t ??= await staffTestApp(store()));
  after(async () => t?.app.close());

  /** Sends a request that must be refused with 400 naming `path`, and checks that nothing was stored and the log verifies. */
  async function refused(request: InjectOptions, path: string | null, why?: RegExp): Promise<void> {
    const before = await snapshot(store());
    const res = await t.app.inject(request);
    assert.equal(res.statusCode, 400, `${path}: ${res.body}`);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    const body = res.json();
    if (path !== null) {
      const error = (body.errors as { path: string; message: string }[] | undefined)?.find((e) => e.path === path);
      assert.ok(error, `${path} is named: ${res.body}`);
      if (why) assert.match(error.message, why);
    }
    assert.deepEqual(await snapshot(store()), before, 'nothing was stored');
    const report = await verifyLog(store());
    assert.ok(report.ok, JSON.stringify(report));
  }

  const post = (payload: object | string) => ({
    method: 'POST' as const,
    url: '/v1/content',
    headers: { ...t.auth(), 'content-type': 'application/json' },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });

  test('a valid item to start from', async () => {
    await ready();
    const res = await t.app.inject(post(item('c-ok')));
    assert.equal(res.statusCode, 201, res.body);
  });

  test('a lone surrogate in the content id, author id, handle, text, link, media id, reply or recipient is refused', async () => {
    await ready();
    // The exact request of the probe, as bytes: \ud800 is a valid JSON escape.
    await refused(post('{"id":"sur\\ud800","kind":"post","author":{"id":"acct-1"},"createdAt":"2026-11-28T11:59:00Z"}'), 'body/id', /lone UTF-16 surrogate/);
    await refused(post(item('sur\udc00-low')), 'body/id', /surrogate/);
    await refused(post(item('c-s1', { author: { id: 'acct-\ud800' } })), 'body/author/id', /surrogate/);
    await refused(post(item('c-s2', { author: { id: 'acct-1', handle: 'name\ud83d' } })), 'body/author/handle', /surrogate/);
    await refused(post(item('c-s3', { text: 'half an emoji \ud83d at the end' })), 'body/text', /surrogate/);
    await refused(post(item('c-s4', { links: ['https://example.org/ok', 'https://example.org/\udfff'] })), 'body/links/1', /surrogate/);
    await refused(post(item('c-s5', { media: [{ id: 'm\ud800', data: 'AAAA' }] })), 'body/media/0/id', /surrogate/);
    await refused(post(item('c-s6', { inReplyTo: 'c-\ud800' })), 'body/inReplyTo', /surrogate/);
    await refused(post(item('c-s7', { kind: 'direct_message', recipient: { id: 'acct-\udbff' } })), 'body/recipient/id', /surrogate/);
  });

  test('a lone surrogate in an account (id, handle, identifiers) or a signup check is refused', async () => {
    await ready();
    const put = (id: string, body: object) => ({
      method: 'PUT' as const,
      url: `/v1/accounts/${id}`,
      headers: { ...t.auth(), 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    // A URL cannot carry a lone surrogate: its percent-encoding is not UTF-8, a bad URL.
    await refused(put('acct-%ED%A0%80', { handle: 'someone' }), null);
    await refused(put('acct-9', { handle: 'someone\ud800' }), 'body/handle', /surrogate/);
    await refused(put('acct-9', { identifiers: { email: 'a\ud800@example.org' } }), 'body/identifiers/email', /surrogate/);
    await refused(put('acct-9', { identifiers: { deviceIds: ['dev-1', 'dev-\udc00'] } }), 'body/identifiers/deviceIds/1', /surrogate/);
    await refused(
      {
        method: 'POST',
        url: '/v1/signups/check',
        headers: { ...t.auth(), 'content-type': 'application/json' },
        payload: JSON.stringify({ identifiers: { phone: '+33 6 12\ud800' }, accountId: 'new-1' }),
      },
      'body/identifiers/phone',
      /surrogate/,
    );
  });

  test('a NUL character is refused in ids and in text alike, on both stores', async () => {
    await ready();
    await refused(post(item('nul\u0000id')), 'body/id');
    await refused(post(item('c-n1', { author: { id: 'acct-\u0000' } })), 'body/author/id');
    await refused(post(item('c-n2', { text: 'before\u0000after' })), 'body/text', /NUL/);
    await refused(post(item('c-n3', { author: { id: 'acct-1', handle: 'a\u0000b' } })), 'body/author/handle', /NUL/);
    await refused(post(item('c-n4', { links: ['https://example.org/\u0000'] })), 'body/links/0', /NUL/);
    // The same request sent again is refused the same way: never a 500 asking for a retry that cannot succeed.
    await refused(post(item('c-n2', { text: 'before\u0000after' })), 'body/text', /NUL/);
    // In a path: %00 decodes to NUL.
    const read = await t.app.inject({ method: 'GET', url: '/v1/content/nul%00id', headers: t.auth() });
    assert.equal(read.statusCode, 400, read.body);
    const confirm = await t.app.inject({ method: 'POST', url: '/v1/content/c-ok%00/confirmations', headers: t.auth(), payload: { action: 'deleted' } });
    assert.equal(confirm.statusCode, 400, confirm.body);
    await refused({ method: 'PUT', url: '/v1/accounts/acct%00', headers: t.auth(), payload: { handle: 'x' } }, 'params/id');
  });

  test('ids with control, bidirectional-override or zero-width characters are refused', async () => {
    await ready();
    for (const cp of FORBIDDEN_IN_IDS) {
      const hidden = String.fromCodePoint(cp);
      const label = `U+${cp.toString(16).padStart(4, '0').toUpperCase()}`;
      const res = await t.app.inject(post(item(`c-${hidden}-1`)));
      assert.equal(res.statusCode, 400, `${label} in a content id: ${res.body}`);
      assert.equal(res.json().errors[0].path, 'body/id', label);
      const author = await t.app.inject(post(item(`c-ok-${cp}`, { author: { id: `acct${hidden}1` } })));
      assert.equal(author.statusCode, 400, `${label} in an author id: ${author.body}`);
      const account = await t.app.inject({ method: 'PUT', url: `/v1/accounts/${encodeURIComponent(`acct${hidden}2`)}`, headers: t.auth(), payload: {} });
      assert.equal(account.statusCode, 400, `${label} in an account id: ${account.body}`);
    }
    assert.deepEqual(
      (await store().db.selectFrom('content').select('id').execute()).map((r) => r.id),
      ['c-ok'],
    );
    const report = await verifyLog(store());
    assert.ok(report.ok, JSON.stringify(report));
  });

  test('ids in any script, with emoji, are taken; free text keeps its marks, joiners and tabs', async () => {
    await ready();
    const ids = ['пост-1', '投稿-1', 'منشور-1', 'post-🙂', 'e\u0301te'];
    for (const id of ids) {
      const res = await t.app.inject(post(item(id, { author: { id: `acct-${id}`, handle: 'نام \u200f كاربر' } })));
      assert.equal(res.statusCode, 201, `${id}: ${res.body}`);
      const read = await t.app.inject({ method: 'GET', url: `/v1/content/${encodeURIComponent(id)}`, headers: t.auth() });
      assert.equal(read.statusCode, 200, read.body);
      assert.equal(read.json().state.id, id);
    }
    // A user's text is recorded as written: an odd character must not keep a post from being scanned.
    const text = 'family 👩‍👩‍👧 \u202eright-to-left\u202c\ttabbed\r\nnext line \u0007 bell';
    const res = await t.app.inject(post(item('c-text', { text })));
    assert.equal(res.statusCode, 201, res.body);
    const row = await store().db.selectFrom('content').select('text').where('id', '=', 'c-text').executeTakeFirstOrThrow();
    assert.equal(row.text, text);
    const report = await verifyLog(store());
    assert.ok(report.ok, JSON.stringify(report));
  });

  test('createdAt before 1990 or more than 24 hours ahead of the server clock is refused, naming the field', async () => {
    await ready();
    // The test clock reads 2026-11-28T12:00:00Z.
    await refused(post(item('c-t1', { createdAt: '1989-12-31T23:59:59Z' })), 'body/createdAt', /before 1990-01-01/);
    await refused(post(item('c-t2', { createdAt: '0001-01-01T00:00:00Z' })), 'body/createdAt', /before 1990-01-01/);
    await refused(post(item('c-t3', { createdAt: '2026-11-29T12:00:01Z' })), 'body/createdAt', /24 hours/);
    await refused(post(item('c-t4', { createdAt: '9999-12-31T23:59:59+14:00' })), 'body/createdAt', /24 hours/);
    const res = await t.app.inject(post(item('c-t3', { createdAt: '2026-11-28T12:00:01Z' })));
    assert.equal(res.statusCode, 201, res.body);
    const edgeFuture = await t.app.inject(post(item('c-t5', { createdAt: '2026-11-29T12:00:00Z' })));
    assert.equal(edgeFuture.statusCode, 201, edgeFuture.body);
    const edgePast = await t.app.inject(post(item('c-t6', { createdAt: '1990-01-01T00:00:00+00:00' })));
    assert.equal(edgePast.statusCode, 201, edgePast.body);
    const refusedDetail = await t.app.inject(post(item('c-t7', { createdAt: '1970-01-01T00:00:00Z' })));
    assert.equal(refusedDetail.json().detail, 'createdAt is before 1990-01-01');
    const account = (createdAt: string) => ({ method: 'PUT' as const, url: '/v1/accounts/acct-t', headers: t.auth(), payload: { createdAt } });
    await refused(account('1985-06-01T00:00:00Z'), 'body/createdAt', /before 1990-01-01/);
    await refused(account('2030-01-01T00:00:00Z'), 'body/createdAt', /24 hours/);
    assert.equal((await t.app.inject(account('2020-06-01T00:00:00Z'))).statusCode, 201);
  });

  test('staff fields: usernames as ids, names, passwords and reasons as text', async () => {
    await ready();
    const admin = await addStaff(t, 'admin-hostile', 'admin');
    const session = await signIn(t, admin);
    const create = (body: object) => ({
      method: 'POST' as const,
      url: '/v1/staff/users',
      headers: { ...session.headers(), 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    const good = { username: 'reviewer-1', role: 'reviewer', password: 'a long enough password 1' };
    await refused(create({ ...good, username: 'admin\u202enimda' }), 'body/username', /control, bidirectional-override or zero-width/);
    await refused(create({ ...good, username: 'admin\u200b' }), 'body/username');
    await refused(create({ ...good, username: 'adm\ud800' }), 'body/username', /surrogate/);
    await refused(create({ ...good, displayName: 'Name\ud800' }), 'body/displayName', /surrogate/);
    await refused(create({ ...good, password: 'a long enough password \u0000' }), 'body/password', /NUL/);
    await refused(
      {
        method: 'POST',
        url: '/v1/admin/api-keys',
        headers: { ...session.headers(), 'content-type': 'application/json' },
        payload: JSON.stringify({ name: 'key \ud800' }),
      },
      'body/name',
      /surrogate/,
    );
    await refused(
      {
        method: 'POST',
        url: '/v1/admin/webhooks/endpoints',
        headers: { ...session.headers(), 'content-type': 'application/json' },
        payload: JSON.stringify({ url: 'https://example.org/\ud800' }),
      },
      'body/url',
      /surrogate/,
    );
    const signInRes = await t.app.inject({
      method: 'POST',
      url: '/v1/staff/session',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'admin-hostile\u0000', password: 'x', totp: '123456' }),
    });
    assert.equal(signInRes.statusCode, 400, signInRes.body);
    const made = await t.app.inject(create(good));
    assert.equal(made.statusCode, 201, made.body);
  });

  test('after every refusal the log verifies and holds only what was accepted', async () => {
    await ready();
    const report = await verifyLog(store());
    assert.ok(report.ok, JSON.stringify(report));
    assert.equal(report.badEventCount, 0);
  });
});
