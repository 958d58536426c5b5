// Statements of reasons, on both stores: one per restriction, written with it, in the
// Transparency Database's fields and without personal data; shown on the appeal page only
// where the policy allows notice; exported as JSON lines; submitted to a local fake of the
// database's API (accepted, held already, refused, unreachable).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../support/stores.js';
import type { TestApp } from '../support/app.js';
import { staffTestApp } from './staff-harness.js';
import { freshId, seedAccount, seedPost, seedReport } from '../support/seed.js';
import { seedSuspension } from './appeal-seed.js';
import { startFakeTransparencyDatabase, type FakeTransparencyDatabase } from '../support/fake-transparency-database.js';
import { claimCase } from '../../src/services/cases/claim-case.js';
import { decideCase } from '../../src/services/cases/decide-case.js';
import { permissionsOf } from '../../src/services/staff/roles.js';
import { eventsOf } from '../../src/store/log-store.js';
import { TransparencyDatabaseClient } from '../../src/services/statements/transparency-database.js';
import { submitPendingStatements } from '../../src/services/statements/submit-statements.js';
import { statementSettings } from '../../src/services/statements/statement-view.js';

let fake: FakeTransparencyDatabase;
before(async () => {
  fake = await startFakeTransparencyDatabase();
});
after(async () => fake?.close());

describeEachStore('statements of reasons', (store) => {
  let t: TestApp;
  after(async () => t?.app.close());
  async function ready(): Promise<void> {
    if (t) return;
    t = await staffTestApp(store(), { review: { leaseMs: 15 * 60_000, rulesPath: undefined, publicPlatform: 'default' } });
  }
  const statementOf = (actionId: string) => t.app.inject({ method: 'GET', url: `/v1/statements/${actionId}`, headers: t.auth() });

  /** A first, non-malicious violation: the account locked until the post is deleted, with notice. */
  async function locked(): Promise<{ post: string; author: string; actionId: string }> {
    const author = await seedAccount(t, freshId('acct'));
    const { id: post } = await seedPost(t, { author });
    const filed = await seedReport(t, { kind: 'content', id: post }, { reason: 'sexualised-comment' });
    const r = { id: 'statement-reviewer', permissions: permissionsOf('reviewer'), platforms: null };
    const deps = { store: t.ctx.store, leaseMs: 60_000, now: () => t.clock.now, enforcement: t.ctx.enforcement };
    await claimCase(deps, r, filed.caseId!);
    await decideCase(deps, r, filed.caseId!, { clauses: ['content.sexualised-comment-minor'], malicious: false });
    const lock = (await eventsOf(t.ctx.store.db, { kind: 'account', id: author })).find(
      (e) => e.type === 'action.taken' && e.payload.action === 'lock_account',
    );
    assert.ok(lock, 'the account was locked');
    return { post, author, actionId: `act_${lock.hash}` };
  }

  test('every restriction of a decision has its statement, in the database’s fields, with no personal data', async () => {
    await ready();
    const { post, author, actionId } = await seedSuspension(t);
    const res = await statementOf(actionId);
    assert.equal(res.statusCode, 200, res.body);
    const { statement: s, notify } = res.json();
    assert.equal(notify, false, 'a suspension is carried out without notice');
    assert.equal(s.puid, actionId);
    assert.equal(s.decision_account, 'DECISION_ACCOUNT_TERMINATED');
    assert.equal(s.category, 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS');
    assert.deepEqual(s.category_specification, ['KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL']);
    assert.equal(s.decision_ground, 'DECISION_GROUND_ILLEGAL_CONTENT');
    assert.ok(s.illegal_content_legal_ground && s.illegal_content_explanation);
    assert.equal(s.source_type, 'SOURCE_ARTICLE_16', 'a report led to it');
    assert.equal(s.automated_decision, 'AUTOMATED_DECISION_NOT_AUTOMATED');
    assert.deepEqual(s.content_type, ['CONTENT_TYPE_TEXT']);
    assert.equal(s.territorial_scope.length, 30);
    assert.match(s.application_date, /^\d{4}-\d{2}-\d{2}$/);
    const text = JSON.stringify(s);
    assert.ok(!text.includes(author) && !text.includes(post), 'no account or content id');

    const removal = (await eventsOf(store().db, { kind: 'content', id: post })).find((e) => e.type === 'action.taken' && e.payload.action === 'remove_content');
    const removed = await statementOf(`act_${removal!.hash}`);
    assert.equal(removed.statusCode, 200);
    assert.deepEqual(removed.json().statement.decision_visibility, ['DECISION_VISIBILITY_CONTENT_REMOVED']);
    assert.equal(removed.json().notify, false, 'material is removed without notice');
  });

  test('the appeal page shows the statement only where the policy allows notice', async () => {
    await ready();
    const lock = await locked();
    const lockStatement = await statementOf(lock.actionId);
    assert.equal(lockStatement.json().notify, true);
    assert.equal(lockStatement.json().statement.decision_ground, 'DECISION_GROUND_INCOMPATIBLE_CONTENT');
    const token = (await t.app.inject({ method: 'POST', url: '/v1/appeals/tokens', headers: t.auth(), payload: { actionId: lock.actionId } })).json().token;
    const page = await t.app.inject({ method: 'GET', url: `/appeal?token=${token}&lang=en` });
    assert.equal(page.statusCode, 200, page.body);
    assert.match(page.body, /id="statement-of-reasons"/);
    assert.match(page.body, /comments that sexualise a minor/);

    const suspension = await seedSuspension(t);
    const token2 = (await t.app.inject({ method: 'POST', url: '/v1/appeals/tokens', headers: t.auth(), payload: { actionId: suspension.actionId } })).json()
      .token;
    const page2 = await t.app.inject({ method: 'GET', url: `/appeal?token=${token2}&lang=fr` });
    assert.equal(page2.statusCode, 200);
    assert.doesNotMatch(page2.body, /statement-of-reasons/, 'no reasons where the policy acts without notice');
  });

  test('exported as JSON lines for any period, and submitted to the Transparency Database', async () => {
    await ready();
    await seedSuspension(t);
    const from = new Date(t.clock.now.getTime() - 60_000).toISOString();
    const to = new Date(t.clock.now.getTime() + 60_000).toISOString();
    const res = await t.app.inject({ method: 'GET', url: `/v1/statements/export.jsonl?from=${from}&to=${to}`, headers: t.auth() });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /application\/x-ndjson/);
    const lines = res.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { puid: string; category: string });
    const count = await store()
      .db.selectFrom('statements')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(lines.length, Number(count.n));
    assert.ok(lines.every((l) => l.category === 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS'));
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/statements/export.jsonl?from=yesterday&to=now', headers: t.auth() })).statusCode, 400);

    const deps = () => ({
      store: store(),
      database: new TransparencyDatabaseClient(fake.url, fake.token),
      settings: statementSettings(t.ctx.config),
      now: () => t.clock.now,
    });
    fake.down = true;
    const down = await submitPendingStatements(deps());
    assert.equal(down.accepted, 0);
    assert.ok(down.retry > 0, 'an unreachable database is tried again later');
    fake.down = false;
    const first = await submitPendingStatements(deps());
    assert.equal(first.accepted, Number(count.n), JSON.stringify(first));
    const rows = await store().db.selectFrom('statements').select(['puid', 'submitted_at', 'submission_uuid']).execute();
    assert.ok(rows.every((r) => r.submitted_at !== null && r.submission_uuid !== null));
    for (const r of rows) assert.equal(fake.held.get(r.puid)?.uuid, r.submission_uuid);
    assert.deepEqual(await submitPendingStatements(deps()), { accepted: 0, duplicates: 0, refused: 0, retry: 0 }, 'nothing is sent twice');

    // A statement the database holds already (sent by another worker): recorded, not an error.
    await store().db.updateTable('statements').set({ submitted_at: null }).where('puid', '=', rows[0]!.puid).execute();
    const again = await submitPendingStatements(deps());
    assert.deepEqual([again.duplicates, again.accepted], [1, 0]);
    const wrong = new TransparencyDatabaseClient(fake.url, 'X|wrong-token');
    await seedSuspension(t);
    const refused = await submitPendingStatements({ ...deps(), database: wrong });
    assert.equal(refused.accepted, 0, 'a wrong token is never accepted');
  });
});
