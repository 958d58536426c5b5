// Preservation holds on both stores, through the services and the API: ingest seals media
// (nothing clear on disk), a start seals clear files left by an older version, a hold seals
// a snapshot of each item, reads are logged and limited to the roles that need them,
// nothing under a hold can be deleted (by a person or by the purge), the purge deletes what
// only an expired hold covered and logs it, and the log still verifies.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { describeEachStore } from '../../support/stores.js';
import type { TestApp } from '../../support/app.js';
import { staffTestApp } from '../../http/staff-harness.js';
import { freshId, seedAccount, seedStaff, type SignedIn } from '../../support/seed.js';
import { patternImage } from '../../support/images.js';
import { assertNoClearBytes, filesUnder } from '../../support/clear-bytes.js';
import { eventsOf } from '../../../src/store/log-store.js';
import { verifyLog } from '../../../src/services/log/verify-log.js';
import { placeHold, holdsOf, listHolds, extendHold } from '../../../src/services/vault/holds.js';
import { readHeldMedia, readSnapshot } from '../../../src/services/vault/evidence.js';
import { purgeExpiredHolds } from '../../../src/services/vault/purge-holds.js';
import { vaultDepsOf } from '../../../src/services/vault/vault.js';
import { holdPurgeTask } from '../../../src/background/hold-purge.js';
import { permissionsOf, type Role } from '../../../src/services/staff/roles.js';
import type { Services } from '../../../src/services/services.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const DAY = 86_400_000;

function multipart(boundary: string, content: object, files: Record<string, Buffer>): Buffer {
  const parts: Buffer[] = [
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="content"\r\ncontent-type: application/json\r\n\r\n${JSON.stringify(content)}\r\n`),
  ];
  for (const [name, bytes] of Object.entries(files)) {
    parts.push(
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"; filename="f.png"\r\ncontent-type: image/png\r\n\r\n`),
      bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(parts);
}

const asStaff = (s: SignedIn, role: Role) => ({ id: s.id, permissions: permissionsOf(role), platforms: null });

describeEachStore('evidence vault and preservation holds', (store) => {
  let t: TestApp;
  let legal: SignedIn;
  let reviewer: SignedIn;
  let images: Buffer[];
  /** A clear file as the version before the vault stored it, present when the server starts. */
  let old: Buffer;
  after(async () => t?.app.close());

  async function ready(): Promise<void> {
    if (t) return;
    images = await Promise.all([11, 12, 13, 14].map((s) => patternImage(s, 120, 80)));
    old = await patternImage(99, 120, 80);
    const h = sha(old);
    const dir = join(store().location.dataDir!, 'media', h.slice(0, 2), h.slice(2, 4));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, h), old);
    t = await staffTestApp(store());
    legal = await seedStaff(t, 'legal');
    reviewer = await seedStaff(t, 'reviewer');
  }
  const deps = () => vaultDepsOf(t.ctx);

  async function postWithImage(img: Buffer, form: 'inline' | 'multipart', text = 'a placeholder post kept as evidence'): Promise<string> {
    const id = freshId('held');
    const author = await seedAccount(t);
    const content = { id, kind: 'post', author: { id: author }, text, links: ['https://example.org/a-page'], createdAt: t.clock.now.toISOString() };
    const res =
      form === 'inline'
        ? await t.app.inject({
            method: 'POST',
            url: '/v1/content',
            headers: t.auth(),
            payload: { ...content, media: [{ id: 'm1', data: img.toString('base64') }] },
          })
        : await t.app.inject({
            method: 'POST',
            url: '/v1/content',
            headers: { ...t.auth(), 'content-type': 'multipart/form-data; boundary=vaultb' },
            payload: multipart('vaultb', { ...content, media: [{ id: 'm1' }] }, { m1: img }),
          });
    assert.equal(res.statusCode, 201, res.body);
    return id;
  }

  test('media are sealed at ingest and at start: no clear media byte anywhere in the data folder', async () => {
    await ready();
    await postWithImage(images[0]!, 'inline');
    await postWithImage(images[1]!, 'multipart');
    assertNoClearBytes(store().location.dataDir!, [images[0]!, images[1]!, old]);
    assert.deepEqual(await t.ctx.media.read(sha(images[0]!)), images[0]);
    assert.deepEqual(await t.ctx.media.read(sha(images[1]!)), images[1]);
    assert.deepEqual(await t.ctx.media.read(sha(old)), old, 'the clear file left by the older version was sealed on start');
  });

  test('a hold seals a snapshot of each item; placing it again for the same report returns it; reads are logged', async () => {
    await ready();
    const post = await postWithImage(images[2]!, 'inline', 'the words of a post the platform may delete');
    const hold = await placeHold(deps(), {
      caseId: 'case-h1',
      cybertipId: 'ct-h1',
      sha256s: [],
      contentIds: [post],
      reason: 'CyberTipline report submitted',
      actor: { kind: 'system', id: null },
    });
    assert.deepEqual(hold.sha256s, [sha(images[2]!)], 'the media of the items are held with them');
    assert.equal(hold.until, new Date(t.clock.now.getTime() + 365 * DAY).toISOString());
    assert.equal(hold.status, 'active');
    assert.equal(hold.snapshots.length, 1);
    const again = await placeHold(deps(), {
      caseId: 'case-h1',
      cybertipId: 'ct-h1',
      sha256s: [],
      contentIds: [post],
      reason: 'retried after a crash',
      actor: { kind: 'system', id: null },
    });
    assert.equal(again.id, hold.id);
    assert.equal((await holdsOf(deps(), { cybertipId: 'ct-h1' })).length, 1);

    const snap = await readSnapshot(deps(), asStaff(legal, 'legal'), hold.id, post);
    assert.equal(snap.text, 'the words of a post the platform may delete');
    assert.deepEqual(snap.links, ['https://example.org/a-page']);
    assert.equal(snap.media[0]!.sha256, sha(images[2]!));
    await assert.rejects(readSnapshot(deps(), asStaff(reviewer, 'reviewer'), hold.id, post), /does not read preserved evidence/);
    const media = await readHeldMedia(deps(), { system: true }, sha(images[2]!));
    assert.deepEqual(media.bytes, images[2]);

    const events = await eventsOf(store().db, { kind: 'hold', id: hold.id });
    assert.deepEqual(
      events.map((e) => e.type),
      ['hold.placed', 'evidence.read', 'evidence.read'],
    );
    assert.equal(events[1]!.actor.id, legal.id);
    // The snapshot is sealed too: its text is nowhere in clear on disk.
    for (const f of filesUnder(join(store().location.dataDir!, 'vault'))) assert.equal(readFileSync(f).includes(Buffer.from('the words of a post')), false);
  });

  test('nothing under a hold can be deleted, by the API or a person; what no hold covers can, and it is logged', async () => {
    await ready();
    const held = sha(images[2]!);
    const refused = await t.app.inject({
      method: 'DELETE',
      url: `/v1/evidence/media/${held}`,
      headers: legal.session.headers(),
      payload: { reason: 'destruction requested by a law-enforcement agency' },
    });
    assert.equal(refused.statusCode, 409, refused.body);
    assert.match(refused.json().detail, /under preservation hold/);
    assert.equal(await t.ctx.media.has(held), true);

    const free = sha(images[0]!);
    const done = await t.app.inject({
      method: 'DELETE',
      url: `/v1/evidence/media/${free}`,
      headers: legal.session.headers(),
      payload: { reason: 'destruction requested' },
    });
    assert.equal(done.statusCode, 204, done.body);
    assert.equal(await t.ctx.media.has(free), false);
    const byReviewer = await t.app.inject({
      method: 'DELETE',
      url: `/v1/evidence/media/${sha(images[1]!)}`,
      headers: reviewer.session.headers(),
      payload: { reason: 'x' },
    });
    assert.equal(byReviewer.statusCode, 403);
    const noReason = await t.app.inject({ method: 'DELETE', url: `/v1/evidence/media/${sha(images[1]!)}`, headers: legal.session.headers(), payload: {} });
    assert.equal(noReason.statusCode, 400);
    const purged = await eventsOf(store().db, { kind: 'system', id: 'evidence-vault' });
    assert.deepEqual(
      purged.map((e) => [e.type, e.payload]),
      [['evidence.purged', { cause: 'deleted', media: [free], snapshots: [], kept: [] }]],
    );
  });

  test('the legal role extends a hold, never shortens it; the list shows expiry', async () => {
    await ready();
    const [hold] = await holdsOf(deps(), { cybertipId: 'ct-h1' });
    const later = new Date(Date.parse(hold!.until) + 90 * DAY).toISOString();
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/holds/${hold!.id}/extension`,
      headers: legal.session.headers(),
      payload: { until: later, reason: 'preservation request under 18 U.S.C. 2703(f)' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().until, later);
    const shorter = await t.app.inject({
      method: 'POST',
      url: `/v1/holds/${hold!.id}/extension`,
      headers: legal.session.headers(),
      payload: { until: t.clock.now.toISOString(), reason: 'shorter' },
    });
    assert.equal(shorter.statusCode, 409);
    await assert.rejects(extendHold(deps(), hold!.id, later, 'x', asStaff(reviewer, 'reviewer')), /does not manage/);
    const list = await t.app.inject({ method: 'GET', url: '/v1/holds', headers: legal.session.headers() });
    assert.equal(list.statusCode, 200, list.body);
    const listed = list.json().holds.find((h: { id: string }) => h.id === hold!.id);
    assert.deepEqual([listed.until, listed.status], [later, 'active']);
    const ext = await eventsOf(store().db, { kind: 'hold', id: hold!.id });
    assert.equal(ext.filter((e) => e.type === 'hold.extended').length, 1);
  });

  test('the purge deletes what only an expired hold covered, keeps what another hold covers or a live item carries, and logs each purge', async () => {
    await ready();
    const shared = sha(images[2]!); // under ct-h1 for more than a year
    const alone = sha(old); // sealed at start; no item carries it
    const carried = sha(images[1]!); // the media of a post that is still up
    const short = await placeHold(deps(), {
      caseId: 'case-h2',
      sha256s: [shared, alone, carried],
      contentIds: [],
      reason: 'short test hold',
      until: new Date(t.clock.now.getTime() + DAY).toISOString(),
      actor: { kind: 'staff', id: legal.id },
    });
    // Not yet expired: nothing goes.
    assert.deepEqual(await purgeExpiredHolds(deps()), []);
    const start = t.clock.now;
    t.clock.now = new Date(start.getTime() + 2 * DAY);
    try {
      const logged: unknown[] = [];
      const logger = { info: (detail: unknown, message: string) => logged.push([detail, message]) } as unknown as Logger;
      const services = { ...t.ctx, roles: ['api'], knownMaterial: undefined, api: t.ctx } as unknown as Services;
      await holdPurgeTask(services, logger).run();
      assert.deepEqual(logged, [[{ holdId: short.id, media: 1, snapshots: 0, kept: 2 }, 'expired hold purged']]);
      assert.equal(await t.ctx.media.has(alone), false);
      assert.equal(await t.ctx.media.has(shared), true, 'still under the CyberTipline hold');
      assert.deepEqual(await t.ctx.media.read(carried), images[1], 'the live post still has its image');
      const events = await eventsOf(store().db, { kind: 'hold', id: short.id });
      assert.deepEqual(
        events.map((e) => e.type),
        ['hold.placed', 'evidence.purged'],
      );
      const payload = events[1]!.payload as { cause: string; media: string[]; snapshots: string[]; kept: string[] };
      assert.deepEqual({ ...payload, kept: [...payload.kept].sort() }, { cause: 'expired', media: [alone], snapshots: [], kept: [shared, carried].sort() });
      // Purged once: a second run finds nothing.
      assert.deepEqual(await purgeExpiredHolds(deps()), []);
      const [after] = await holdsOf(deps(), { caseId: 'case-h2' });
      assert.equal(after!.status, 'purged');
      const listed = await listHolds(deps(), { status: 'purged' });
      assert.deepEqual(
        listed.holds.map((h) => h.id),
        [short.id],
      );
    } finally {
      t.clock.now = start;
    }
  });

  test('released on a law-enforcement request, a hold ends now and the purge destroys what it alone kept', async () => {
    await ready();
    const [hold] = await holdsOf(deps(), { cybertipId: 'ct-h1' });
    const media = sha(images[2]!);
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/holds/${hold!.id}/release`,
      headers: legal.session.headers(),
      payload: { reason: 'destruction requested by a law-enforcement agency (2258B(c)(2))' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'expired');
    const again = await t.app.inject({ method: 'POST', url: `/v1/holds/${hold!.id}/release`, headers: legal.session.headers(), payload: { reason: 'twice' } });
    assert.equal(again.statusCode, 409);
    const purged = await purgeExpiredHolds(deps());
    assert.deepEqual(purged, [{ holdId: hold!.id, media: [media], snapshots: hold!.snapshots.map((x) => x.sha256), kept: [] }]);
    assert.equal(await t.ctx.media.has(media), false);
    assert.equal(await t.ctx.vault.snapshots.has(hold!.snapshots[0]!.sha256), false);
    await assert.rejects(readSnapshot(deps(), asStaff(legal, 'legal'), hold!.id, hold!.contentIds[0]!), /purged/);
    const types = (await eventsOf(store().db, { kind: 'hold', id: hold!.id })).map((e) => e.type);
    assert.deepEqual(types.slice(-2), ['hold.released', 'evidence.purged']);
  });

  test('the log still verifies', async () => {
    await ready();
    const report = await verifyLog(store());
    assert.equal(report.ok, true, JSON.stringify(report.problems.concat(report.badEvents.map((b) => b.problem))));
  });
});
