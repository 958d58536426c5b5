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
