// Videos at ingest, over HTTP, on both stores: a benign clip the test generates with ffmpeg
// (a moving test pattern) plays the part of known material on a verified bank. Posted, it
// is removed and its author suspended through the one enforcement path, whether the bank
// holds the video's vPDQ hash or one of its frames as an image; an unrelated clip is not; a
// video over the caps is refused with a 413, and bytes that only look like a video are
// matched by their digests and accepted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachStore } from '../support/stores.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { makeClip, skipWithoutFfmpeg } from '../support/ffmpeg.js';
import { createBank } from '../../src/services/banks/create-bank.js';
import { importEntries } from '../../src/services/banks/import-entries.js';
import { formatVpdqValue, HASH_TYPE_DEFS } from '../../src/match/index.js';
import type { Store } from '../../src/store/store.js';
import { loadConfig } from '../../src/config/config.js';

const SYSTEM = { kind: 'system' as const, id: null };
const skip = skipWithoutFfmpeg();

let dir = '';
const clips = { known: Buffer.alloc(0), other: Buffer.alloc(0), long: Buffer.alloc(0) };
before(() => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'vigie-video-e2e-'));
  makeClip(join(dir, 'known.mp4'), { source: 'testsrc2', seconds: 2 });
  makeClip(join(dir, 'other.mp4'), { source: 'mandelbrot', seconds: 2 });
  makeClip(join(dir, 'long.mp4'), { source: 'testsrc2', seconds: 4, size: '64x48' });
  for (const name of ['known', 'other', 'long'] as const) clips[name] = readFileSync(join(dir, `${name}.mp4`));
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function post(t: TestApp, id: string, author: string, bytes: Buffer, mimeType = 'image/jpeg') {
  // The declared type is a lie on purpose: the kind is told by the bytes.
  return t.app.inject({
    method: 'POST',
    url: '/v1/content',
    headers: t.auth(),
    payload: {
      id,
      kind: 'post',
      author: { id: author },
      media: [{ id: 'v1', mimeType, data: bytes.toString('base64') }],
      createdAt: t.clock.now.toISOString(),
    },
  });
}

async function bankWith(store: Store, t: TestApp, hashType: 'vpdq' | 'pdq', hashes: string[]) {
  const bank = await createBank(store, { name: `verified-${hashType}`, hashType, source: 'internal', verified: true }, SYSTEM, new Date().toISOString());
  const entries = hashes.map((h) => {
    const checked = HASH_TYPE_DEFS[hashType].parse(h);
    assert.ok(checked.ok);
    return { hash: checked.hash, ...(checked.value ? { value: checked.value } : {}), label: 'test material stand-in' };
  });
  const { added } = await importEntries(store, bank, entries, SYSTEM, new Date().toISOString());
  t.ctx.knownMaterial.addEntries(added, bank);
}

describeEachStore('videos at ingest', (store) => {
  test('a clip on a verified vPDQ bank is removed at ingest and its author suspended', { skip }, async () => {
    const t = await buildTestApp(store());
    try {
      const { frames } = await t.ctx.videoHasher.hashVideo(clips.known, 'mp4');
      await bankWith(store(), t, 'vpdq', [formatVpdqValue(frames)]);
      // Reloaded from the database as another process would: the value column carries the frames.
      await t.ctx.knownMaterial.load();

      const other = await post(t, 'post-video-0', 'bystander', clips.other);
      assert.equal(other.statusCode, 201, other.body);
      assert.equal(other.json().state.status, 'active', 'an unrelated clip is not matched');

      const res = await post(t, 'post-video-1', 'uploader-1', clips.known);
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().state.status, 'removed');
      const account = await t.app.inject({ method: 'GET', url: '/v1/accounts/uploader-1', headers: t.auth() });
      assert.equal(account.json().state.status, 'suspended');
      const signal = await store()
        .db.selectFrom('events')
        .select('payload_json')
        .where('type', '=', 'signal.recorded')
        .where('subject_id', '=', 'post-video-1')
        .executeTakeFirstOrThrow();
      const evidence = JSON.parse(signal.payload_json).evidence;
      assert.equal(evidence.hashType, 'vpdq');
      assert.deepEqual(evidence.videoMatch, { uploadMatchPercent: 100, bankVideoMatchPercent: 100 });
      const media = await t.app.inject({ method: 'GET', url: '/v1/content/post-video-1', headers: t.auth() });
      assert.equal(media.statusCode, 200);
    } finally {
      await t.app.close();
    }
  });

  test('a clip one of whose frames is on a verified image bank is removed, the frame named', { skip }, async () => {
    const t = await buildTestApp(store());
    try {
      const { frames } = await t.ctx.videoHasher.hashVideo(clips.known, 'mp4');
      const frame = frames.find((f) => f.quality >= 50 && f.frameNumber > 5)!;
      await bankWith(store(), t, 'pdq', [frame.hash]);
      const res = await post(t, 'post-video-2', 'uploader-2', clips.known, 'video/mp4');
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().state.status, 'removed');
      const account = await t.app.inject({ method: 'GET', url: '/v1/accounts/uploader-2', headers: t.auth() });
      assert.equal(account.json().state.status, 'suspended');
      // The store is shared with the test before, whose vPDQ bank matches too: the image bank's signal is looked for.
      const signals = await store()
        .db.selectFrom('events')
        .select('payload_json')
        .where('type', '=', 'signal.recorded')
        .where('subject_id', '=', 'post-video-2')
        .execute();
      const evidence = signals.map((s) => JSON.parse(s.payload_json).evidence).find((e) => e.bankName === 'verified-pdq');
      assert.equal(evidence.hashType, 'pdq');
      assert.equal(typeof evidence.videoFrame.frameNumber, 'number');
    } finally {
      await t.app.close();
    }
  });

  test('sent as a multipart file part (spooled to disk, hashed from the file), the same clip is removed too', { skip }, async () => {
    const t = await buildTestApp(store());
    try {
      // The vPDQ bank of the first test is in this store.
      const boundary = 'video-boundary';
      const content = { id: 'post-video-7', kind: 'post', author: { id: 'uploader-7' }, media: [{ id: 'v1' }], createdAt: t.clock.now.toISOString() };
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="content"\r\ncontent-type: application/json\r\n\r\n${JSON.stringify(content)}\r\n`),
        Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="v1"; filename="holiday.png"\r\ncontent-type: image/png\r\n\r\n`),
        clips.known,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/content',
        headers: { ...t.auth(), 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().state.status, 'removed');
    } finally {
      await t.app.close();
    }
  });

  test('over the caps: a 413 naming the cap; bytes that only look like a video: accepted, matched by digests', { skip }, async () => {
    const t = await buildTestApp(store(), { ingest: { mediaLimit: 1000, video: { ...defaults().video, maxSeconds: 3, maxBytes: 2 * clips.known.length } } });
    try {
      const long = await post(t, 'post-video-3', 'uploader-3', clips.long);
      assert.equal(long.statusCode, 413, long.body);
      assert.match(long.json().detail, /lasts 4\.0 s, more than the 3 s accepted/);
      const big = await post(t, 'post-video-4', 'uploader-4', Buffer.concat([clips.known, clips.known, Buffer.alloc(16)]));
      assert.equal(big.statusCode, 413, big.body);
      assert.match(big.json().detail, /video limit/);
      // Not a video, whatever it claims: held to the image limit.
      const image = await post(t, 'post-video-6', 'uploader-6', Buffer.alloc(2000, 1), 'video/mp4');
      assert.equal(image.statusCode, 413, image.body);
      assert.match(image.json().detail, /larger than 1000 bytes$/);
      // An "ftyp" box and nothing a decoder can read.
      const fake = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(64, 7)]);
      const res = await post(t, 'post-video-5', 'uploader-5', fake, 'video/mp4');
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().state.status, 'active');
    } finally {
      await t.app.close();
    }
  });
});

function defaults() {
  return loadConfig().ingest;
}

describeEachStore('videos at ingest with no bank loaded', (store) => {
  test('the duration cap holds even when nothing would be matched: the video is probed, not hashed', { skip }, async () => {
    const t = await buildTestApp(store(), { ingest: { video: { ...defaults().video, maxSeconds: 3 } } });
    try {
      assert.equal(t.ctx.knownMaterial.size, 0);
      const long = await post(t, 'post-nobank-1', 'uploader-1', clips.long);
      assert.equal(long.statusCode, 413, long.body);
      const ok = await post(t, 'post-nobank-2', 'uploader-2', clips.known);
      assert.equal(ok.statusCode, 201, ok.body);
    } finally {
      await t.app.close();
    }
  });
});
