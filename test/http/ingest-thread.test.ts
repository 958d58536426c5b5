// The SQLite ingest writer on a thread of its own (VIGIE_INGEST_THREAD=true): the same
// answers as in process, batches sent over whole, the thread closed with the app.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../src/store/store.js';
import { buildTestApp, type TestApp } from '../support/app.js';

let dir: string;
let store: Store;
let t: TestApp;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigie-thread-'));
  writeFileSync(join(dir, 'urls.txt'), 'listed.example.com/dir/\n');
  store = await Store.open({ dataDir: dir });
  t = await buildTestApp(store, { ingestThread: true, urlBanks: [{ name: 'local', format: 'plain', path: join(dir, 'urls.txt'), verified: false }] });
});

after(async () => {
  await t?.app.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const body = (id: string, text = 'see you at practice') => ({ id, kind: 'post', author: { id: 'author-1', handle: 'a1' }, text, createdAt: '2026-11-28T11:00:00Z' });

test('concurrent posts are written in batches on the thread, with idempotency kept', async () => {
  const posts = Array.from({ length: 20 }, (_, i) => body(`thread-${i}`));
  const answers = await Promise.all(
    [...posts, posts[3]!, { ...posts[4]!, text: 'something else' }].map((payload) => t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(), payload })),
  );
  assert.deepEqual(
    answers.slice(0, 20).map((a) => a.statusCode),
    Array(20).fill(201),
  );
  assert.equal(answers[20]!.statusCode, 200, 'the same id and data again: the first answer');
  assert.equal(answers[20]!.json().replayed, true);
  assert.equal(answers[21]!.statusCode, 409, 'the same id with other data');
  const batches = (await t.ctx.metrics.ingestBatchSize.get()).values.find((v) => v.metricName === 'vigie_ingest_batch_size_count')!.value;
  assert.ok(batches < 22, `22 requests went over in ${batches} batches`);
  const got = await t.app.inject({ method: 'GET', url: '/v1/content/thread-7', headers: t.auth() });
  assert.equal(got.statusCode, 200);
  assert.equal(got.json().state.authorId, 'author-1');
  // One account registration and one ingest event per post, nothing for the replays.
  const types = await store.db.selectFrom('events').select(['type']).where('type', 'in', ['content.ingested', 'account.registered']).execute();
  assert.equal(types.filter((r) => r.type === 'content.ingested').length, 20);
  assert.equal(types.filter((r) => r.type === 'account.registered').length, 1);
});

test('text signals are recorded through the thread as in process', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(), payload: body('thread-age', 'hey how old are you btw?') });
  assert.equal(res.statusCode, 201, res.body);
  assert.ok(res.json().state.signals.some((s: { signal: string }) => s.signal === 'age-probing'));
});

test('a direct message is judged on the thread, with the URL banks loaded there too', async () => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/content',
    headers: t.auth(),
    payload: {
      id: 'thread-dm-1',
      kind: 'direct_message',
      author: { id: 'sender-9' },
      recipient: { id: 'recipient-9' },
      text: 'look at https://listed.example.com/dir/page',
      createdAt: '2026-11-28T11:00:00Z',
    },
  });
  assert.equal(res.statusCode, 201, res.body);
  assert.ok(
    res.json().state.signals.some((s: { signal: string; source: string }) => s.signal === 'link-bank' && s.source === 'url-bank:local'),
    JSON.stringify(res.json().state.signals),
  );
});
