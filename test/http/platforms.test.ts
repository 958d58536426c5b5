// One vigie serving two platforms: every attack of the hostile probe (issue 10, item 14)
// replayed with a second platform's key, on both stores. Platform B's key must not read,
// confirm or change anything of platform A's, even naming the same ids; each platform's
// webhooks, signup checks and staff see only their own; the log stays verifiable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../support/stores.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { patternImage } from '../support/images.js';
import { hashImageBytes } from '../../src/detect/media/index.js';
import { createBank } from '../../src/services/banks/create-bank.js';
import { importEntries } from '../../src/services/banks/import-entries.js';
import { createApiKey } from '../../src/services/api-keys/create-api-key.js';
import { createEndpoint } from '../../src/services/webhooks/endpoints.js';
import { createPlatform } from '../../src/services/platforms/platforms.js';
import { verifyLog } from '../../src/services/log/verify-log.js';
import { eventsOf } from '../../src/store/log-store.js';
import { ServiceError } from '../../src/services/errors.js';
import { addStaff, signIn, CHEAP_HASHING } from './staff-harness.js';

const SYSTEM = { kind: 'system' as const, id: null };

describeEachStore('platforms kept apart', (store) => {
  let t: TestApp;
  let keyA: string;
  let keyB: string;
  const at = () => t.clock.now.toISOString();

  const post = (key: string, id: string, author: string, extra: Record<string, unknown> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: t.auth(key),
      payload: { id, kind: 'post', author: { id: author }, text: 'a plain post', createdAt: at(), ...extra },
    });

  async function ready(): Promise<void> {
    if (t) return;
    t = await buildTestApp(store(), { webhooks: { allowPrivate: true }, passwordHashing: CHEAP_HASHING });
    // Platform A is the default one (the key buildTestApp made); B is registered.
    keyA = t.key;
    await createPlatform(store(), { id: 'forum-b', name: 'Forum B', actor: SYSTEM, at: at() });
    keyB = (await createApiKey(store(), { name: 'forum-b key', platform: 'forum-b', actor: SYSTEM, at: at() }, null)).key;
  }

  test('the same ids on two platforms are two subjects: B neither sees nor changes A’s', async () => {
    await ready();
    assert.equal((await t.app.inject({ method: 'PUT', url: '/v1/accounts/u-1', headers: t.auth(keyA), payload: { minor: false } })).statusCode, 201);
    assert.equal((await post(keyA, 'p-1', 'u-1')).statusCode, 201);

    // Reading A's account and content with B's key: not found, not "forbidden" (B learns nothing).
    for (const url of ['/v1/accounts/u-1', '/v1/content/p-1']) {
      const res = await t.app.inject({ method: 'GET', url, headers: t.auth(keyB) });
      assert.equal(res.statusCode, 404, `${url}: ${res.body}`);
    }
    // Setting minor: true with B's key registers B's own u-1; A's is untouched.
    const put = await t.app.inject({ method: 'PUT', url: '/v1/accounts/u-1', headers: t.auth(keyB), payload: { minor: true } });
    assert.equal(put.statusCode, 201, 'a new account of B, not an update of A');
    assert.equal(put.json().state.id, 'u-1', 'B is answered with its own id');
    const a = await t.app.inject({ method: 'GET', url: '/v1/accounts/u-1', headers: t.auth(keyA) });
    assert.equal(a.json().state.minor, false);

    // The same content id with other data is B's own item, not a conflict with A's.
    const bPost = await post(keyB, 'p-1', 'u-1', { text: 'something else' });
    assert.equal(bPost.statusCode, 201, bPost.body);
    assert.deepEqual([bPost.json().id, bPost.json().state.id, bPost.json().state.authorId], ['p-1', 'p-1', 'u-1']);
    // And each platform's replay is its own.
    assert.equal((await post(keyA, 'p-1', 'u-1')).json().replayed, true);
    assert.equal((await post(keyB, 'p-1', 'u-1', { text: 'something else' })).json().replayed, true);
  });

  test('B cannot confirm the deletion of A’s content (which could lift a lock)', async () => {
    await ready();
    assert.equal((await post(keyA, 'p-2', 'u-2')).statusCode, 201);
    const res = await t.app.inject({ method: 'POST', url: '/v1/content/p-2/confirmations', headers: t.auth(keyB), payload: { action: 'deleted' } });
    assert.equal(res.statusCode, 404, res.body);
    const view = await t.app.inject({ method: 'GET', url: '/v1/content/p-2', headers: t.auth(keyA) });
    assert.equal(view.json().state.status, 'active');
    assert.deepEqual(
      (await eventsOf(store().db, { kind: 'content', id: 'p-2' })).map((e) => e.type),
      ['content.ingested'],
    );
  });

  test('an action on B’s content goes to B’s endpoints only, named by B’s ids', async () => {
    await ready();
    const endpointA = (await createEndpoint(store(), { url: 'http://127.0.0.1:9/a', actor: SYSTEM, at: at() }, { allowPrivate: true }, null)).endpoint;
    const endpointB = (
      await createEndpoint(store(), { url: 'http://127.0.0.1:9/b', platform: 'forum-b', actor: SYSTEM, at: at() }, { allowPrivate: true }, null)
    ).endpoint;
    assert.equal(endpointB.platform, 'forum-b');

    // A benign generated image on a verified bank plays the part of known material.
    const bytes = await patternImage(4101);
    const bank = await createBank(store(), { name: 'platforms-test-bank', hashType: 'pdq', source: 'internal', verified: true }, SYSTEM, at());
    const { added } = await importEntries(store(), bank, [{ hash: (await hashImageBytes(bytes)).pdq, label: 'stand-in' }], SYSTEM, at());
    t.ctx.knownMaterial.addEntries(added, bank);

    const res = await post(keyB, 'p-known', 'u-known', { media: [{ id: 'm1', data: bytes.toString('base64') }] });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().state.status, 'removed');
    assert.equal(res.json().state.authorId, 'u-known');

    const rows = await store().db.selectFrom('webhook_deliveries').select(['endpoint_id', 'payload_json']).execute();
    const toB = rows.filter((r) => r.endpoint_id === endpointB.id).map((r) => JSON.parse(r.payload_json).action);
    assert.equal(rows.filter((r) => r.endpoint_id === endpointA.id).length, 0, 'A hears nothing of B’s actions');
    assert.deepEqual(toB.find((x) => x.kind === 'remove_content').subject, { kind: 'content', id: 'p-known' });
    assert.deepEqual(toB.find((x) => x.kind === 'suspend_account').subject, { kind: 'account', id: 'u-known' });
    for (const r of rows) assert.equal(r.payload_json.includes('\\u001f'), false, 'no internal id leaves vigie');

    // A's account of the same name was never suspended.
    const aView = await t.app.inject({ method: 'GET', url: '/v1/accounts/u-known', headers: t.auth(keyA) });
    assert.equal(aView.statusCode, 404);
  });

  test('a signup check sees only the platform’s own suspended accounts', async () => {
    await ready();
    const identifiers = { email: 'evader.example@example.org', deviceIds: ['device-b-1'] };
    assert.equal((await t.app.inject({ method: 'PUT', url: '/v1/accounts/u-evader', headers: t.auth(keyB), payload: { identifiers } })).statusCode, 201);
    const bytes = await patternImage(4101);
    assert.equal((await post(keyB, 'p-evader', 'u-evader', { media: [{ id: 'm1', data: bytes.toString('base64') }] })).json().state.status, 'removed');

    const check = (key: string) => t.app.inject({ method: 'POST', url: '/v1/signups/check', headers: t.auth(key), payload: { identifiers } });
    const onB = await check(keyB);
    assert.equal(onB.json().decision, 'deny', onB.body);
    assert.ok(onB.json().matches.every((m: { accountId: string }) => m.accountId === 'u-evader'));
    const onA = await check(keyA);
    assert.deepEqual(onA.json(), { decision: 'allow', matches: [] });
  });

  test('staff limited to one platform see only its log, keys and endpoints, and cannot act for another', async () => {
    await ready();
    const lead = await addStaff(t, 'forum-b-admin', 'admin', undefined, ['forum-b']);
    const s = await signIn(t, lead);

    const log = await t.app.inject({ method: 'GET', url: '/v1/log?limit=1000', headers: s.headers() });
    assert.equal(log.statusCode, 200, log.body);
    const events = log.json().events as { subject: { kind: string; id: string; platform: string | null } }[];
    assert.ok(events.length > 0);
    assert.ok(events.every((e) => e.subject.platform === 'forum-b' && !e.subject.id.includes('\u001f')));
    const one = await t.app.inject({ method: 'GET', url: '/v1/log?subjectKind=content&subjectId=p-1', headers: s.headers() });
    assert.ok(one.json().events.length > 0 && one.json().events.every((e: { subject: { id: string; platform: string } }) => e.subject.platform === 'forum-b'));
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/log?platform=default', headers: s.headers() })).statusCode, 403);

    const keys = await t.app.inject({ method: 'GET', url: '/v1/admin/api-keys', headers: s.headers() });
    assert.deepEqual([...new Set(keys.json().apiKeys.map((k: { platform: string }) => k.platform))], ['forum-b']);
    const forA = await t.app.inject({ method: 'POST', url: '/v1/admin/api-keys', headers: s.headers(), payload: { name: 'sneaky', platform: 'default' } });
    assert.equal(forA.statusCode, 403, forA.body);
    const own = await t.app.inject({ method: 'POST', url: '/v1/admin/api-keys', headers: s.headers(), payload: { name: 'own' } });
    assert.equal(own.statusCode, 201, own.body);
    assert.equal(own.json().apiKey.platform, 'forum-b', 'a member of one platform makes keys for it');

    const endpoints = await t.app.inject({ method: 'GET', url: '/v1/admin/webhooks/endpoints', headers: s.headers() });
    assert.ok(endpoints.json().endpoints.every((e: { platform: string }) => e.platform === 'forum-b'));
    const aEndpoint = (await store().db.selectFrom('webhook_endpoints').select('id').where('platform_id', '=', 'default').executeTakeFirstOrThrow()).id;
    const pause = await t.app.inject({ method: 'PATCH', url: `/v1/admin/webhooks/endpoints/${aEndpoint}`, headers: s.headers(), payload: { active: false } });
    assert.equal(pause.statusCode, 404, 'another platform’s endpoint does not exist for them');

    // Staff and platforms are the operator's: a member of one platform cannot grant themselves more.
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/staff/users', headers: s.headers() })).statusCode, 403);
    const made = await t.app.inject({ method: 'POST', url: '/v1/admin/platforms', headers: s.headers(), payload: { id: 'forum-c', name: 'C' } });
    assert.equal(made.statusCode, 403);
    const listed = await t.app.inject({ method: 'GET', url: '/v1/admin/platforms', headers: s.headers() });
    assert.deepEqual(
      listed.json().platforms.map((p: { id: string }) => p.id),
      ['forum-b'],
    );
  });

  test('platform ids are checked, a key cannot name a platform that does not exist, and the log verifies', async () => {
    await ready();
    await assert.rejects(
      createPlatform(store(), { id: 'Bad Id', name: 'x', actor: SYSTEM, at: at() }),
      (e) => e instanceof ServiceError && e.kind === 'invalid',
    );
    await assert.rejects(
      createPlatform(store(), { id: 'forum-b', name: 'again', actor: SYSTEM, at: at() }),
      (e) => e instanceof ServiceError && e.kind === 'conflict',
    );
    await assert.rejects(
      createApiKey(store(), { name: 'orphan', platform: 'nowhere', actor: SYSTEM, at: at() }, null),
      (e) => e instanceof ServiceError && e.kind === 'invalid',
    );
    // An id with the separator inside is refused at the edge, so no platform can forge another's.
    const forged = await post(keyA, 'forum-b\u001fp-1', 'u-1');
    assert.equal(forged.statusCode, 400, forged.body);
    const report = await verifyLog(store());
    assert.equal(report.ok, true, JSON.stringify(report));
  });
});
