// The legal role over HTTP, on both stores: drafts listed with their deadline, the document a
// draft would send (valid against NCMEC's schema), approval that queues the filing job, and
// the overdue alert: a draft past its deadline is named once (event, metric) however often
// the task runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../../support/stores.js';
import { schemaErrors, skipWithoutValidator } from '../../support/xmllint.js';
import { addStaff, signIn } from '../../http/staff-harness.js';
import { cybertipApp, postKnownImage } from './harness.js';
import { alertOverdueDrafts } from '../../../src/services/cybertip/overdue.js';
import { createMetrics } from '../../../src/services/metrics.js';

const skip = skipWithoutValidator();

describeEachStore('CyberTipline legal API', (store) => {
  test('drafts, the document, approval, and the overdue alert', { skip }, async () => {
    const t = await cybertipApp(store());
    try {
      const { cybertipId, account } = await postKnownImage(t, store());
      const legal = await signIn(t, await addStaff(t, `legal-${Date.now()}`, 'legal'));

      const drafts = await t.app.inject({ method: 'GET', url: '/v1/cybertips?status=draft', headers: legal.headers() });
      assert.equal(drafts.statusCode, 200, drafts.body);
      const mine = drafts.json().reports.find((r: { id: string }) => r.id === cybertipId);
      assert.equal(mine.accountId, account);
      assert.equal(mine.status, 'draft');
      assert.equal(mine.ncmecReportId, null);
      assert.equal(mine.overdue, false);

      const doc = await t.app.inject({ method: 'GET', url: `/v1/cybertips/${cybertipId}/document`, headers: legal.headers() });
      assert.equal(doc.statusCode, 200);
      assert.equal(doc.headers['vigie-document'], 'preview');
      assert.equal(schemaErrors(doc.body), null);

      const bad = await t.app.inject({ method: 'GET', url: '/v1/cybertips?status=lost', headers: legal.headers() });
      assert.equal(bad.statusCode, 400);
      const missing = await t.app.inject({ method: 'GET', url: '/v1/cybertips/ct_none', headers: legal.headers() });
      assert.equal(missing.statusCode, 404);

      // A day and a minute later nobody has approved it: named once.
      const later = () => new Date(Date.parse(mine.approveBy) + 60_000);
      assert.deepEqual(await alertOverdueDrafts({ store: store(), now: later }), [cybertipId]);
      assert.deepEqual(await alertOverdueDrafts({ store: store(), now: later }), []);
      const overdue = await store()
        .db.selectFrom('events')
        .select('type')
        .where('type', '=', 'cybertip.overdue')
        .where('subject_id', '=', cybertipId)
        .execute();
      assert.equal(overdue.length, 1);
      const gauge = await createMetrics(store()).registry.getSingleMetricAsString('vigie_cybertip_drafts_overdue');
      assert.match(gauge, /vigie_cybertip_drafts_overdue [1-9]/);

      // An escalation needs its reason: an empty one is refused, and nothing is approved.
      const blank = await t.app.inject({
        method: 'POST',
        url: `/v1/cybertips/${cybertipId}/approve`,
        headers: legal.headers(),
        payload: { reason: 'checked', escalateToHighPriority: '   ' },
      });
      assert.equal(blank.statusCode, 400, blank.body);
      assert.doesNotMatch(doc.body, /escalateToHighPriority/, 'a draft is not escalated unless legal says so');
      const approved = await t.app.inject({
        method: 'POST',
        url: `/v1/cybertips/${cybertipId}/approve`,
        headers: legal.headers(),
        payload: { reason: 'checked', escalateToHighPriority: 'Placeholder: the messages describe a meeting planned for tomorrow.' },
      });
      assert.equal(approved.statusCode, 200, approved.body);
      assert.equal(approved.json().status, 'approved');
      const again = await t.app.inject({ method: 'POST', url: `/v1/cybertips/${cybertipId}/approve`, headers: legal.headers(), payload: {} });
      assert.equal(again.statusCode, 409);
      const jobs = await store().db.selectFrom('jobs').select('kind').where('kind', '=', 'cybertip.file').execute();
      assert.equal(jobs.length, 1, 'approval queued the filing job');
      const escalated = await t.app.inject({ method: 'GET', url: `/v1/cybertips/${cybertipId}/document`, headers: legal.headers() });
      assert.equal(escalated.statusCode, 200);
      assert.equal(schemaErrors(escalated.body), null);
      assert.match(escalated.body, /<escalateToHighPriority>Placeholder: the messages describe a meeting planned for tomorrow\.<\/escalateToHighPriority>/);
    } finally {
      await t.app.close();
    }
  });
});
