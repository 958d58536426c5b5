// Classifiers end to end, on both stores: an item with an image and text is accepted, its
// classifier jobs are queued with it, a worker sends it to the enabled fakes only, and what
// they find becomes review signals that open (or raise) a case without touching the account;
// a provider the operator trusts acts; a failing provider leaves the item accepted and
// counts its failures; and with nothing enabled no job is queued and no request made.
// Images are generated test patterns, texts placeholders.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore, type StoreTarget } from '../../support/stores.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { patternImage } from '../../support/images.js';
import { Store } from '../../../src/store/store.js';
import { Worker } from '../../../src/work/worker.js';
import { workerHandlers } from '../../../src/main/server.js';
import { readClassifiers } from '../../../src/config/classifiers.js';
import { CLASSIFIER_JOB_KIND } from '../../../src/services/classifiers/classifier-job.js';
import { verifyLog } from '../../../src/services/log/verify-log.js';
import { CREDENTIALS, digest, openAiFake, photoDnaFake, type Verdicts } from './fakes/providers.js';
import type { FakeProvider } from './fakes/fake-server.js';

const TEXT = 'placeholder words for the classifier test';

async function appWith(store: Store, env: Record<string, string>): Promise<TestApp> {
  const { config, secrets } = readClassifiers(env);
  return buildTestApp(store, { classifiers: config, secrets: { classifiers: secrets } });
}

async function post(t: TestApp, id: string, author: string, img: Buffer, text = TEXT) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/content',
    headers: t.auth(),
    payload: {
      id,
      kind: 'post',
      author: { id: author },
      text,
      media: [{ id: `${id}-m`, data: img.toString('base64') }],
      createdAt: '2026-11-28T11:00:00.000Z',
    },
  });
  assert.ok(res.statusCode === 200 || res.statusCode === 201, res.body);
  return (res.json() as { state: { status: string } }).state;
}

async function runJobs(t: TestApp): Promise<void> {
  // As in `vigie serve` with the api and worker roles: the worker counts into the api's registry.
  const worker = new Worker(t.ctx.jobs, workerHandlers({ ...t.ctx, api: t.ctx }), { now: () => t.clock.now });
  await worker.runOnce();
  await worker.idle();
  await worker.stop();
}

const jobs = (s: Store) => s.db.selectFrom('jobs').selectAll().where('kind', '=', CLASSIFIER_JOB_KIND).orderBy('id').execute();
const events = (s: Store, type: string, subjectId?: string) => {
  let q = s.db.selectFrom('events').selectAll().where('type', '=', type);
  if (subjectId) q = q.where('subject_id', '=', subjectId);
  return q.execute();
};
const account = (s: Store, id: string) => s.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
const content = (s: Store, id: string) => s.db.selectFrom('content').selectAll().where('id', '=', id).executeTakeFirst();

describeEachStore('classifier jobs', (store, target: StoreTarget) => {
  const photoVerdicts: Verdicts = new Map();
  const textVerdicts: Verdicts = new Map([[digest(TEXT), '0.91']]);
  const photodna = photoDnaFake(photoVerdicts);
  const openai = openAiFake(textVerdicts);
  const fakes: FakeProvider[] = [photodna, openai];
  let t: TestApp;
  let img: Buffer;

  before(async () => {
    await Promise.all(fakes.map((f) => f.start()));
    img = await patternImage(41, 200, 200);
    photoVerdicts.set(digest(img), 'match');
    t = await appWith(store(), {
      VIGIE_CLASSIFIERS: 'photodna,openai-moderation',
      VIGIE_CLASSIFIER_PHOTODNA_URL: photodna.url,
      VIGIE_CLASSIFIER_PHOTODNA_KEY: CREDENTIALS.apiKey,
      VIGIE_CLASSIFIER_OPENAI_MODERATION_URL: openai.url,
      VIGIE_CLASSIFIER_OPENAI_MODERATION_KEY: CREDENTIALS.apiKey,
    });
  });
  after(async () => {
    await t?.app.close();
    await Promise.all(fakes.map((f) => f.stop()));
  });

  test('an accepted item queues one job per enabled provider, and nothing is sent at ingest', async () => {
    await post(t, 'c-1', 'a-1', img);
    const queued = await jobs(store());
    assert.deepEqual(queued.map((j) => (JSON.parse(j.payload_json) as { provider: string }).provider).sort(), ['openai-moderation', 'photodna']);
    assert.equal(photodna.requests.length + openai.requests.length, 0);
  });

  test('the worker sends the image and the text; the findings become review signals, a case opens, the account is untouched', async () => {
    await runJobs(t);
    assert.equal(photodna.requests.length, 1);
    assert.equal(openai.requests.length, 1);
    const signals = (await events(store(), 'signal.recorded', 'c-1')).map(
      (e) => JSON.parse(e.payload_json) as { source: string; evidence: Record<string, unknown> },
    );
    const sources = signals.map((s) => s.source).sort();
    assert.deepEqual(sources, ['classifier:openai-moderation', 'classifier:photodna']);
    for (const s of signals) assert.equal(s.evidence.acts, false);
    const cases = await store().db.selectFrom('cases').selectAll().where('subject_id', '=', 'c-1').execute();
    assert.equal(cases.length, 1, 'one case, raised rather than duplicated by the second provider');
    assert.equal((await account(store(), 'a-1'))!.status, 'active');
    assert.equal((await content(store(), 'c-1'))!.status, 'active');
    assert.equal((await events(store(), 'action.taken')).length, 0);
  });

  test('a finding on an item whose case is open raises that case’s priority instead of opening another; the log verifies', async () => {
    const third = await patternImage(43, 200, 200);
    photoVerdicts.set(digest(third), 'match');
    await post(t, 'c-3', 'a-3', third, 'a third placeholder');
    const at = t.clock.now.toISOString();
    await store().write((w) =>
      w.append([
        {
          type: 'case.opened',
          subject: { kind: 'case', id: 'case-low' },
          actor: { kind: 'system', id: null },
          at,
          reason: 'a low-priority case opened before the classifiers ran',
          payload: {
            subjectKind: 'content',
            subjectId: 'c-3',
            priority: 5,
            urgent: false,
            needs: 'reviewer',
            rule: 'review.other',
            clauses: [],
            reportIds: [],
          },
        },
      ]),
    );
    await runJobs(t);
    const cases = await store().db.selectFrom('cases').selectAll().where('subject_id', '=', 'c-3').execute();
    assert.equal(cases.length, 1);
    assert.ok(cases[0]!.priority > 5, `priority ${cases[0]!.priority}`);
    const raised = await events(store(), 'case.reprioritised', 'case-low');
    assert.equal(raised.length, 1);
    assert.equal((JSON.parse(raised[0]!.payload_json) as { rule: string }).rule, 'review.classifier');
    const report = await verifyLog(store());
    assert.ok(report.ok, report.problems.join('; '));
  });

  test('a failing provider never fails the item: it is accepted, the job is retried and the failure counted', async () => {
    photodna.faults.push({ kind: 'status', status: 503 });
    const other = await patternImage(42, 200, 200);
    const answer = await post(t, 'c-2', 'a-2', other, 'another placeholder');
    assert.equal(answer.status, 'active');
    t.clock.now = new Date(t.clock.now.getTime() + 1000);
    await runJobs(t);
    const job = (await jobs(store())).find(
      (j) => (JSON.parse(j.payload_json) as { contentId: string; provider: string }).contentId === 'c-2' && j.payload_json.includes('photodna'),
    )!;
    assert.equal(job.status, 'queued');
    assert.match(job.last_error ?? '', /503/);
    const metrics = await t.ctx.metrics.registry.getSingleMetricAsString('vigie_classifier_calls_total');
    assert.match(metrics, /provider="photodna",outcome="error"} 1/);
  });

  test('a provider the operator trusts acts on a match: removed, suspended, reported', async () => {
    const fresh = await target.freshConfig();
    const trustedStore = await Store.open(fresh);
    const trusted = await appWith(trustedStore, {
      VIGIE_CLASSIFIERS: 'photodna',
      VIGIE_CLASSIFIER_PHOTODNA_URL: photodna.url,
      VIGIE_CLASSIFIER_PHOTODNA_KEY: CREDENTIALS.apiKey,
      VIGIE_CLASSIFIER_PHOTODNA_ACT_AT: '1',
    });
    try {
      await post(trusted, 'c-9', 'a-9', img);
      await runJobs(trusted);
      assert.equal((await content(trustedStore, 'c-9'))!.status, 'removed');
      assert.equal((await account(trustedStore, 'a-9'))!.status, 'suspended');
      assert.equal((await events(trustedStore, 'cybertip.drafted')).length, 1);
    } finally {
      await trusted.app.close();
      await trustedStore.close();
      await fresh.cleanup();
    }
  });

  test('with no classifier enabled, no job is queued and no request is made', async () => {
    const fresh = await target.freshConfig();
    const plainStore = await Store.open(fresh);
    const plain = await buildTestApp(plainStore);
    const sent = photodna.requests.length + openai.requests.length;
    try {
      await post(plain, 'c-5', 'a-5', img);
      assert.equal((await jobs(plainStore)).length, 0);
      // A job queued before the provider was switched off completes, sending nothing.
      const media = [{ id: 'c-5-m', sha256: digest(img), type: 'image/png' }];
      await plain.ctx.jobs.enqueue(CLASSIFIER_JOB_KIND, { provider: 'photodna', contentId: 'c-5', accountId: 'a-5', media, text: null, links: [] });
      await runJobs(plain);
      assert.equal(photodna.requests.length + openai.requests.length, sent);
      assert.deepEqual(
        (await jobs(plainStore)).map((j) => j.status),
        ['done'],
      );
    } finally {
      await plain.app.close();
      await plainStore.close();
      await fresh.cleanup();
    }
  });
});
