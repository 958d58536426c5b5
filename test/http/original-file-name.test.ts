// The uploader's original file name (NCMEC's fileDetails/originalFileName), on both stores:
// given as a media item's originalFileName (JSON) or as a multipart part's filename, checked
// at the edge by the id rule (no control, bidirectional-override or zero-width character;
// 255 characters at most), kept verbatim with the media row otherwise, and never used as a
// path: the vault names files by their SHA-256 whatever the uploader called them.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describeEachStore } from '../support/stores.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { patternImage } from '../support/images.js';
import { freshId } from '../support/seed.js';
import type { Store } from '../../src/store/store.js';
import { filesUnder } from '../support/clear-bytes.js';

const item = (id: string, media: object[]) => ({ id, kind: 'post', author: { id: 'name-author' }, media, createdAt: '2026-11-28T11:59:00Z' });

function multipart(boundary: string, content: object, files: Record<string, { bytes: Buffer; disposition: string }>): Buffer {
  const chunks: Buffer[] = [
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="content"\r\ncontent-type: application/json\r\n\r\n${JSON.stringify(content)}\r\n`),
  ];
  for (const [name, f] of Object.entries(files)) {
    chunks.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"; ${f.disposition}\r\ncontent-type: image/png\r\n\r\n`));
    chunks.push(f.bytes, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

describeEachStore('original file names at ingest', (store) => {
  let t: TestApp;
  let seed = 7100;
  after(async () => t?.app.close());
  const ready = async () => (t ??= await buildTestApp(store()));
  const post = (payload: object) => t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(), payload });
  const postMultipart = (body: Buffer, boundary: string) =>
    t.app.inject({ method: 'POST', url: '/v1/content', headers: { ...t.auth(), 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
  const nameOf = async (db: Store['db'], contentId: string) =>
    (await db.selectFrom('media').select('original_file_name').where('content_id', '=', contentId).executeTakeFirstOrThrow()).original_file_name;

  test('JSON: kept verbatim, "../../etc/passwd" included, and never a path: the vault names the file by its SHA-256', async () => {
    await ready();
    const bytes = await patternImage(seed++);
    const id = freshId('named');
    const res = await post(item(id, [{ id: 'm1', data: bytes.toString('base64'), originalFileName: '../../etc/passwd' }]));
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(await nameOf(store().db, id), '../../etc/passwd');
    const sha = createHash('sha256').update(bytes).digest('hex');
    const files = filesUnder(store().location.dataDir);
    assert.ok(
      files.some((f) => f.includes(sha)),
      'stored under its digest',
    );
    assert.ok(!files.some((f) => /passwd/.test(f)), files.join());
    assert.ok(!existsSync(join(dirname(store().location.dataDir), 'etc', 'passwd')), 'nothing written beside the data folder');

    const detected = await store().db.selectFrom('media').select('detected_type').where('content_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(detected.detected_type, 'image/png', 'the bytes tell the type, whatever the name');
    const none = freshId('unnamed');
    assert.equal((await post(item(none, [{ id: 'm1', data: bytes.toString('base64') }]))).statusCode, 201);
    assert.equal(await nameOf(store().db, none), null, 'no name given, none kept');
  });

  test('JSON: a bidirectional override, a zero-width or control character, an empty or over-long name are refused with a 400; nothing stored', async () => {
    await ready();
    const data = (await patternImage(seed++)).toString('base64');
    for (const name of ['invoice\u202Egnp.exe', 'a\u200Bb.png', 'line\nbreak.png', '', 'x'.repeat(256)]) {
      const id = freshId('hostile');
      const res = await post(item(id, [{ id: 'm1', data, originalFileName: name }]));
      assert.equal(res.statusCode, 400, `${JSON.stringify(name)}: ${res.body}`);
      assert.match(res.headers['content-type'] as string, /problem\+json/);
      assert.match(res.body, /originalFileName/);
      assert.equal(await store().db.selectFrom('content').select('id').where('id', '=', id).executeTakeFirst(), undefined);
    }
    const id = freshId('long-ok');
    assert.equal((await post(item(id, [{ id: 'm1', data, originalFileName: `${'x'.repeat(251)}.png` }]))).statusCode, 201, '255 characters pass');
  });

  test('multipart: the part’s filename unless the item names it; a path keeps only its last part; a bidi override (RFC 5987 form) is refused', async () => {
    await ready();
    const boundary = 'name-boundary';
    const cases: { item?: object; disposition: string; expect: string | number }[] = [
      { disposition: 'filename="holiday.png"', expect: 'holiday.png' },
      { item: { originalFileName: 'from-json.png' }, disposition: 'filename="from-part.png"', expect: 'from-json.png' },
      // busboy keeps only the last component of a part's path (its preservePath is off).
      { disposition: 'filename="../../etc/passwd"', expect: 'passwd' },
      { disposition: "filename*=utf-8''caf%C3%A9.png", expect: 'café.png' },
      { disposition: "filename*=utf-8''invoice%E2%80%AEgnp.exe", expect: 400 },
    ];
    for (const c of cases) {
      const id = freshId('mp-named');
      const bytes = await patternImage(seed++);
      const res = await postMultipart(multipart(boundary, item(id, [{ id: 'p', ...c.item }]), { p: { bytes, disposition: c.disposition } }), boundary);
      if (typeof c.expect === 'number') {
        assert.equal(res.statusCode, c.expect, res.body);
        assert.match(res.body, /originalFileName/);
        assert.equal(await store().db.selectFrom('content').select('id').where('id', '=', id).executeTakeFirst(), undefined);
      } else {
        assert.equal(res.statusCode, 201, `${c.disposition}: ${res.body}`);
        assert.equal(await nameOf(store().db, id), c.expect, c.disposition);
      }
    }
  });

  test('a replay under another name is the same item: the first name is kept', async () => {
    await ready();
    const data = (await patternImage(seed++)).toString('base64');
    const id = freshId('replayed');
    assert.equal((await post(item(id, [{ id: 'm1', data, originalFileName: 'first.png' }]))).statusCode, 201);
    const again = await post(item(id, [{ id: 'm1', data, originalFileName: 'second.png' }]));
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().replayed, true);
    assert.equal(await nameOf(store().db, id), 'first.png');
  });
});
