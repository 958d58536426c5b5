// An image over the pixel cap at ingest (an upscaled copy of a known image used to escape
// PDQ matching, being too large to decode). A benign generated pattern plays the known
// image: its hash at normal size is on a test bank, and the same pattern enlarged to
// 9000 × 7000 (63 MP, over the default cap of 50 MP) is posted. The JPEG is decoded shrunk
// and matches; a PNG over the cap cannot be, and is counted and logged as not PDQ-hashed.
import { before, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { describeEachStore } from '../support/stores.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { enlarged, patternImage } from '../support/images.js';
import { DEFAULT_MAX_PIXELS, hashImageBytes } from '../../src/detect/media/index.js';
import { createBank } from '../../src/services/banks/create-bank.js';
import { importEntries } from '../../src/services/banks/import-entries.js';
import { mediaSignals } from '../../src/services/ingest/media-signals.js';
import type { Logger } from 'pino';

const SYSTEM = { kind: 'system' as const, id: null };
const AT = '2026-11-28T12:00:00.000Z';

function postWith(id: string, bytes: Buffer, mimeType: string) {
  return {
    id,
    kind: 'post',
    author: { id: 'poster', handle: 'poster' },
    media: [{ id: 'm1', mimeType, data: bytes.toString('base64') }],
    createdAt: '2026-11-28T11:00:00Z',
  };
}

describeEachStore('known material over the pixel cap', (store) => {
  let t: TestApp;
  let known: Buffer;
  let huge: Buffer;
  let bigPng: Buffer;
  after(async () => t?.app.close());

  const notHashed = async () => Object.fromEntries((await t.ctx.metrics.mediaNotPdqHashed.get()).values.map((v) => [v.labels.reason, v.value]));
  const evidenceOf = async (id: string) => {
    const event = await store()
      .db.selectFrom('events')
      .select('payload_json')
      .where('type', '=', 'signal.recorded')
      .where('subject_id', '=', id)
      .executeTakeFirstOrThrow();
    return JSON.parse(event.payload_json).evidence;
  };

  before(async () => {
    t = await buildTestApp(store());
    assert.equal(t.ctx.config.ingest.maxPixels, DEFAULT_MAX_PIXELS);
    known = await patternImage(3, 1800, 1400, 'jpeg');
    huge = await enlarged(known, 9000, 7000);
    bigPng = await sharp({ create: { width: 8000, height: 7000, channels: 3, background: { r: 90, g: 140, b: 200 } } })
      .png()
      .toBuffer();
    const hashes = await hashImageBytes(known);
    assert.ok(hashes.quality >= 50, `test image quality ${hashes.quality}`);
    const bank = await createBank(store(), { name: 'test-known-large', hashType: 'pdq', source: 'internal', verified: true }, SYSTEM, AT);
    const { added } = await importEntries(store(), bank, [{ hash: hashes.pdq, label: 'test-label' }], SYSTEM, AT);
    t.ctx.knownMaterial.addEntries(added, bank);
  });

  test('a 63 MP JPEG of a known image, over the default cap, is decoded shrunk and matches by PDQ', async () => {
    assert.ok(9000 * 7000 > DEFAULT_MAX_PIXELS);
    const res = await t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(), payload: postWith('big-1', huge, 'image/jpeg') });
    assert.equal(res.statusCode, 201, res.body);
    const signals = res.json().state.signals;
    assert.equal(signals.length, 1);
    assert.equal(signals[0].source, 'bank:test-known-large');
    const evidence = await evidenceOf('big-1');
    assert.equal(evidence.hashType, 'pdq');
    assert.ok(evidence.distance <= 8, `distance ${evidence.distance}`);
    assert.equal(evidence.mediaShrunk, true);
    assert.deepEqual(evidence.mediaDecodedAt, { width: 3000, height: 2333, shrink: 2, toFitCap: true });
    assert.equal(evidence.mediaSha256, createHash('sha256').update(huge).digest('hex'));
    assert.deepEqual(await notHashed(), {});

    // The image at its normal size matches as before, from a full decode.
    const normal = await t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(), payload: postWith('big-2', known, 'image/jpeg') });
    assert.equal(normal.json().state.signals.length, 1);
    const plain = await evidenceOf('big-2');
    assert.equal(plain.distance, 0);
    assert.equal(plain.mediaShrunk, false);
    assert.equal(plain.mediaDecodedAt, undefined);
  });

  test('a PNG over the cap is not PDQ-hashed: counted by reason, and logged with its media id and size', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(), payload: postWith('big-3', bigPng, 'image/png') });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(res.json().state.signals, []);
    assert.deepEqual(await notHashed(), { 'over-pixel-cap': 1 });

    // The same through the ingest step, with a logger that keeps what it is given.
    const lines: { obj: Record<string, unknown>; msg: string }[] = [];
    const log = { warn: (obj: Record<string, unknown>, msg: string) => void lines.push({ obj, msg }) } as unknown as Pick<Logger, 'warn'>;
    const media = (id: string, bytes: Buffer) => ({
      id,
      declaredType: null,
      detectedType: 'image/png',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      md5: createHash('md5').update(bytes).digest('hex'),
    });
    const signals = await mediaSignals(t.ctx.knownMaterial, t.ctx.hashPool, media('png-over-cap', bigPng), { bytes: bigPng }, log, t.ctx.metrics);
    assert.deepEqual(signals, []);
    const broken = Buffer.from(huge.subarray(0, 4000)); // a JPEG cut short: its header, no picture
    await mediaSignals(t.ctx.knownMaterial, t.ctx.hashPool, media('cut-short', broken), { bytes: broken }, log, t.ctx.metrics);
    assert.deepEqual(await notHashed(), { 'over-pixel-cap': 2, undecodable: 1 });
    assert.equal(lines.length, 2);
    assert.match(lines[0]!.msg, /not PDQ-hashed/);
    assert.deepEqual(
      { mediaId: lines[0]!.obj.mediaId, reason: lines[0]!.obj.reason, width: lines[0]!.obj.width, height: lines[0]!.obj.height, format: lines[0]!.obj.format },
      { mediaId: 'png-over-cap', reason: 'over-pixel-cap', width: 8000, height: 7000, format: 'png' },
    );
    assert.deepEqual([lines[1]!.obj.mediaId, lines[1]!.obj.reason], ['cut-short', 'undecodable']);
    // Never the bytes: the log line is small.
    for (const { obj } of lines) assert.ok(JSON.stringify(obj).length < 1000);
  });
});
