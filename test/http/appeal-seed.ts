// Seeds for appeal tests: an account suspended by a person's decision on a reported post,
// and an appeal filed on that suspension (through the services, as the routes would).
import assert from 'node:assert/strict';
import type { TestApp } from '../support/app.js';
import { freshId, seedAccount, seedPost, seedReport } from '../support/seed.js';
import { claimCase } from '../../src/services/cases/claim-case.js';
import { decideCase } from '../../src/services/cases/decide-case.js';
import { permissionsOf } from '../../src/services/staff/roles.js';
import { eventsOf } from '../../src/store/log-store.js';
import { fileAppeal } from '../../src/services/appeals/file-appeal.js';

/** `deciderId`: the staff id recorded as the decision's author (it need not be a signed-in user). */
export async function seedSuspension(t: TestApp, deciderId = 'seed-decider'): Promise<{ post: string; author: string; actionId: string }> {
  const author = await seedAccount(t, freshId('acct'), { identifiers: { email: `${freshId('person')}@example.org` } });
  const { id: post } = await seedPost(t, { author });
  const filed = await seedReport(t, { kind: 'content', id: post }, { reason: 'sexual-image-of-child' });
  assert.ok(filed.caseId);
  const decider = { id: deciderId, permissions: permissionsOf('reviewer'), platforms: null };
  const deps = { store: t.ctx.store, leaseMs: 15 * 60_000, now: () => t.clock.now, enforcement: t.ctx.enforcement };
  await claimCase(deps, decider, filed.caseId);
  await decideCase(deps, decider, filed.caseId, { clauses: ['content.visual-depiction'], malicious: true });
  const suspension = (await eventsOf(t.ctx.store.db, { kind: 'account', id: author })).find(
    (e) => e.type === 'action.taken' && e.payload.action === 'suspend_account',
  );
  assert.ok(suspension, 'the author was suspended');
  return { post, author, actionId: `act_${suspension.hash}` };
}

export async function seedAppeal(t: TestApp, deciderId?: string): Promise<{ appealId: string; author: string; actionId: string }> {
  const s = await seedSuspension(t, deciderId);
  const appeal = await fileAppeal(
    { store: t.ctx.store, now: () => t.clock.now, config: t.ctx.config },
    { actionId: s.actionId, statement: 'please look again', lang: 'en', via: 'platform' },
    { kind: 'api_key', id: 'seed' },
  );
  return { appealId: appeal.id, author: s.author, actionId: s.actionId };
}

/** A first, non-malicious violation: the account locked until the post is deleted, with notice (its statement may be shown). */
export async function seedLock(t: TestApp, deciderId = 'seed-decider'): Promise<{ post: string; author: string; actionId: string }> {
  const author = await seedAccount(t, freshId('acct'));
  const { id: post } = await seedPost(t, { author });
  const filed = await seedReport(t, { kind: 'content', id: post }, { reason: 'sexualised-comment' });
  assert.ok(filed.caseId);
  const decider = { id: deciderId, permissions: permissionsOf('reviewer'), platforms: null };
  const deps = { store: t.ctx.store, leaseMs: 15 * 60_000, now: () => t.clock.now, enforcement: t.ctx.enforcement };
  await claimCase(deps, decider, filed.caseId);
  await decideCase(deps, decider, filed.caseId, { clauses: ['content.sexualised-comment-minor'], malicious: false });
  const lock = (await eventsOf(t.ctx.store.db, { kind: 'account', id: author })).find((e) => e.type === 'action.taken' && e.payload.action === 'lock_account');
  assert.ok(lock, 'the account was locked');
  return { post, author, actionId: `act_${lock.hash}` };
}

/** Restrictions spread over the weeks before `now`, as their statements record them, for figures above the suppression threshold. */
export async function seedRestrictionFigures(t: TestApp, now: Date, weeks = 12): Promise<void> {
  const clauses = ['content.visual-depiction', 'content.link-to-material', 'behaviour.grooming', 'content.sexualised-comment-minor'];
  const sources = [['bank'], ['link'], ['conversation'], ['report'], ['text', 'report']];
  const rows = [];
  let n = 0;
  for (let w = 0; w < weeks; w++) {
    const count = w % 4 === 3 ? 4 : 12 + ((w * 7) % 15);
    for (let i = 0; i < count; i++, n++) {
      const at = new Date(now.getTime() - (w * 7 + 1) * 24 * 3_600_000 - i * 3_600_000).toISOString();
      const puid = `act_${(0xf0000000 + n).toString(16).padStart(64, '0')}`;
      const facts = {
        actionId: puid,
        action: i % 3 === 0 ? 'suspend_account' : 'remove_content',
        permanent: true,
        clauses: [clauses[n % clauses.length]!],
        automatedDecision: n % 2 === 0,
        automatedDetection: true,
        reported: n % 5 >= 3,
        media: { images: true, videos: false, text: false },
        syntheticMaterial: false,
        contentDate: at,
        appliedAt: at,
        sources: sources[n % sources.length]!,
        detectedAt: new Date(Date.parse(at) - (20 + (n % 50)) * 60_000).toISOString(),
      };
      rows.push({
        puid,
        platform: 'default',
        account_id: 'figures',
        action: facts.action,
        notify: 0,
        applied_at: at,
        facts_json: JSON.stringify(facts),
        submitted_at: null,
        submission_uuid: null,
        submitted_json: null,
        submission_error: null,
      });
    }
  }
  await t.ctx.store.db.insertInto('statements').values(rows).execute();
}
