// Reports and the review workflow over HTTP, on both stores: reports join the subject's open
// case; claims are leases that cannot be stolen and can be taken over once they run out; a
// person's decision is enforced exactly once; an exception waits for a second, senior
// person; a muted reporter opens nothing; hostile report input gets a clear 4xx.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachStore } from '../support/stores.js';
import type { TestApp } from '../support/app.js';
import { staffTestApp } from './staff-harness.js';
import { freshId, seedPost, seedReport, seedReportedPost, seedStaff, type SignedIn } from '../support/seed.js';
import { eventsOf } from '../../src/store/log-store.js';
import { verifyLog } from '../../src/services/log/verify-log.js';
import { createEndpoint } from '../../src/services/webhooks/endpoints.js';

const rulesDir = mkdtempSync(join(tmpdir(), 'vigie-review-rules-'));
const rulesPath = join(rulesDir, 'review.json');
writeFileSync(rulesPath, JSON.stringify({ links: { default: ['https://forum.example/@{account}/posts/{content}', 'https://forum.example/@{account}'] } }));
after(() => rmSync(rulesDir, { recursive: true, force: true }));

describeEachStore('reports and review', (store) => {
  let t: TestApp;
  let reviewer: SignedIn;
  let other: SignedIn;
  let lead: SignedIn;
  let triage: SignedIn;
  after(async () => t?.app.close());

  async function ready(): Promise<void> {
    if (t) return;
    t = await staffTestApp(store(), { review: { leaseMs: 15 * 60_000, rulesPath, publicPlatform: 'default' } });
    reviewer = await seedStaff(t, 'reviewer');
    other = await seedStaff(t, 'reviewer');
    lead = await seedStaff(t, 'policy_lead');
    triage = await seedStaff(t, 'triage');
  }
  const inject = (s: SignedIn, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: s.session.headers(), ...(payload !== undefined ? { payload: payload as object } : {}) });
  const report = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/v1/reports', headers: t.auth(), payload });

  test('a report opens a case on the post; more reporters join it and raise it; the same key replays', async () => {
    await ready();
    const { id } = await seedPost(t);
    const first = await report({ subject: { kind: 'content', id }, reason: 'sexualised-comment', reporter: { accountId: 'r-1' }, clientKey: 'k-1' });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().opened, true);
    const caseId = first.json().caseId as string;

    const again = await report({ subject: { kind: 'content', id }, reason: 'sexualised-comment', reporter: { accountId: 'r-1' }, clientKey: 'k-1' });
    assert.equal(again.statusCode, 200);
    assert.deepEqual([again.json().replayed, again.json().reportId], [true, first.json().reportId]);

    const second = await report({ subject: { kind: 'content', id }, reason: 'sexualised-comment', reporter: { accountId: 'r-2' }, clientKey: 'k-2' });
    assert.deepEqual([second.json().caseId, second.json().opened], [caseId, false]);
    const detail = await inject(reviewer, 'GET', `/v1/cases/${caseId}`);
    assert.equal(detail.statusCode, 200, detail.body);
    assert.equal(detail.json().reports.length, 2);
    assert.equal(detail.json().case.queue, 'user-reports');
    assert.equal(detail.json().case.subject.id, id);
    assert.ok(detail.json().case.priority > 50, 'a second reporter raises the case');
    assert.equal(JSON.stringify(detail.json()).includes('r-1'), false, 'reviewers do not see who reported');
  });

  test('links the reporter pasted name the post through the platform’s link patterns', async () => {
    await ready();
    const { id, author } = await seedPost(t);
    const res = await report({
      links: [`https://forum.example/@${author}/posts/${id}`, 'https://elsewhere.example/x'],
      reason: 'adult-contacting-child',
      clientKey: freshId('k'),
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(res.json().unresolved, ['https://elsewhere.example/x']);
    const detail = await inject(reviewer, 'GET', `/v1/cases/${res.json().caseId}`);
    assert.deepEqual(detail.json().case.subject, { kind: 'content', id, platform: 'default' });
  });

  test('a claim cannot be stolen; once it runs out another reviewer takes the case over', async () => {
    await ready();
    const { caseId } = await seedReportedPost(t);
    const mine = await inject(reviewer, 'POST', `/v1/cases/${caseId}/claim`);
    assert.equal(mine.statusCode, 200, mine.body);
    assert.equal(mine.json().case.assigneeId, reviewer.id);
    const stolen = await inject(other, 'POST', `/v1/cases/${caseId}/claim`);
    assert.equal(stolen.statusCode, 409, stolen.body);
    assert.equal((await inject(other, 'POST', `/v1/cases/${caseId}/decision`, { clauses: [], malicious: null })).statusCode, 409);

    t.clock.now = new Date(t.clock.now.getTime() + 16 * 60_000);
    const taken = await inject(other, 'POST', `/v1/cases/${caseId}/claim`);
    assert.equal(taken.statusCode, 200, taken.body);
    assert.equal(taken.json().case.assigneeId, other.id);
    assert.equal((await inject(reviewer, 'POST', `/v1/cases/${caseId}/renew`)).statusCode, 409, 'the first claim is gone');
    const history = (await eventsOf(store().db, { kind: 'case', id: caseId })).map((e) => e.type);
    assert.deepEqual(history.slice(-3), ['case.assigned', 'case.unassigned', 'case.assigned']);
    assert.equal((await inject(other, 'POST', `/v1/cases/${caseId}/release`, { reason: 'end of shift' })).statusCode, 200);
  });

  test('claiming the next case gives two reviewers two different cases, highest priority first', async () => {
    await ready();
    // Empty the queue of what earlier tests left, so the order below is this test's.
    for (;;) {
      const r = await inject(lead, 'POST', '/v1/queues/user-reports/claim');
      if (r.json().case === null) break;
    }
    const low = await seedReportedPost(t, 'promotes-attraction');
    const high = await seedReportedPost(t, 'sexual-image-of-child');
    const a = await inject(reviewer, 'POST', '/v1/queues/user-reports/claim');
    const b = await inject(other, 'POST', '/v1/queues/user-reports/claim');
    assert.equal(a.json().case.id, high.caseId);
    assert.equal(b.json().case.id, low.caseId);
    assert.equal((await inject(triage, 'POST', '/v1/queues/user-reports/claim')).statusCode, 403, 'triage sorts, never decides');
  });

  test('a person’s decision: the preview writes nothing, the decision is enforced once', async () => {
    await ready();
    const { post, author, caseId } = await seedReportedPost(t);
    await inject(reviewer, 'POST', `/v1/cases/${caseId}/claim`);
    const finding = { clauses: ['content.sexualised-comment-minor'], malicious: true };
    const before = (await eventsOf(store().db, { kind: 'case', id: caseId })).length;
    const preview = await inject(reviewer, 'POST', `/v1/cases/${caseId}/decision/preview`, finding);
    assert.equal(preview.statusCode, 200, preview.body);
    const kinds = preview.json().actions.map((a: { kind: string }) => a.kind);
    assert.ok(kinds.includes('remove_content') && kinds.includes('suspend_account'), kinds.join());
    assert.equal((await eventsOf(store().db, { kind: 'case', id: caseId })).length, before, 'a preview writes nothing');

    const decided = await inject(reviewer, 'POST', `/v1/cases/${caseId}/decision`, finding);
    assert.equal(decided.statusCode, 200, decided.body);
    assert.equal(decided.json().outcome, 'act');
    assert.equal((await inject(reviewer, 'POST', `/v1/cases/${caseId}/decision`, finding)).statusCode, 409, 'decided once');
    const content = await t.app.inject({ method: 'GET', url: `/v1/content/${post}`, headers: t.auth() });
    assert.equal(content.json().state.status, 'removed');
    const account = await t.app.inject({ method: 'GET', url: `/v1/accounts/${author}`, headers: t.auth() });
    assert.equal(account.json().state.status, 'suspended');
    const removals = (await eventsOf(store().db, { kind: 'content', id: post })).filter((e) => e.type === 'action.taken');
    assert.equal(removals.length, 1, 'one removal');
    assert.equal(removals[0]!.actor.id, reviewer.id, 'the reviewer is the actor');
    const [filed] = await store().db.selectFrom('reports').select(['id', 'reporter_id']).where('case_id', '=', caseId).execute();
    const told = await eventsOf(store().db, { kind: 'account', id: filed!.reporter_id! });
    assert.deepEqual(
      told.map((e) => [e.type, e.payload]),
      [['report.resolved', { reportId: filed!.id, clientKey: (told[0]!.payload as { clientKey: string }).clientKey, outcome: 'action-taken' }]],
      'the reporter hears, in general terms',
    );
  });

  test('an exception waits for a second, senior person', async () => {
    await ready();
    const { post, caseId } = await seedReportedPost(t, 'sexual-image-of-child');
    const finder = await seedStaff(t, 'policy_lead');
    await inject(finder, 'POST', `/v1/cases/${caseId}/claim`);
    const found = await inject(finder, 'POST', `/v1/cases/${caseId}/decision`, {
      clauses: ['content.visual-depiction'],
      malicious: false,
      exception: 'exception.news-reporting',
    });
    assert.equal(found.statusCode, 200, found.body);
    assert.equal(found.json().pendingSenior, true);
    const detail = await inject(finder, 'GET', `/v1/cases/${caseId}`);
    assert.deepEqual([detail.json().case.queue, detail.json().case.pendingSenior], ['senior', true]);

    assert.equal((await inject(finder, 'POST', `/v1/cases/${caseId}/confirmation`, { confirmed: true })).statusCode, 403, 'not one’s own');
    assert.equal((await inject(reviewer, 'POST', `/v1/cases/${caseId}/confirmation`, { confirmed: true })).statusCode, 403, 'a reviewer is not senior');
    const confirmed = await inject(lead, 'POST', `/v1/cases/${caseId}/confirmation`, { confirmed: true });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    assert.equal(confirmed.json().outcome, 'exception');
    const content = await t.app.inject({ method: 'GET', url: `/v1/content/${post}`, headers: t.auth() });
    assert.equal(content.json().state.status, 'active', 'nothing was removed');
  });

  test('a muted reporter’s reports are kept but open nothing', async () => {
    await ready();
    const { id } = await seedPost(t);
    const muted = await inject(triage, 'POST', '/v1/reporters/mute', { accountId: 'serial-reporter', reason: 'reports the same person daily' });
    assert.equal(muted.statusCode, 200, muted.body);
    const filed = await seedReport(t, { kind: 'content', id }, { reporter: 'serial-reporter' });
    assert.deepEqual([filed.caseId, filed.opened], [null, false]);
    assert.equal((await inject(reviewer, 'POST', '/v1/reporters/mute', { accountId: 'x' })).statusCode, 403);
  });

  test('hostile report input gets a clear 4xx and stores nothing', async () => {
    await ready();
    const { id } = await seedPost(t);
    const base = { subject: { kind: 'content', id }, reason: 'other', clientKey: freshId('k') };
    const cases: [string, Record<string, unknown>][] = [
      ['huge text', { ...base, text: 'x'.repeat(5000) }],
      ['control character in an id', { ...base, subject: { kind: 'content', id: 'a\u0001b' } }],
      ['lone surrogate', { ...base, text: 'abc\ud800' }],
      ['unknown reason', { ...base, reason: 'because' }],
      ['no subject', { reason: 'other', clientKey: freshId('k') }],
      ['too many links', { ...base, links: Array.from({ length: 21 }, (_, i) => `https://x.example/${i}`) }],
      ['markup as a key', { ...base, clientKey: '<script>alert(1)</script>'.repeat(20) }],
      ['unknown field', { ...base, extra: 1 }],
    ];
    const count = async () =>
      (
        await store()
          .db.selectFrom('reports')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const before = Number(await count());
    for (const [name, payload] of cases) {
      const res = await report(payload);
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${name}: ${res.statusCode} ${res.body}`);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', name);
    }
    assert.equal(Number(await count()), before);
    const links = await report({ links: ['https://nowhere.example/a'], reason: 'other', clientKey: freshId('k') });
    assert.equal(links.statusCode, 400, 'links that name nothing are a clear 400');
  });

  test('AT Protocol clients report through createReport, in its lexicon’s shapes', async () => {
    await ready();
    const url = '/xrpc/com.atproto.moderation.createReport';
    const uri = 'at://did:plc:abc123example/app.bsky.feed.post/3kexamplerkey';
    const headers = { ...t.auth(), 'vigie-reporter-did': 'did:plc:reporter0example' };
    const res = await t.app.inject({
      method: 'POST',
      url,
      headers,
      payload: {
        reasonType: 'tools.ozone.report.defs#reasonChildSafetyGroom',
        reason: 'asks a young user to move to another app',
        subject: { $type: 'com.atproto.repo.strongRef', uri, cid: 'bafyreiexamplecid' },
      },
    });
    assert.equal(res.statusCode, 200, res.body);
    const out = res.json();
    assert.ok(Number.isInteger(out.id) && out.id > 0);
    assert.equal(out.reportedBy, 'did:plc:reporter0example');
    assert.deepEqual(out.subject, { $type: 'com.atproto.repo.strongRef', uri, cid: 'bafyreiexamplecid' });
    const row = await store()
      .db.selectFrom('reports')
      .select(['subject_kind', 'subject_id', 'case_id', 'category'])
      .where('filed_seq', '=', out.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual([row.subject_kind, row.subject_id, row.category], ['content', uri, 'adult-contacting-child']);
    assert.ok(row.case_id);

    const account = await t.app.inject({
      method: 'POST',
      url,
      headers,
      payload: {
        reasonType: 'tools.ozone.report.defs#reasonChildSafetyCSAM',
        subject: { $type: 'com.atproto.admin.defs#repoRef', did: 'did:plc:abc123example' },
      },
    });
    assert.equal(account.statusCode, 200, account.body);

    const spam = await t.app.inject({
      method: 'POST',
      url,
      headers,
      payload: { reasonType: 'com.atproto.moderation.defs#reasonSpam', subject: { $type: 'com.atproto.admin.defs#repoRef', did: 'did:plc:abc123example' } },
    });
    assert.equal(spam.statusCode, 400);
    assert.equal(spam.json().error, 'InvalidRequest');
    const noDid = await t.app.inject({
      method: 'POST',
      url,
      headers: t.auth(),
      payload: { reasonType: 'tools.ozone.report.defs#reasonChildSafetyCSAM', subject: { $type: 'com.atproto.admin.defs#repoRef', did: 'did:plc:x' } },
    });
    assert.deepEqual([noDid.statusCode, noDid.json().error], [400, 'InvalidRequest']);
    const noKey = await t.app.inject({ method: 'POST', url, payload: {} });
    assert.deepEqual([noKey.statusCode, noKey.json().error], [401, 'AuthenticationRequired']);
  });

  test('a report on a post vigie never received asks the platform for it, once', async () => {
    await ready();
    const { endpoint } = await createEndpoint(
      store(),
      { url: 'http://127.0.0.1:9/hooks', eventTypes: ['content.requested'], actor: { kind: 'system', id: null }, at: t.clock.now.toISOString() },
      { allowPrivate: true },
      null,
    );
    const unseen = freshId('unseen-post');
    const first = await seedReport(t, { kind: 'content', id: unseen }, { reason: 'adult-contacting-child' });
    await seedReport(t, { kind: 'content', id: unseen }, { reason: 'adult-contacting-child' });
    const asked = await store().db.selectFrom('webhook_deliveries').select(['event_type', 'payload_json']).where('endpoint_id', '=', endpoint.id).execute();
    assert.equal(asked.length, 1, 'asked once');
    const message = JSON.parse(asked[0]!.payload_json);
    assert.equal(message.type, 'content.requested');
    assert.deepEqual([message.action.kind, message.action.subject, message.action.caseId], ['request_content', { kind: 'content', id: unseen }, first.caseId]);

    // The platform sends it: it is scanned, and the case waits with it.
    const author = await seedPost(t, { id: unseen });
    assert.equal(author.id, unseen);
    const detail = await inject(reviewer, 'GET', `/v1/cases/${first.caseId}`);
    assert.equal(detail.json().reports.length, 2);
  });

  test('the log verifies after all of it', async () => {
    await ready();
    const result = await verifyLog(store());
    assert.equal(result.ok, true, JSON.stringify(result));
  });
});
