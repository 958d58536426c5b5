// A person finds a first violation without malicious intent: the item is removed, the
// account locked until the listed items are deleted, and the holder notified. When the
// platform confirms the deletion the lock lifts by itself; a further violation suspends.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../support/stores.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { decide } from '../../src/policy/decide.js';
import { Enforcement } from '../../src/services/enforcement/enforce-decision.js';
import type { AccountState } from '../../src/moderation/folds/account.js';

const REVIEWER = { kind: 'staff' as const, id: 'staff-reviewer-1' };

describeEachStore('lock until deletion over the API', (store) => {
  let t: TestApp;
  after(async () => t?.app.close());

  async function personDecides(contentId: string, malicious: boolean) {
    const account = await t.app.inject({ method: 'GET', url: '/v1/accounts/holder-1', headers: t.auth() });
    const state = account.json().state as AccountState;
    const decision = decide({
      subject: { accountId: 'holder-1', contentId, contentStatus: 'active' },
      signals: [],
      account: { status: state.status, violations: state.violations },
      review: { reviewerId: REVIEWER.id, clauses: ['content.sexualised-comment-minor'], malicious },
    });
    assert.equal(decision.outcome, 'act');
    const enforcement = new Enforcement({ appealUrl: 'https://platform.example/appeal', warn: () => {} });
    await store().write((w) => enforcement.enforceDecision(w, decision, REVIEWER, t.clock.now.toISOString()));
    return decision;
  }

  test('first non-malicious violation locks until deletion; the confirmed deletion lifts it; another violation suspends', async () => {
    t = await buildTestApp(store());
    for (const id of ['c-lock-1', 'c-lock-2']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/content',
        headers: t.auth(),
        payload: { id, kind: 'post', author: { id: 'holder-1' }, text: 'placeholder comment', createdAt: '2026-11-28T11:00:00Z' },
      });
      assert.equal(res.statusCode, 201);
    }
    const decision = await personDecides('c-lock-1', false);
    assert.ok(decision.plan.some((s) => s.kind === 'lock_account'));
    assert.ok(decision.plan.some((s) => s.kind === 'notify_user'));

    let account = (await t.app.inject({ method: 'GET', url: '/v1/accounts/holder-1', headers: t.auth() })).json().state as AccountState;
    assert.equal(account.status, 'locked');
    assert.deepEqual(account.pendingDeletion, ['c-lock-1']);
    const notice = await store()
      .db.selectFrom('events')
      .select('payload_json')
      .where('type', '=', 'action.taken')
      .where('subject_id', '=', 'holder-1')
      .execute();
    const notify = notice.map((r) => JSON.parse(r.payload_json)).find((p) => p.action === 'notify_user');
    assert.ok(notify.texts.en.body.includes('https://platform.example/appeal'));
    assert.ok(notify.texts.fr.subject.length > 0, 'the notice exists in French too');

    const unrelated = await t.app.inject({ method: 'POST', url: '/v1/content/c-lock-2/confirmations', headers: t.auth(), payload: { action: 'deleted' } });
    assert.equal(unrelated.json().accountStatus, 'locked', 'deleting an item that was not listed does not lift the lock');

    const confirmed = await t.app.inject({ method: 'POST', url: '/v1/content/c-lock-1/confirmations', headers: t.auth(), payload: { action: 'deleted' } });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    assert.equal(confirmed.json().state.status, 'deleted');
    assert.equal(confirmed.json().accountStatus, 'active');
    const again = await t.app.inject({ method: 'POST', url: '/v1/content/c-lock-1/confirmations', headers: t.auth(), payload: { action: 'deleted' } });
    assert.equal(again.json().changed, false, 'a repeated confirmation changes nothing');
    const unlock = await store()
      .db.selectFrom('events')
      .select('payload_json')
      .where('type', '=', 'action.taken')
      .where('subject_id', '=', 'holder-1')
      .execute();
    assert.equal(unlock.map((r) => JSON.parse(r.payload_json)).filter((p) => p.action === 'unlock_account').length, 1);

    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: t.auth(),
      payload: { id: 'c-lock-3', kind: 'post', author: { id: 'holder-1' }, text: 'placeholder comment again', createdAt: '2026-11-28T11:30:00Z' },
    });
    assert.equal(res.statusCode, 201);
    const second = await personDecides('c-lock-3', false);
    assert.ok(
      second.plan.some((s) => s.kind === 'suspend_account'),
      'a further violation after a lock suspends',
    );
    account = (await t.app.inject({ method: 'GET', url: '/v1/accounts/holder-1', headers: t.auth() })).json().state as AccountState;
    assert.equal(account.status, 'suspended');

    const missing = await t.app.inject({ method: 'POST', url: '/v1/content/nope/confirmations', headers: t.auth(), payload: { action: 'deleted' } });
    assert.equal(missing.statusCode, 404);
  });
});
