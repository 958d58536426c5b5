// Two fileDetails facts that come from people, on both stores: the reviewer's NCMEC industry
// classification (only with VIGIE_NCMEC_INDUSTRY_MOU, only with a violation that files a
// report, only for media of the case, recorded in case.decided) and the uploader's original
// file name (kept at ingest). A reviewed file's details carry both and validate against
// NCMEC's schema; an automated (bank-match) report carries the name and no classification.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../../support/stores.js';
import { FakeCyberTipline } from '../../support/fake-cybertipline.js';
import { schemaErrors, skipWithoutValidator } from '../../support/xmllint.js';
import { fileReport } from '../../../src/services/cybertip/file-report.js';
import { approveCybertip } from '../../../src/services/cybertip/legal-actions.js';
import { eventsOf } from '../../../src/store/log-store.js';
import { cybertipApp, filingDepsFor, HoldRecorder, LEGAL, postKnownImage } from './harness.js';
import { CHEAP_HASHING } from '../../http/staff-harness.js';
import { seedStaff, type SignedIn } from '../../support/seed.js';
import type { TestApp } from '../../support/app.js';

const skip = skipWithoutValidator();

type App = TestApp & { image: Buffer };

/** A post of the (unverified) bank's image, waiting on its case, claimed by a fresh reviewer. */
async function reviewedPost(t: App, store: Parameters<typeof postKnownImage>[1], originalFileName?: string) {
  const { account, post } = await postKnownImage(t, store, { reviewFirst: true, ...(originalFileName !== undefined ? { originalFileName } : {}) });
  const c = await store.db.selectFrom('cases').select('id').where('subject_id', '=', post).executeTakeFirstOrThrow();
  const { sha256 } = await store.db.selectFrom('media').select('sha256').where('content_id', '=', post).executeTakeFirstOrThrow();
  const reviewer = await seedStaff(t, 'reviewer');
  const claimed = await as(t, reviewer, `/v1/cases/${c.id}/claim`, {});
  assert.equal(claimed.statusCode, 200, claimed.body);
  return { account, post, caseId: c.id, sha256, reviewer };
}

function as(t: App, who: SignedIn, url: string, payload: object) {
  return t.app.inject({ method: 'POST', url, headers: who.session.headers(), payload });
}

const VIOLATION = { clauses: ['content.visual-depiction'], malicious: true };

describeEachStore('fileDetails: industry classification and original file name', (store) => {
  test('with the MOU setting, a reviewer classifies a file: in case.decided, then in the XSD-valid fileDetails with the file name', { skip }, async () => {
    const fake = await new FakeCyberTipline().start();
    const t = await cybertipApp(store(), false, false, { passwordHashing: CHEAP_HASHING, ncmec: { industryMou: true } });
    try {
      const name = 'IMG_0001 <copy> & "final".png';
      const { account, caseId, sha256, reviewer } = await reviewedPost(t, store(), name);
      const file = await t.app.inject({ method: 'GET', url: `/v1/cases/${caseId}`, headers: reviewer.session.headers() });
      assert.equal(file.json().industryClassification, true, 'the console learns the setting from the case file');
      assert.equal(file.json().subject.media[0].originalFileName, name);
      const preview = await as(t, reviewer, `/v1/cases/${caseId}/decision/preview`, { ...VIOLATION, industryClassifications: { [sha256]: 'B2' } });
      assert.equal(preview.statusCode, 200, preview.body);
      const decided = await as(t, reviewer, `/v1/cases/${caseId}/decision`, { ...VIOLATION, industryClassifications: { [sha256]: 'B2' } });
      assert.equal(decided.statusCode, 200, decided.body);
      const event = (await eventsOf(store().db, { kind: 'case', id: caseId })).find((e) => e.type === 'case.decided');
      assert.deepEqual(event?.type === 'case.decided' ? event.payload.industryClassifications : null, { [sha256]: 'B2' }, 'the log holds it');

      const row = await store().db.selectFrom('cybertip_reports').selectAll().where('account_id', '=', account).executeTakeFirstOrThrow();
      assert.equal(row.automated, 0);
      await approveCybertip({ store: store(), jobs: t.ctx.jobs, now: () => new Date() }, LEGAL, row.id, null);
      assert.equal(await fileReport(filingDepsFor(t, fake, new HoldRecorder(t)), row.id), 'finished');
      const report = [...fake.reports.values()].find((r) => r.xml.includes(`<espIdentifier>${account}</espIdentifier>`));
      const details = [...report!.files.values()][0]!.details!;
      assert.equal(schemaErrors(details), null, 'valid against NCMEC’s schema');
      assert.match(details, /<industryClassification>B2<\/industryClassification>/);
      assert.match(details, /<originalFileName>IMG_0001 &lt;copy&gt; &amp; &quot;final&quot;\.png<\/originalFileName>/);
      assert.doesNotMatch(details, /<fileRelevance>/, 'Reported, NCMEC’s default, the only relevance a classification may go with');
    } finally {
      await t.app.close();
      await fake.stop();
    }
  });

  test('an automated (verified bank) report carries the file name and no classification', { skip }, async () => {
    const fake = await new FakeCyberTipline().start();
    const t = await cybertipApp(store(), true, true, { ncmec: { industryMou: true } });
    try {
      const { cybertipId } = await postKnownImage(t, store(), { originalFileName: '../../etc/passwd' });
      assert.equal(await fileReport(filingDepsFor(t, fake, new HoldRecorder(t)), cybertipId), 'finished');
      const row = await store()
        .db.selectFrom('cybertip_reports')
        .select(['automated', 'ncmec_report_id'])
        .where('id', '=', cybertipId)
        .executeTakeFirstOrThrow();
      assert.equal(row.automated, 1);
      const details = [...fake.reports.get(row.ncmec_report_id!)!.files.values()][0]!.details!;
      assert.equal(schemaErrors(details), null);
      assert.doesNotMatch(details, /industryClassification/);
      assert.match(details, /<originalFileName>\.\.\/\.\.\/etc\/passwd<\/originalFileName>/, 'the uploader’s words, as text');
    } finally {
      await t.app.close();
      await fake.stop();
    }
  });

  test('refused with a 400: the MOU setting off, a value not A1–B2, media not of the case, no violation, an exception; nothing decided', async () => {
    const off = await cybertipApp(store(), false, false, { passwordHashing: CHEAP_HASHING });
    try {
      const { caseId, sha256, reviewer } = await reviewedPost(off, store());
      for (const path of ['decision/preview', 'decision']) {
        const res = await as(off, reviewer, `/v1/cases/${caseId}/${path}`, { ...VIOLATION, industryClassifications: { [sha256]: 'A1' } });
        assert.equal(res.statusCode, 400, res.body);
        assert.match(res.headers['content-type'] as string, /problem\+json/);
        assert.match(res.json().detail, /VIGIE_NCMEC_INDUSTRY_MOU/);
      }
      const empty = await as(off, reviewer, `/v1/cases/${caseId}/decision/preview`, { ...VIOLATION, industryClassifications: {} });
      assert.equal(empty.statusCode, 200, 'none given is none refused');
    } finally {
      await off.app.close();
    }

    const t = await cybertipApp(store(), false, false, { passwordHashing: CHEAP_HASHING, ncmec: { industryMou: true } });
    try {
      const { caseId, sha256, reviewer } = await reviewedPost(t, store());
      const refused = async (body: object, why: RegExp) => {
        const res = await as(t, reviewer, `/v1/cases/${caseId}/decision`, body);
        assert.equal(res.statusCode, 400, res.body);
        assert.match(JSON.stringify(res.json()), why);
      };
      await refused({ ...VIOLATION, industryClassifications: { [sha256]: 'C3' } }, /industryClassifications/);
      await refused({ ...VIOLATION, industryClassifications: { [sha256.toUpperCase()]: 'A1' } }, /SHA-256/);
      await refused({ ...VIOLATION, industryClassifications: { ['0'.repeat(64)]: 'A1' } }, /not a media item of this case: 0{64}/);
      await refused({ clauses: ['non-violation.discussion'], malicious: null, industryClassifications: { [sha256]: 'A1' } }, /only with a violation/);
      await refused(
        { clauses: ['content.visual-depiction'], malicious: false, exception: 'exception.news-reporting', industryClassifications: { [sha256]: 'A1' } },
        /only with a violation/,
      );
      const types = (await eventsOf(store().db, { kind: 'case', id: caseId })).map((e) => e.type);
      assert.ok(!types.includes('case.decided') && !types.includes('case.escalated'), types.join());
      // Without a classification the same decision goes through, and case.decided has none.
      const decided = await as(t, reviewer, `/v1/cases/${caseId}/decision`, VIOLATION);
      assert.equal(decided.statusCode, 200, decided.body);
      const event = (await eventsOf(store().db, { kind: 'case', id: caseId })).find((e) => e.type === 'case.decided');
      assert.equal(event?.type === 'case.decided' ? event.payload.industryClassifications : 'missing', undefined);
    } finally {
      await t.app.close();
    }
  });
});
