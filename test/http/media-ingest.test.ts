// Media at ingest under hostile or bursty traffic (issue 10, items 4, 5, 6 and 8): the body
// limit holds for multipart too, the same new image posted in parallel is stored once with
// every post accepted, a full hashing queue answers 503 with Retry-After, and a refused
// item leaves no file behind.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import sharp from 'sharp';
import { describeEachStore } from '../support/stores.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createBank } from '../../src/services/banks/create-bank.js';
import { importEntries } from '../../src/services/banks/import-entries.js';
import { hashImageBytes } from '../../src/detect/media/index.js';
import { sweepStaleUploads } from '../../src/services/ingest/media-uploads.js';
import type { Store } from '../../src/store/store.js';
import { loadConfig } from '../../src/config/config.js';

const SYSTEM = { kind: 'system' as const, id: null };
const AT = '2026-11-28T12:00:00.000Z';

const item = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: 'post',
  author: { id: 'media-author', handle: 'media.author' },
  createdAt: '2026-11-28T11:59:00Z',
  ...extra,
});

/** A benign generated image: noise, so that each seed gives other bytes and a hash worth matching. */
async function noise(seed: number, width = 320, height = 240): Promise<Buffer> {
  return sharp({
    create: { width, height, channels: 3, background: { r: seed % 256, g: 80, b: 160 }, noise: { type: 'gaussian', mean: 120 + (seed % 40), sigma: 40 } },
  })
    .png()
    .toBuffer();
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function multipart(boundary: string, content: object | undefined, files: Record<string, Buffer>): Buffer {
  const chunks: Buffer[] = [];
  if (content) {
    chunks.push(
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="content"\r\ncontent-type: application/json\r\n\r\n${JSON.stringify(content)}\r\n`),
    );
  }
  for (const [name, bytes] of Object.entries(files)) {
    chunks.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"; filename="f.bin"\r\ncontent-type: image/png\r\n\r\n`));
    chunks.push(bytes, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** Every file under the media folder (the content-addressed tree and the temporary files). */
function mediaFiles(store: Store): string[] {
  const root = join(store.location.dataDir, 'media');
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(path.slice(root.length + 1));
    }
  };
  walk(root);
  return out.sort();
}

describeEachStore('media at ingest under attack', (store) => {
  const apps: TestApp[] = [];
  const app = async (overrides: Parameters<typeof buildTestApp>[1] = {}) => {
    const t = await buildTestApp(store(), overrides);
    apps.push(t);
    return t;
  };
  after(async () => {
    for (const t of apps) await t.app.close();
  });

  test('200 parallel posts of the same new image all succeed, and it is stored once', async () => {
    const t = await app();
    const bytes = await noise(1);
    const before = mediaFiles(store());
    const boundary = 'parallel-boundary';
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        i % 2 === 0
          ? t.app.inject({
              method: 'POST',
              url: '/v1/content',
              headers: t.auth(),
              payload: item(`same-${i}`, { media: [{ id: 'm', data: bytes.toString('base64') }] }),
            })
          : t.app.inject({
              method: 'POST',
              url: '/v1/content',
              headers: { ...t.auth(), 'content-type': `multipart/form-data; boundary=${boundary}` },
              payload: multipart(boundary, item(`same-${i}`, { media: [{ id: 'm' }] }), { m: bytes }),
            }),
      ),
    );
    const statuses = answers.map((a) => a.statusCode);
    assert.deepEqual(
      statuses.filter((s) => s !== 201),
      [],
      answers.find((a) => a.statusCode !== 201)?.body,
    );
    const added = mediaFiles(store()).filter((f) => !before.includes(f));
    const digest = sha256(bytes);
    assert.deepEqual(added, [`${digest.slice(0, 2)}/${digest.slice(2, 4)}/${digest}`]);
    // A retry of one of them is a replay, and still fine.
    const retry = await t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: t.auth(),
      payload: item('same-0', { media: [{ id: 'm', data: bytes.toString('base64') }] }),
    });
    assert.equal(retry.statusCode, 200);
  });

  test('a multipart body past the body limit is refused with 413 and leaves nothing; so are too many parts and a part past the media limit', async () => {
    const t = await app({ http: { bodyLimit: 300_000 }, ingest: { mediaLimit: 150_000, video: { ...loadConfig().ingest.video, maxBytes: 150_000 } } });
    const before = mediaFiles(store());
    const boundary = 'limit-boundary';
    const part = Buffer.alloc(100_000, 7);
    const post = (payload: Buffer, headers: Record<string, string> = t.auth()) =>
      t.app.inject({ method: 'POST', url: '/v1/content', headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    const media = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `p${i}` }));
    const files = (n: number, bytes = part) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, bytes]));

    const overBody = await post(multipart(boundary, item('mp-over', { media: media(4) }), files(4)));
    assert.equal(overBody.statusCode, 413, overBody.body);
    assert.match(overBody.json().detail, /larger than 300000 bytes/);
    assert.equal(overBody.headers.connection, 'close');
    // Without a key: refused by the key check, which runs before the body is read.
    const keyless = await post(multipart(boundary, item('mp-keyless', { media: media(4) }), files(4)), {});
    assert.equal(keyless.statusCode, 401);

    const overPart = await post(multipart(boundary, item('mp-part', { media: media(1) }), { p0: Buffer.alloc(150_001, 1) }));
    assert.equal(overPart.statusCode, 413, overPart.body);
    assert.match(overPart.json().detail, /"p0" is larger than 150000 bytes/);

    const small = Buffer.alloc(10, 1);
    const manyParts = await post(multipart(boundary, item('mp-many', { media: media(16) }), files(17, small)));
    assert.equal(manyParts.statusCode, 413, manyParts.body);

    const within = await post(multipart(boundary, item('mp-within', { media: media(2) }), files(2)));
    assert.equal(within.statusCode, 201, within.body);
    assert.deepEqual(
      mediaFiles(store()).filter((f) => !before.includes(f)),
      [sha256(part)].map((d) => `${d.slice(0, 2)}/${d.slice(2, 4)}/${d}`),
    );
  });

  test('the body limit holds on a real socket: 413 before the client has sent its whole body, and the connection closed', async () => {
    const t = await app({ http: { bodyLimit: 256 * 1024 } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const boundary = 'socket-boundary';
    const chunk = Buffer.alloc(64 * 1024, 3);
    // 64 MiB offered against a 256 KiB limit: far more than loopback socket buffers absorb.
    const totalChunks = 1024;
    // A raw socket: the server may close it while this side is still writing, and what it
    // answered before that must still be read.
    const result = await new Promise<{ answer: string; sentChunks: number }>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      let sent = 0;
      let answer = '';
      socket.on('data', (d) => (answer += d.toString('latin1')));
      socket.on('error', () => undefined);
      socket.on('close', () => resolve({ answer, sentChunks: sent }));
      const head = multipart(boundary, item('socket-over', { media: [{ id: 'big' }] }), {}).subarray(0, -`--${boundary}--\r\n`.length);
      socket.write(
        `POST /v1/content HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: ${t.auth().authorization}\r\n` +
          `content-type: multipart/form-data; boundary=${boundary}\r\ncontent-length: ${head.length + 100 + totalChunks * chunk.length}\r\n\r\n`,
      );
      socket.write(head);
      socket.write(`--${boundary}\r\ncontent-disposition: form-data; name="big"; filename="b.bin"\r\n\r\n`);
      const pump = () => {
        while (answer === '' && !socket.destroyed && sent < totalChunks) {
          sent++;
          if (!socket.write(chunk)) return void socket.once('drain', pump);
        }
      };
      pump();
    });
    assert.match(result.answer, /^HTTP\/1\.1 413 /);
    assert.match(result.answer, /\r\nconnection: close\r\n/i);
    assert.ok(result.sentChunks < totalChunks, `answered after ${result.sentChunks} of ${totalChunks} chunks`);
  });

  test('after a 409, a 400 or a refusal by the key check, no media file remains', async () => {
    const t = await app();
    const boundary = 'refused-boundary';
    const first = await t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(), payload: item('taken', { text: 'first version' }) });
    assert.equal(first.statusCode, 201);
    const before = mediaFiles(store());

    const img = await noise(2);
    const conflictJson = await t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: t.auth(),
      payload: item('taken', { media: [{ id: 'x', data: img.toString('base64') }] }),
    });
    assert.equal(conflictJson.statusCode, 409);
    const conflictMultipart = await t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: { ...t.auth(), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: multipart(boundary, item('taken', { media: [{ id: 'x' }] }), { x: img }),
    });
    assert.equal(conflictMultipart.statusCode, 409);

    const invalid = await t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: { ...t.auth(), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: multipart(boundary, { id: 'no-date', kind: 'post', author: { id: 'a' }, media: [{ id: 'x' }] }, { x: img }),
    });
    assert.equal(invalid.statusCode, 400);
    const stray = await t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: { ...t.auth(), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: multipart(boundary, item('stray', { media: [{ id: 'x' }] }), { x: img, y: img }),
    });
    assert.equal(stray.statusCode, 400);
    assert.match(stray.json().detail, /"y"/);
    const noContent = await t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: { ...t.auth(), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: multipart(boundary, undefined, { x: img }),
    });
    assert.equal(noContent.statusCode, 400);
    const keyless = await t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: multipart(boundary, item('keyless', { media: [{ id: 'x' }] }), { x: img }),
    });
    assert.equal(keyless.statusCode, 401);

    assert.deepEqual(mediaFiles(store()), before);
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/content/stray', headers: t.auth() })).statusCode, 404);
  });

  test('a full hashing queue answers 503 with Retry-After, counted, with nothing stored for the refused items', async () => {
    for (const hashQueue of [0, 1]) {
      const t = await app({ ingest: { hashWorkers: 1, hashQueue } });
      // Something to match against, so that every image is hashed.
      const bank = await createBank(store(), { name: `queue-bank-${hashQueue}`, hashType: 'pdq', source: 'internal', verified: false }, SYSTEM, AT);
      const { added } = await importEntries(store(), bank, [{ hash: (await hashImageBytes(await noise(999))).pdq }], SYSTEM, AT);
      t.ctx.knownMaterial.addEntries(added, bank);
      const before = mediaFiles(store());
      const images = await Promise.all(Array.from({ length: 8 }, (_, i) => noise(100 * (hashQueue + 1) + i, 900, 700)));
      const ids = images.map((_, i) => `queue-${hashQueue}-${i}`);
      const answers = await Promise.all(
        images.map((b, i) =>
          t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(), payload: item(ids[i]!, { media: [{ id: 'm', data: b.toString('base64') }] }) }),
        ),
      );
      const refused = answers.flatMap((a, i) => (a.statusCode === 503 ? [i] : []));
      const accepted = answers.flatMap((a, i) => (a.statusCode === 201 ? [i] : []));
      assert.equal(refused.length + accepted.length, images.length, answers.map((a) => `${a.statusCode} ${a.body}`).join('\n'));
      assert.ok(refused.length > 0, `queue ${hashQueue}: nothing was refused`);
      assert.ok(accepted.length >= 2, `queue ${hashQueue}: the worker's two slots were taken`);
      for (const i of refused) {
        const a = answers[i]!;
        assert.equal(a.headers['retry-after'], '1');
        assert.match(String(a.headers['content-type']), /^application\/problem\+json/);
        assert.match(a.json().detail, /retry with the same id/);
        assert.equal((await t.app.inject({ method: 'GET', url: `/v1/content/${ids[i]}`, headers: t.auth() })).statusCode, 404);
      }
      const expected = accepted.map((i) => sha256(images[i]!)).map((d) => `${d.slice(0, 2)}/${d.slice(2, 4)}/${d}`);
      assert.deepEqual(
        mediaFiles(store()).filter((f) => !before.includes(f)),
        expected.sort(),
      );
      const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
      const counted = /vigie_media_hash_rejected_total\{reason="queue-full"\} (\d+)/.exec(metrics.body);
      assert.equal(Number(counted?.[1]), refused.length);
      // Sent again once the queue has drained, a refused item goes through.
      const again = await t.app.inject({
        method: 'POST',
        url: '/v1/content',
        headers: t.auth(),
        payload: item(ids[refused[0]!]!, { media: [{ id: 'm', data: images[refused[0]!]!.toString('base64') }] }),
      });
      assert.equal(again.statusCode, 201, again.body);
    }
  });

  test('temporary uploads left by a crash are swept after the grace period', async () => {
    const t = await app();
    const dir = t.ctx.media.tempDir;
    mkdirSync(dir, { recursive: true });
    const stale = join(dir, 'left-by-a-crash.tmp');
    const fresh = join(dir, 'being-written.tmp');
    writeFileSync(stale, 'x');
    writeFileSync(fresh, 'y');
    const hoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(stale, hoursAgo, hoursAgo);
    assert.equal(await sweepStaleUploads(t.ctx.media, new Date(), 60 * 60 * 1000), 1);
    assert.equal(existsSync(stale), false);
    assert.equal(existsSync(fresh), true);
    assert.equal(await sweepStaleUploads(t.ctx.media, new Date(Date.now() + 2 * 60 * 60 * 1000), 60 * 60 * 1000), 1);
  });
});
