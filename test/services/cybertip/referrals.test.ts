// INHOPE referrals on both stores: a link's host is resolved (an injected lookup), its
// country read from a GeoLite2-shaped database the test writes, the hotline chosen (France:
// Point de Contact; the US: NCMEC; unknown: the INHOPE directory), the package prepared
// without the material, and the legal role records when it was sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachStore } from '../../support/stores.js';
import { buildCountryDatabase } from '../../support/geoip-db.js';
import { openCountryDatabase, locateHost, type LookupHost } from '../../../src/services/referrals/hosting-country.js';
import { prepareReferral, recordReferralSent, listReferralViews } from '../../../src/services/referrals/referrals.js';
import { hotlineFor, HOTLINES } from '../../../src/legal/inhope/index.js';
import { LEGAL, cybertipApp, postKnownImage } from './harness.js';
import { claimCase } from '../../../src/services/cases/claim-case.js';
import { decideCase } from '../../../src/services/cases/decide-case.js';
import { HandlerRegistry } from '../../../src/work/handlers.js';
import { startWorkers } from '../../../src/work/worker.js';
import { registerReferralHandlers } from '../../../src/services/referrals/referral-job.js';
import { permissionsOf } from '../../../src/services/staff/roles.js';

const HOSTS: Record<string, string[]> = {
  'files.example.fr': ['192.0.2.10'],
  'cdn.example.com': ['2001:db8::1', '198.51.100.20'],
  'nowhere.example.net': ['203.0.113.9'],
};
const lookup: LookupHost = async (host) => {
  const found = HOSTS[host];
  if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

async function geo() {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-geo-'));
  const path = join(dir, 'GeoLite2-Country.mmdb');
  writeFileSync(
    path,
    buildCountryDatabase([
      { network: '192.0.2.0/24', country: 'FR' },
      { network: '198.51.100.0/24', country: 'US' },
    ]),
  );
  return openCountryDatabase(path);
}

test('the hotline table: France goes to Point de Contact, the US to NCMEC, an unlisted country to the directory', () => {
  assert.equal(hotlineFor('FR').id, 'point-de-contact');
  assert.equal(hotlineFor('fr').reportUrl, 'https://www.pointdecontact.net/cliquez-signalez/');
  assert.equal(hotlineFor('US').id, 'ncmec');
  assert.equal(hotlineFor('AQ').id, 'inhope-directory');
  assert.equal(hotlineFor(null).id, 'inhope-directory');
  const countries = HOTLINES.flatMap((h) => h.countries);
  assert.equal(new Set(countries).size, countries.length, 'one hotline per country');
  for (const h of HOTLINES) assert.match(h.reportUrl, /^https?:\/\//);
});

test('the hosting country comes from the resolved address; IPv4 first', async () => {
  const db = await geo();
  assert.deepEqual(await locateHost('files.example.fr', db, lookup), { ip: '192.0.2.10', country: 'FR', unknownBecause: null });
  assert.equal((await locateHost('cdn.example.com', db, lookup)).country, 'US');
  assert.equal((await locateHost('nowhere.example.net', db, lookup)).country, null);
  assert.match((await locateHost('missing.example', db, lookup)).unknownBecause!, /ENOTFOUND/);
  assert.match((await locateHost('files.example.fr', undefined, lookup)).unknownBecause!, /no GeoIP database/);
});

describeEachStore('INHOPE referrals', (store) => {
  test('a link hosted in France is prepared for Point de Contact, once, and its sending recorded', async () => {
    const deps = { store: store(), now: () => new Date('2026-12-01T10:00:00.000Z'), geo: await geo(), lookup };
    const url = 'https://files.example.fr/album?id=1&x=<2>';
    const { referral, created } = await prepareReferral(deps, LEGAL, { url, caseId: 'case_1', clause: 'content.link-to-material' });
    assert.equal(created, true);
    assert.equal(referral.hotline.id, 'point-de-contact');
    assert.equal(referral.hostingCountry, 'FR');
    assert.equal(referral.package.urlString, url);
    assert.equal(referral.package.contentType, 2);
    assert.equal(referral.package.submittedVia, 'https://www.pointdecontact.net/cliquez-signalez/');
    assert.equal((await prepareReferral(deps, LEGAL, { url, caseId: 'case_1' })).created, false, 'preparing twice makes one');

    const sent = await recordReferralSent(deps, LEGAL, referral.id, { sentAt: '2026-12-01T09:30:00.000Z', note: 'form reference 42' });
    assert.equal(sent.status, 'sent');
    assert.equal(sent.sentAt, '2026-12-01T09:30:00.000Z');
    await assert.rejects(recordReferralSent(deps, LEGAL, referral.id, {}), /already/);
    const events = await store()
      .db.selectFrom('events')
      .select('type')
      .where('subject_kind', '=', 'referral')
      .where('subject_id', '=', referral.id)
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      events.map((e) => e.type),
      ['referral.prepared', 'referral.sent'],
    );
    assert.equal((await listReferralViews(store(), { status: 'sent' })).length, 1);
  });

  test('a US host goes to NCMEC, an unknown one to the directory; only legal refers; bad URLs are refused', async () => {
    const deps = { store: store(), now: () => new Date(), geo: await geo(), lookup };
    assert.equal((await prepareReferral(deps, LEGAL, { url: 'https://cdn.example.com/p' })).referral.hotline.id, 'ncmec');
    assert.equal((await prepareReferral(deps, LEGAL, { url: 'http://nowhere.example.net/' })).referral.hotline.id, 'inhope-directory');
    await assert.rejects(prepareReferral(deps, LEGAL, { url: 'ftp://files.example.fr/x' }), /http and https/);
    await assert.rejects(prepareReferral(deps, LEGAL, { url: 'not a url' }), /not a URL/);
    await assert.rejects(prepareReferral(deps, { ...LEGAL, permissions: permissionsOf('reviewer') }, { url: 'https://cdn.example.com/q' }), /legal role/);
  });

  test('a reviewer who finds a link to material hosted in France gets a referral prepared for the legal role', async () => {
    const t = await cybertipApp(store(), false, false);
    const db = await geo();
    const workers = startWorkers(
      t.ctx.jobs,
      registerReferralHandlers(new HandlerRegistry(), async () => ({ store: store(), now: () => new Date(), geo: db, lookup })),
      {
        pollIntervalMs: 50,
      },
    );
    try {
      const { post } = await postKnownImage(t, store(), { reviewFirst: true });
      const c = await store().db.selectFrom('cases').select('id').where('subject_id', '=', post).executeTakeFirstOrThrow();
      const reviewer = { id: 'reviewer-2', permissions: permissionsOf('reviewer'), platforms: null };
      const now = () => t.clock.now;
      await claimCase({ store: store(), leaseMs: 60_000, now }, reviewer, c.id);
      await decideCase({ store: store(), enforcement: t.ctx.enforcement, now }, reviewer, c.id, {
        clauses: ['content.visual-depiction', 'content.link-to-material'],
        malicious: true,
        hosting: [{ url: 'https://files.example.fr/shared/1', country: 'FR' }],
      });
      const until = Date.now() + 15_000;
      let rows = await listReferralViews(store(), {});
      while (!rows.some((r) => r.url === 'https://files.example.fr/shared/1')) {
        assert.ok(Date.now() < until, 'the referral job ran');
        await new Promise((r) => setTimeout(r, 50));
        rows = await listReferralViews(store(), {});
      }
      const referral = rows.find((r) => r.url === 'https://files.example.fr/shared/1')!;
      assert.equal(referral.hotline.id, 'point-de-contact');
      assert.equal(referral.status, 'prepared');
      assert.equal(referral.caseId, c.id, 'it names the case, through the report the decision drafted');
      assert.equal(referral.preparedBy, 'system');
    } finally {
      await workers.stop();
      await t.app.close();
    }
  });
});
