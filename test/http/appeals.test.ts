// Appeals over HTTP, on both stores: the platform mints a token for its notice; the person
// appeals through the page with it; another reviewer takes the appeal (the original decider
// cannot) and overturns it; the account and content are restored through the one
// enforcement path, the identifiers lifted from the ban-evasion registry, the platform's
// webhooks queued, legal told of the CyberTipline report; a second appeal on the same
// action is refused; the person reads the outcome by their token.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../support/stores.js';
import type { TestApp } from '../support/app.js';
import { staffTestApp } from './staff-harness.js';
import { freshId, seedAccount, seedPost, seedReport, seedStaff, type SignedIn } from '../support/seed.js';
import { eventsOf } from '../../src/store/log-store.js';
import { verifyLog } from '../../src/services/log/verify-log.js';
import { createEndpoint } from '../../src/services/webhooks/endpoints.js';
import { mintAppealToken } from '../../src/services/appeals/appeal-token.js';
import { appealTokenKey } from '../../src/store/appeal-token-key.js';

describeEachStore('appeals', (store) => {
  let t: TestApp;
  let decider: SignedIn;
  let other: SignedIn;
  let triage: SignedIn;
  let endpointId: string;
  after(async () => t?.app.close());

  async function ready(): Promise<void> {
    if (t) return;
    t = await staffTestApp(store(), { review: { leaseMs: 15 * 60_000, rulesPath: undefined, publicPlatform: 'default' } });
    decider = await seedStaff(t, 'reviewer');
    other = await seedStaff(t, 'reviewer');
    triage = await seedStaff(t, 'triage');
    const { endpoint } = await createEndpoint(
      store(),
      { url: 'http://127.0.0.1:9/hooks', actor: { kind: 'system', id: null }, at: t.clock.now.toISOString() },
      { allowPrivate: true },
      null,
    );
    endpointId = endpoint.id;
  }
  const staff = (s: SignedIn, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: s.session.headers(), ...(payload !== undefined ? { payload: payload as object } : {}) });
  const form = (fields: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: '/appeal',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });

  /** A post reported, decided by `decider` as a malicious violation: removed, author suspended and blocked, a CyberTipline report drafted. */
  async function suspended(clause = 'content.visual-depiction'): Promise<{ post: string; author: string; actionId: string }> {
    const author = await seedAccount(t, freshId('acct'), { identifiers: { email: `${freshId('person')}@example.org` } });
    const { id: post } = await seedPost(t, { author });
    const filed = await seedReport(t, { kind: 'content', id: post }, { reason: 'sexual-image-of-child' });
    assert.equal((await staff(decider, 'POST', `/v1/cases/${filed.caseId}/claim`)).statusCode, 200);
    const decided = await staff(decider, 'POST', `/v1/cases/${filed.caseId}/decision`, { clauses: [clause], malicious: true });
    assert.equal(decided.statusCode, 200, decided.body);
    const suspension = (await eventsOf(store().db, { kind: 'account', id: author })).find(
      (e) => e.type === 'action.taken' && e.payload.action === 'suspend_account',
    );
    assert.ok(suspension, 'the author was suspended');
    return { post, author, actionId: `act_${suspension.hash}` };
  }

  test('filed with the token, taken by another reviewer, overturned: account and content restored, webhooks queued, registry lifted', async () => {
    await ready();
    const { post, author, actionId } = await suspended();
    const blockedBefore = await store().db.selectFrom('block_registry').select('lifted_at').where('account_id', '=', author).execute();
    assert.ok(blockedBefore.length > 0 && blockedBefore.every((r) => r.lifted_at === null), 'the identifiers are on the registry');

    const minted = await t.app.inject({ method: 'POST', url: '/v1/appeals/tokens', headers: t.auth(), payload: { actionId } });
    assert.equal(minted.statusCode, 201, minted.body);
    const { token, url } = minted.json() as { token: string; url: string };
    assert.ok(url.startsWith('/appeal?token='), url);

    const page = await t.app.inject({ method: 'GET', url: `/appeal?token=${token}&lang=fr` });
    assert.equal(page.statusCode, 200, page.body);
    assert.match(page.body, /Votre compte a été suspendu/);
    assert.match(page.body, /name="statement"/);
    assert.equal(page.headers['content-security-policy']?.includes("default-src 'none'"), true);

    const empty = await form({ token, lang: 'en', statement: '   ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Tell us why/);

    const filed = await form({ token, lang: 'en', statement: 'The photo was of my own garden; I think this was a mistake.' });
    assert.equal(filed.statusCode, 201, filed.body);
    assert.match(filed.body, /waiting for a reviewer/);

    const second = await form({ token, lang: 'en', statement: 'again' });
    assert.equal(second.statusCode, 409, 'a second appeal on the same action is refused');
    const viaApi = await t.app.inject({ method: 'POST', url: '/v1/appeals', headers: t.auth(), payload: { actionId, statement: 'again', lang: 'en' } });
    assert.equal(viaApi.statusCode, 409, viaApi.body);

    const list = await staff(other, 'GET', '/v1/review/appeals?status=open');
    const appeal = (list.json().appeals as { id: string; action: { id: string }; statement: string; excluded: string[] }[]).find(
      (a) => a.action.id === actionId,
    );
    assert.ok(appeal, list.body);
    assert.deepEqual(appeal.excluded, [decider.id]);
    assert.match(appeal.statement, /my own garden/);

    const mine = await staff(decider, 'POST', `/v1/review/appeals/${appeal.id}/claim`);
    assert.equal(mine.statusCode, 403, 'the original decider cannot take the appeal');
    assert.equal((await staff(triage, 'POST', `/v1/review/appeals/${appeal.id}/claim`)).statusCode, 403, 'triage does not decide appeals');
    assert.equal((await staff(other, 'POST', `/v1/review/appeals/${appeal.id}/decision`, { outcome: 'overturn', reason: 'x' })).statusCode, 409);
    const taken = await staff(other, 'POST', `/v1/review/appeals/${appeal.id}/claim`);
    assert.equal(taken.statusCode, 200, taken.body);
    assert.equal(taken.json().appeal.assigneeId, other.id);

    const overturned = await staff(other, 'POST', `/v1/review/appeals/${appeal.id}/decision`, {
      outcome: 'overturn',
      reason: 'The image is a garden; the match was wrong.',
    });
    assert.equal(overturned.statusCode, 200, overturned.body);
    const out = overturned.json();
    assert.equal(out.appeal.status, 'overturned');
    assert.deepEqual(out.restored.contentIds, [post]);
    assert.equal(out.restored.account, true);
    assert.ok(out.restored.identifiersLifted > 0);

    const account = await t.app.inject({ method: 'GET', url: `/v1/accounts/${author}`, headers: t.auth() });
    assert.equal(account.json().state.status, 'restored');
    const content = await t.app.inject({ method: 'GET', url: `/v1/content/${post}`, headers: t.auth() });
    assert.equal(content.json().state.status, 'active');
    const blockedAfter = await store().db.selectFrom('block_registry').select('lifted_at').where('account_id', '=', author).execute();
    assert.ok(
      blockedAfter.every((r) => r.lifted_at !== null),
      'the identifiers are off the registry',
    );

    const sent = await store()
      .db.selectFrom('webhook_deliveries')
      .select(['event_type', 'payload_json'])
      .where('endpoint_id', '=', endpointId)
      .where('created_at', '>=', t.clock.now.toISOString())
      .execute();
    const messages = sent.map((d) => JSON.parse(d.payload_json) as { type: string; action: { kind: string; subject: { id: string }; appeal?: unknown } });
    const about = (type: string, kind: string, id: string) => messages.some((m) => m.type === type && m.action.kind === kind && m.action.subject.id === id);
    assert.ok(about('action.reverted', 'suspend_account', author), 'suspension reverted');
    assert.ok(about('action.taken', 'restore_account', author), 'account restored');
    assert.ok(about('action.reverted', 'remove_content', post), 'content restored');
    assert.ok(about('action.reverted', 'block_identifiers', author), 'block reverted');
    const told = messages.find((m) => m.type === 'appeal.resolved');
    assert.deepEqual(told?.action.appeal, { id: appeal.id, actionId, outcome: 'overturned' }, 'the user is told through the platform');

    // Legal is told on the CyberTipline report; nothing retracts it.
    assert.equal(out.cybertipIds.length, 1);
    const cybertip = await eventsOf(store().db, { kind: 'cybertip', id: out.cybertipIds[0] });
    assert.deepEqual(
      cybertip.map((e) => e.type),
      ['cybertip.drafted', 'cybertip.decision_overturned'],
    );

    const status = await t.app.inject({ method: 'GET', url: `/appeal?token=${token}&lang=en` });
    assert.equal(status.statusCode, 200);
    assert.match(status.body, /decision was reversed/);
    assert.match(status.body, /the match was wrong/);

    assert.equal((await staff(other, 'POST', `/v1/review/appeals/${appeal.id}/decision`, { outcome: 'uphold', reason: 'x' })).statusCode, 409, 'decided once');
    const verified = await verifyLog(store());
    assert.equal(verified.ok, true, JSON.stringify(verified).slice(0, 500));
  });

  test('through the platform’s API on the user’s behalf, upheld: nothing restored, the user told', async () => {
    await ready();
    const { author, actionId } = await suspended();
    const filed = await t.app.inject({
      method: 'POST',
      url: '/v1/appeals',
      headers: t.auth(),
      payload: { actionId, statement: 'I did not post this.', lang: 'fr' },
    });
    assert.equal(filed.statusCode, 201, filed.body);
    const id = filed.json().id as string;
    assert.equal(filed.json().status, 'open');
    assert.equal('statement' in filed.json(), false, 'the platform view holds no staff side');

    // The queue serves the one due first: this one once earlier tests' are taken.
    let claimed: string | undefined;
    for (let i = 0; i < 10 && claimed !== id; i++) {
      const next = await staff(other, 'POST', '/v1/review/appeals/claim');
      assert.equal(next.statusCode, 200, next.body);
      claimed = next.json().appeal?.id as string | undefined;
    }
    assert.equal(claimed, id);
    const upheld = await staff(other, 'POST', `/v1/review/appeals/${id}/decision`, { outcome: 'uphold', reason: 'The decision was right.' });
    assert.equal(upheld.statusCode, 200, upheld.body);
    const account = await t.app.inject({ method: 'GET', url: `/v1/accounts/${author}`, headers: t.auth() });
    assert.equal(account.json().state.status, 'suspended');
    const read = await t.app.inject({ method: 'GET', url: `/v1/appeals/${id}`, headers: t.auth() });
    assert.deepEqual([read.json().status, read.json().reason], ['upheld', 'The decision was right.']);
    const resolved = (await eventsOf(store().db, { kind: 'account', id: author })).filter((e) => e.type === 'appeal.resolved');
    assert.equal(resolved.length, 1);
  });

  test('the original decider never gets the appeal from the queue; bad tokens and bad input are refused clearly', async () => {
    await ready();
    const { actionId } = await suspended();
    const filed = await t.app.inject({ method: 'POST', url: '/v1/appeals', headers: t.auth(), payload: { actionId, statement: 'please look again' } });
    assert.equal(filed.statusCode, 201, filed.body);
    const next = await staff(decider, 'POST', '/v1/review/appeals/claim');
    assert.equal(next.statusCode, 200);
    assert.notEqual(next.json().appeal?.id, filed.json().id, 'the decider is never handed their own decision');

    const key = await appealTokenKey(store());
    const expired = mintAppealToken(key, actionId, new Date(t.clock.now.getTime() - 1000));
    assert.equal((await t.app.inject({ method: 'GET', url: `/appeal?token=${expired}` })).statusCode, 410);
    const forged = `${actionId}.${Math.floor(t.clock.now.getTime() / 1000) + 3600}.${'A'.repeat(43)}`;
    assert.equal((await t.app.inject({ method: 'GET', url: `/appeal?token=${forged}` })).statusCode, 400);
    assert.equal((await t.app.inject({ method: 'GET', url: '/appeal?token=nonsense' })).statusCode, 400);
    assert.equal((await t.app.inject({ method: 'GET', url: '/appeal?lang=fr' })).statusCode, 200, 'without a token: the page asks for the code');

    const bad: [string, Record<string, unknown>][] = [
      ['not an action id', { actionId: 'act_123', statement: 'x' }],
      ['empty statement', { actionId, statement: '' }],
      ['huge statement', { actionId, statement: 'x'.repeat(5000) }],
      ['lone surrogate', { actionId, statement: 'abc\ud800' }],
      ['unknown field', { actionId, statement: 'x', extra: 1 }],
    ];
    for (const [name, payload] of bad) {
      const res = await t.app.inject({ method: 'POST', url: '/v1/appeals', headers: t.auth(), payload });
      assert.equal(res.statusCode, 400, `${name}: ${res.body}`);
    }
    const unknown = await t.app.inject({ method: 'POST', url: '/v1/appeals/tokens', headers: t.auth(), payload: { actionId: `act_${'0'.repeat(64)}` } });
    assert.equal(unknown.statusCode, 404);
  });
});
