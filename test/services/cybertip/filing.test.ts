// The filing workflow against the fake CyberTipline, on both stores: a verified-bank match
// that nobody revealed ends as a finished report with fileViewedByEsp false (the fake
// validated every document against NCMEC's schema); a worker "killed" after every step (it
// stops there; a fresh one takes over on the same store) finishes the report exactly once;
// injected faults (an answer lost after /submit was processed, 5xx, a /finish whose answer
// never came) never make a second finished report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../../support/stores.js';
import { FakeCyberTipline } from '../../support/fake-cybertipline.js';
import { skipWithoutValidator } from '../../support/xmllint.js';
import { fileReport, FilingRetryError } from '../../../src/services/cybertip/file-report.js';
import { approveCybertip, retractCybertip } from '../../../src/services/cybertip/legal-actions.js';
import { cybertipById, cybertipFiles } from '../../../src/store/cybertip-reports.js';
import { cybertipApp, filingDepsFor, HoldRecorder, LEGAL, postKnownImage } from './harness.js';
import { HandlerRegistry } from '../../../src/work/handlers.js';
import { startWorkers } from '../../../src/work/worker.js';
import { registerFilingHandlers } from '../../../src/services/cybertip/filing-job.js';
import { ncmecClient } from '../../../src/services/cybertip/ncmec-client.js';
import { checkNcmecSchema } from '../../../src/services/cybertip/schema-check.js';
import { claimCase } from '../../../src/services/cases/claim-case.js';
import { decideCase } from '../../../src/services/cases/decide-case.js';
import { permissionsOf } from '../../../src/services/staff/roles.js';
import { seedReportedPost } from '../../support/seed.js';

const skip = skipWithoutValidator();

class Killed extends Error {}

/** Reports at the fake about this account (its id is the report's espIdentifier). */
function reportsAbout(fake: FakeCyberTipline, account: string) {
  return [...fake.reports.values()].filter((r) => r.xml.includes(`<espIdentifier>${account}</espIdentifier>`));
}

describeEachStore('CyberTipline filing', (store) => {
  test('a verified-bank match nobody revealed is filed from its facts, fileViewedByEsp false, accepted by the fake', { skip }, async () => {
    const fake = await new FakeCyberTipline().start();
    const t = await cybertipApp(store());
    try {
      const { cybertipId, account, post } = await postKnownImage(t, store());
      const draft = (await cybertipById(store().db, cybertipId))!;
      assert.equal(draft.status, 'draft', 'without auto-filing, legal approves first');
      assert.equal(await fileReport(filingDepsFor(t, fake, new HoldRecorder(t)), cybertipId), 'not-approved');
      await approveCybertip({ store: store(), jobs: t.ctx.jobs, now: () => new Date() }, LEGAL, cybertipId, 'checked');
      const holds = new HoldRecorder(t);
      assert.equal(await fileReport(filingDepsFor(t, fake, holds), cybertipId), 'finished');

      const done = reportsAbout(fake, account);
      assert.equal(done.length, 1);
      assert.equal(done[0]!.status, 'finished');
      assert.match(done[0]!.xml, /<incidentType>Child Pornography \(possession, manufacture, and distribution\)<\/incidentType>/);
      assert.match(done[0]!.xml, /<email>[^<]+@example.org<\/email>/);
      const files = [...done[0]!.files.values()];
      assert.equal(files.length, 1);
      assert.match(files[0]!.details!, /<fileViewedByEsp>false<\/fileViewedByEsp>/, 'nobody revealed it');
      assert.match(files[0]!.details!, /<originalFileHash hashType="SHA256">/);

      const row = (await cybertipById(store().db, cybertipId))!;
      assert.equal(row.status, 'finished');
      assert.equal(row.ncmec_report_id, done[0]!.id);
      assert.equal(row.report_xml, done[0]!.xml, 'the exact document sent is kept');
      const [file] = await cybertipFiles(store().db, cybertipId);
      assert.equal(file!.ncmec_md5, file!.md5, 'NCMEC received the bytes vigie hashed');
      assert.equal(holds.placed.length, 1);
      assert.deepEqual(holds.placed[0]!.sha256s, [file!.sha256]);
      assert.deepEqual(holds.placed[0]!.contentIds, [post]);
      assert.equal(Date.parse(holds.placed[0]!.until) - Date.parse(row.submitted_at!) > 364 * 86_400_000, true, 'held for a year');
      // The evidence vault holds what was reported, for a year from submission.
      const held = await store().db.selectFrom('holds').selectAll().where('cybertip_id', '=', cybertipId).execute();
      assert.equal(held.length, 1);
      assert.equal(held[0]!.until, holds.placed[0]!.until);
      const items = await store().db.selectFrom('hold_items').select(['kind', 'ref']).where('hold_id', '=', held[0]!.id).execute();
      assert.ok(
        items.some((i) => i.ref === file!.sha256),
        JSON.stringify(items),
      );
      const types = (
        await store()
          .db.selectFrom('events')
          .select('type')
          .where('subject_kind', '=', 'cybertip')
          .where('subject_id', '=', cybertipId)
          .orderBy('seq')
          .execute()
      ).map((e) => e.type);
      assert.deepEqual(types, ['cybertip.drafted', 'cybertip.approved', 'cybertip.submitted', 'cybertip.file_uploaded', 'cybertip.finished']);
      // Running it again does nothing.
      assert.equal(await fileReport(filingDepsFor(t, fake, holds), cybertipId), 'ended');
      assert.equal(reportsAbout(fake, account).length, 1);
    } finally {
      await t.app.close();
      await fake.stop();
    }
  });

  test('a file a reviewer revealed on the case is reported as viewed by the company', { skip }, async () => {
    const fake = await new FakeCyberTipline().start();
    // An unverified bank: a person must decide, on a case.
    const t = await cybertipApp(store(), false, false);
    try {
      const { account, post } = await postKnownImage(t, store(), { reviewFirst: true });
      const c = await store().db.selectFrom('cases').select('id').where('subject_id', '=', post).executeTakeFirstOrThrow();
      const media = await store().db.selectFrom('media').select(['sha256', 'media_id']).where('content_id', '=', post).executeTakeFirstOrThrow();
      const reviewer = { id: 'reviewer-1', permissions: permissionsOf('reviewer'), platforms: null };
      const now = () => t.clock.now;
      // What the console's reveal writes when the reviewer chooses to see the image unblurred.
      await store().write((w) =>
        w.append([
          {
            type: 'media.revealed',
            subject: { kind: 'case', id: c.id },
            actor: { kind: 'staff', id: reviewer.id },
            at: now().toISOString(),
            reason: null,
            payload: { sha256: media.sha256, contentId: post, mediaId: media.media_id },
          },
        ]),
      );
      await claimCase({ store: store(), leaseMs: 60_000, now }, reviewer, c.id);
      await decideCase({ store: store(), enforcement: t.ctx.enforcement, now }, reviewer, c.id, { clauses: ['content.visual-depiction'], malicious: true });
      const row = await store().db.selectFrom('cybertip_reports').selectAll().where('account_id', '=', account).executeTakeFirstOrThrow();
      assert.equal(row.case_id, c.id, 'the report knows its case');
      assert.equal(row.automated, 0);
      await approveCybertip({ store: store(), jobs: t.ctx.jobs, now: () => new Date() }, LEGAL, row.id, null);
      assert.equal(await fileReport(filingDepsFor(t, fake, new HoldRecorder(t)), row.id), 'finished');
      const [report] = reportsAbout(fake, account);
      assert.match([...report!.files.values()][0]!.details!, /<fileViewedByEsp>true<\/fileViewedByEsp>/);
      assert.match(report!.xml, /A trained reviewer at the company decided on this report/);
      const submitted = await store()
        .db.selectFrom('events')
        .select('payload_json')
        .where('type', '=', 'cybertip.submitted')
        .where('subject_id', '=', row.id)
        .executeTakeFirstOrThrow();
      assert.equal(JSON.parse(submitted.payload_json).caseId, c.id, "NCMEC's report id is recorded against the case");
    } finally {
      await t.app.close();
      await fake.stop();
    }
  });

  test('a text-only enticement report (no file) is filed too', { skip }, async () => {
    const fake = await new FakeCyberTipline().start();
    const t = await cybertipApp(store());
    try {
      const { caseId, author } = await seedReportedPost(t);
      const reviewer = { id: 'reviewer-3', permissions: permissionsOf('reviewer'), platforms: null };
      const now = () => t.clock.now;
      await claimCase({ store: store(), leaseMs: 60_000, now }, reviewer, caseId);
      await decideCase({ store: store(), enforcement: t.ctx.enforcement, now }, reviewer, caseId, { clauses: ['behaviour.grooming'], malicious: true });
      const row = await store().db.selectFrom('cybertip_reports').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
      assert.equal((await cybertipFiles(store().db, row.id)).length, 0);
      await approveCybertip({ store: store(), jobs: t.ctx.jobs, now: () => new Date() }, LEGAL, row.id, null);
      assert.equal(await fileReport(filingDepsFor(t, fake, new HoldRecorder(t)), row.id), 'finished');
      const [report] = reportsAbout(fake, author);
      assert.equal(report!.status, 'finished');
      assert.match(report!.xml, /<incidentType>Online Enticement of Children for Sexual Acts<\/incidentType>/);
      assert.equal(report!.files.size, 0);
    } finally {
      await t.app.close();
      await fake.stop();
    }
  });

  test('killed after every step, a fresh worker finishes the report exactly once', { skip }, async () => {
    const fake = await new FakeCyberTipline().start();
    const t = await cybertipApp(store(), true);
    try {
      const steps = ['submitting', 'submit-answered', 'submitted', 'held', 'uploaded:*', 'uploaded', 'described:*', 'described', 'finishing', 'finished'];
      for (const step of steps) {
        const { cybertipId, account } = await postKnownImage(t, store());
        assert.equal((await cybertipById(store().db, cybertipId))!.status, 'approved', 'a verified match on an auto-file bank is approved at once');
        const holds = new HoldRecorder(t);
        const dying = filingDepsFor(t, fake, holds, {
          checkpoint: (reached) => {
            if (reached === step || (step.endsWith('*') && reached.startsWith(step.slice(0, -1)))) throw new Killed(reached);
          },
        });
        await assert.rejects(fileReport(dying, cybertipId), Killed, `the worker stops at ${step}`);
        // A new process: a new client, the same store.
        const outcome = await fileReport(filingDepsFor(t, fake, holds), cybertipId);
        assert.equal(outcome, step === 'finished' ? 'ended' : 'finished', step);
        const finished = reportsAbout(fake, account).filter((r) => r.status === 'finished');
        assert.equal(finished.length, 1, `exactly one finished report after a kill at ${step}`);
        const row = (await cybertipById(store().db, cybertipId))!;
        assert.equal(row.status, 'finished');
        assert.equal(row.ncmec_report_id, finished[0]!.id, step);
        assert.equal(finished[0]!.files.size, 1, `one file in the finished report after a kill at ${step}`);
        assert.ok(holds.placed.length >= 1 && holds.placed.every((h) => h.cybertipId === cybertipId));
      }
    } finally {
      await t.app.close();
      await fake.stop();
    }
  });

  test('faults: a lost /submit answer, a 5xx and an unanswered /finish still end in one finished report', { skip }, async () => {
    const fake = await new FakeCyberTipline().start();
    const t = await cybertipApp(store(), true);
    try {
      const { cybertipId, account } = await postKnownImage(t, store());
      fake.inject('submit', { kind: 'drop-after' });
      fake.inject('upload', { kind: 'http', status: 503 }, { kind: 'code', code: 1111 });
      fake.inject('finish', { kind: 'timeout' });
      const deps = filingDepsFor(t, fake, new HoldRecorder(t), {
        // Long enough that a slow machine's ordinary answer is never taken for the injected silence.
        client: ncmecClient({ baseUrl: fake.url, username: fake.username, password: fake.password, timeoutMs: 3_000 }),
      });
      let outcome: string | undefined;
      let retries = 0;
      // What the queue does between attempts (with its backoff), without the wait.
      while (outcome === undefined) {
        try {
          outcome = await fileReport(deps, cybertipId);
        } catch (err) {
          assert.ok(err instanceof FilingRetryError, String(err));
          retries++;
          assert.ok(retries < 10);
        }
      }
      assert.equal(outcome, 'finished');
      assert.ok(retries >= 4, `retried through every fault (${retries})`);
      const about = reportsAbout(fake, account);
      assert.equal(about.filter((r) => r.status === 'finished').length, 1);
      // The report whose id was lost stays open at NCMEC (it expires there); the one whose
      // /finish went unanswered was still open, so the probe cancelled it and filing began again.
      const statuses = about.map((r) => r.status);
      assert.equal(statuses.filter((x) => x === 'finished').length, 1);
      assert.ok(statuses.includes('open') && statuses.includes('retracted'), statuses.join(','));
    } finally {
      await t.app.close();
      await fake.stop();
    }
  });

  test('an uncertain /finish that NCMEC did process is recorded as finished by the probe, not filed twice', { skip }, async () => {
    const fake = await new FakeCyberTipline().start();
    const t = await cybertipApp(store(), true);
    try {
      const { cybertipId, account } = await postKnownImage(t, store());
      fake.inject('finish', { kind: 'drop-after' });
      const deps = filingDepsFor(t, fake, new HoldRecorder(t));
      await assert.rejects(fileReport(deps, cybertipId), FilingRetryError);
      assert.equal(await fileReport(deps, cybertipId), 'finished');
      assert.equal(reportsAbout(fake, account).length, 1);
      assert.equal(fake.calls.filter((c) => c.endpoint === 'retract').at(-1)!.code, 5102, 'the probe found it finished');
      const finished = await store()
        .db.selectFrom('events')
        .select('payload_json')
        .where('type', '=', 'cybertip.finished')
        .where('subject_id', '=', cybertipId)
        .executeTakeFirstOrThrow();
      assert.equal(JSON.parse(finished.payload_json).confirmedByProbe, true);
    } finally {
      await t.app.close();
      await fake.stop();
    }
  });

  test('a refused document marks the report failed for a person; wrong credentials too', { skip }, async () => {
    const fake = await new FakeCyberTipline().start();
    const t = await cybertipApp(store(), true);
    try {
      const { cybertipId } = await postKnownImage(t, store());
      const wrong = filingDepsFor(t, fake, new HoldRecorder(t), {
        client: ncmecClient({ baseUrl: fake.url, username: 'someone', password: 'wrong', timeoutMs: 2000 }),
      });
      await assert.rejects(fileReport(wrong, cybertipId), /credentials were refused/);
      const row = (await cybertipById(store().db, cybertipId))!;
      assert.notEqual(row.failed_at, null);
      assert.doesNotMatch(row.last_error!, /wrong/, 'the password is never written');
      assert.equal(await fileReport(filingDepsFor(t, fake, new HoldRecorder(t)), cybertipId), 'failed-before', 'a failed report waits for a person');
    } finally {
      await t.app.close();
      await fake.stop();
    }
  });

  test('the queue runs the filing job that an approval queued, and legal can retract an unfinished report', { skip }, async () => {
    const fake = await new FakeCyberTipline().start();
    const t = await cybertipApp(store());
    const workers = startWorkers(t.ctx.jobs, registerFilingHandlers(new HandlerRegistry(), filingDepsFor(t, fake, new HoldRecorder(t))), {
      pollIntervalMs: 50,
    });
    try {
      const { cybertipId, account } = await postKnownImage(t, store());
      await approveCybertip({ store: store(), jobs: t.ctx.jobs, now: () => new Date() }, LEGAL, cybertipId, null);
      const until = Date.now() + 20_000;
      while ((await cybertipById(store().db, cybertipId))!.status !== 'finished') {
        assert.ok(Date.now() < until, 'the worker finished it');
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(reportsAbout(fake, account).length, 1);

      const second = await postKnownImage(t, store());
      const legal = { store: store(), jobs: t.ctx.jobs, now: () => new Date(), client: filingDepsFor(t, fake, new HoldRecorder(t)).client };
      const retracted = await retractCybertip(legal, LEGAL, second.cybertipId, 'filed in error');
      assert.equal(retracted.status, 'retracted');
      await assert.rejects(retractCybertip(legal, LEGAL, cybertipId, 'too late'), /finished/);
      await assert.rejects(approveCybertip(legal, { ...LEGAL, permissions: ['case:decide'] }, second.cybertipId, null), /legal role/);
    } finally {
      await workers.stop();
      await t.app.close();
      await fake.stop();
    }
  });
});

test('the client says whether NCMEC serves the schema vigie builds for', { skip }, async () => {
  const fake = await new FakeCyberTipline().start();
  try {
    const client = ncmecClient({ baseUrl: fake.url, username: fake.username, password: fake.password, timeoutMs: 2000 });
    assert.equal((await client.status()).code, 0);
    assert.equal((await checkNcmecSchema(client)).status, 'same');
    const other = await new FakeCyberTipline('u', 'p', new URL('../../../package.json', import.meta.url).pathname).start();
    try {
      const r = await checkNcmecSchema(ncmecClient({ baseUrl: other.url, username: 'u', password: 'p', timeoutMs: 2000 }));
      assert.equal(r.status, 'different');
    } finally {
      await other.stop();
    }
  } finally {
    await fake.stop();
  }
});
