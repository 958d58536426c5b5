// Ingest against banks of known material: a benign generated image is put on a test bank to
// play the part of known material, and a post carrying it (or a turned copy) is flagged.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../support/stores.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { patternImage, rotate90 } from '../support/images.js';
import { hashImageBytes as hashMedia } from '../../src/detect/media/index.js';
import { createBank } from '../../src/services/banks/create-bank.js';
import { importEntries, removeEntries } from '../../src/services/banks/import-entries.js';
import { KnownMaterialIndex } from '../../src/services/banks/known-material-index.js';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SYSTEM = { kind: 'system' as const, id: null };
const AT = '2026-11-28T12:00:00.000Z';

function postWith(id: string, bytes: Buffer) {
  return {
    id,
    kind: 'post',
    author: { id: 'poster', handle: 'poster' },
    media: [{ id: 'm1', mimeType: 'image/png', data: bytes.toString('base64') }],
    createdAt: '2026-11-28T11:00:00Z',
  };
}

describeEachStore('known material at ingest', (store) => {
  let t: TestApp;
  let known: Buffer;
  after(async () => t?.app.close());

  test('a post whose image is on a bank gets a signal with its evidence; other images do not', async () => {
    t = await buildTestApp(store());
    known = await patternImage(3);
    const hashes = await hashMedia(known);
    assert.ok(hashes.quality >= 50, `test image quality ${hashes.quality}`);
    const bank = await createBank(store(), { name: 'test-known', hashType: 'pdq', source: 'internal', verified: true }, SYSTEM, AT);
    const { added } = await importEntries(store(), bank, [{ hash: hashes.pdq, label: 'test-label' }], SYSTEM, AT);
    t.ctx.knownMaterial.addEntries(added, bank);

    const res = await t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(), payload: postWith('km-1', known) });
    assert.equal(res.statusCode, 201, res.body);
    const signals = res.json().state.signals;
    assert.equal(signals.length, 1);
    assert.equal(signals[0].signal, 'known-material');
    assert.equal(signals[0].source, 'bank:test-known');
    const event = await store()
      .db.selectFrom('events')
      .select('payload_json')
      .where('type', '=', 'signal.recorded')
      .where('subject_id', '=', 'km-1')
      .executeTakeFirstOrThrow();
    const evidence = JSON.parse(event.payload_json).evidence;
    assert.equal(evidence.distance, 0);
    assert.equal(evidence.verified, true);
    assert.equal(evidence.label, 'test-label');
    assert.equal(evidence.mediaPdq, hashes.pdq);

    const other = await t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(), payload: postWith('km-2', await patternImage(11)) });
    assert.deepEqual(other.json().state.signals, []);
  });

  test('a rotated copy matches through its dihedral variant', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(), payload: postWith('km-3', await rotate90(known)) });
    assert.equal(res.statusCode, 201);
    const event = await store()
      .db.selectFrom('events')
      .select('payload_json')
      .where('type', '=', 'signal.recorded')
      .where('subject_id', '=', 'km-3')
      .executeTakeFirstOrThrow();
    const evidence = JSON.parse(event.payload_json).evidence;
    assert.notEqual(evidence.variant, 'orig');
    assert.ok(evidence.distance <= 31, `distance ${evidence.distance}`);
  });

  test('exact digests match any bytes, and removed entries stop matching after a refresh', async () => {
    const blob = Buffer.from('not an image, just bytes for an exact-digest bank');
    const bank = await createBank(store(), { name: 'test-sha', hashType: 'sha256', source: 'partner', verified: false }, SYSTEM, AT);
    const sha = createHash('sha256').update(blob).digest('hex');
    await importEntries(store(), bank, [{ hash: sha }], SYSTEM, AT);
    await t.ctx.knownMaterial.refresh();
    const payload = {
      id: 'km-4',
      kind: 'post',
      author: { id: 'poster' },
      media: [{ id: 'f', data: blob.toString('base64') }],
      createdAt: '2026-11-28T11:00:00Z',
    };
    const res = await t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(), payload });
    assert.equal(res.json().state.signals[0].source, 'bank:test-sha');

    t.clock.now = new Date('2026-11-28T12:10:00.000Z');
    await removeEntries(store(), bank, [sha], SYSTEM, '2026-11-28T12:10:00.000Z');
    t.clock.now = new Date('2026-11-28T12:11:00.000Z');
    await t.ctx.knownMaterial.refresh();
    const again = await t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(), payload: { ...payload, id: 'km-5' } });
    assert.deepEqual(again.json().state.signals, []);
  });

  test("an image flatter than PDQ's quality floor is not matched on its PDQ, only by an exact digest", async () => {
    // Seed 4106 draws a pattern of PDQ quality 44: below 50 the reference never matches, and
    // neither does vigie, even against its own hash. This is the cause of a CyberTipline test
    // that failed now and then when it drew such a seed; tests now draw matchable patterns.
    const flat = await patternImage(4106);
    const hashes = await hashMedia(flat);
    assert.ok(hashes.quality < 50, `quality ${hashes.quality}`);
    const pdqBank = await createBank(store(), { name: 'test-flat-pdq', hashType: 'pdq', source: 'internal', verified: true }, SYSTEM, AT);
    await importEntries(store(), pdqBank, [{ hash: hashes.pdq }], SYSTEM, AT);
    await t.ctx.knownMaterial.refresh();
    const byPdq = await t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(), payload: postWith('km-flat-1', flat) });
    assert.equal(byPdq.statusCode, 201, byPdq.body);
    assert.deepEqual(byPdq.json().state.signals, []);

    const md5Bank = await createBank(store(), { name: 'test-flat-md5', hashType: 'md5', source: 'internal', verified: true }, SYSTEM, AT);
    await importEntries(store(), md5Bank, [{ hash: hashes.md5 }], SYSTEM, AT);
    await t.ctx.knownMaterial.refresh();
    const byMd5 = await t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(), payload: postWith('km-flat-2', flat) });
    const signals = byMd5.json().state.signals;
    assert.equal(signals.length, 1);
    assert.equal(signals[0].source, 'bank:test-flat-md5');
  });

  test('the index snapshot is reused when it matches the database and refused when it does not', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vigie-snap-')), 'pdq.snapshot');
    const first = new KnownMaterialIndex(store(), { snapshotPath: path });
    assert.equal(await first.load(), 'database');
    await first.saveSnapshot();
    const second = new KnownMaterialIndex(store(), { snapshotPath: path });
    assert.equal(await second.load(), 'snapshot');
    assert.equal((await second.match({ ...(await hashMedia(known)), md5: 'x'.repeat(32).replace(/x/g, '0'), sha256: '0'.repeat(64) })).length, 1);
    const bank = await createBank(store(), { name: 'test-more', hashType: 'pdq', source: 'internal', verified: false }, SYSTEM, AT);
    await importEntries(store(), bank, [{ hash: (await hashMedia(await patternImage(21))).pdq }], SYSTEM, AT);
    // Entries added after the snapshot are caught up on load.
    const third = new KnownMaterialIndex(store(), { snapshotPath: path });
    assert.equal(await third.load(), 'snapshot');
    assert.equal((await third.match({ ...(await hashMedia(await patternImage(21))), md5: '0'.repeat(32), sha256: '0'.repeat(64) })).length, 1);
  });
});
