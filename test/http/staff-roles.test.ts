// The role matrix: one signed-in user of each role calls every staff route, and the answer
// must match the table written out below by hand (not computed from roles.ts, so that a
// change to the permission table has to be made twice, on purpose). Also: every route
// under /v1/staff, /v1/admin and /v1/log declares who may call it.
import { test, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { describeEachStore } from '../support/stores.js';
import type { TestApp } from '../support/app.js';
import type { App } from '../../src/http/app.js';
import { declaredAccess, isGuardedUrl } from '../../src/http/auth/route-access.js';
import { registerStaffRoutes } from '../../src/http/routes/staff.js';
import { PERMISSIONS, ROLES, permissionsOf, type Role } from '../../src/services/staff/roles.js';
import { createApiKey } from '../../src/services/api-keys/create-api-key.js';
import { createEndpoint } from '../../src/services/webhooks/endpoints.js';
import { deliveredDelivery } from '../enforcement/webhooks/fixtures.js';
import { PASSWORD, addStaff, signIn, staffTestApp, type Session, type TestStaff } from './staff-harness.js';
import { seedImageCase, type ImageCase } from './console-seed.js';
import { requestBankImport } from '../../src/services/banks/bank-imports.js';
import { seedPost, seedReportedPost } from '../support/seed.js';
import { claimCase, queuesFor } from '../../src/services/cases/claim-case.js';
import { decideCase } from '../../src/services/cases/decide-case.js';
import { placeHold } from '../../src/services/vault/holds.js';
import { vaultDepsOf } from '../../src/services/vault/vault.js';
import { fileReport } from '../../src/services/cybertip/file-report.js';
import { approveCybertip } from '../../src/services/cybertip/legal-actions.js';
import { configuredClient } from '../../src/services/cybertip/ncmec-client.js';
import { prepareReferral } from '../../src/services/referrals/referrals.js';

/** CyberTipline reporter settings, all unset (the test sets the email a document needs). */
function loadReporter() {
  return {
    firstName: undefined,
    lastName: undefined,
    email: undefined,
    phone: undefined,
    companyTemplate: undefined,
    termsOfService: undefined,
    legalUrl: undefined,
  };
}
import { claimAppeal } from '../../src/services/appeals/claim-appeal.js';
import { seedAppeal } from './appeal-seed.js';

const A = true;
const _ = false;

// prettier-ignore
const EXPECTED: Record<string, Record<Role, boolean> | 'public'> = {
  //                                admin    policy_lead  reviewer  triage  legal
  'POST /v1/staff/session':        'public',
  'GET /v1/staff/me':              { admin: A, policy_lead: A, reviewer: A, triage: A, legal: A },
  'DELETE /v1/staff/session':      { admin: A, policy_lead: A, reviewer: A, triage: A, legal: A },
  'POST /v1/staff/users':          { admin: A, policy_lead: _, reviewer: _, triage: _, legal: _ },
  'GET /v1/staff/users':           { admin: A, policy_lead: _, reviewer: _, triage: _, legal: _ },
  'PATCH /v1/staff/users/:id':     { admin: A, policy_lead: _, reviewer: _, triage: _, legal: _ },
  'POST /v1/admin/api-keys':       { admin: A, policy_lead: _, reviewer: _, triage: _, legal: _ },
  'GET /v1/admin/api-keys':        { admin: A, policy_lead: _, reviewer: _, triage: _, legal: _ },
  'DELETE /v1/admin/api-keys/:id': { admin: A, policy_lead: _, reviewer: _, triage: _, legal: _ },
  'POST /v1/admin/platforms':      { admin: A, policy_lead: _, reviewer: _, triage: _, legal: _ },
  'GET /v1/admin/platforms':       { admin: A, policy_lead: _, reviewer: _, triage: _, legal: _ },
  'POST /v1/admin/webhooks/endpoints':                { admin: A, policy_lead: _, reviewer: _, triage: _, legal: _ },
  'GET /v1/admin/webhooks/endpoints':                 { admin: A, policy_lead: _, reviewer: _, triage: _, legal: _ },
  'PATCH /v1/admin/webhooks/endpoints/:id':           { admin: A, policy_lead: _, reviewer: _, triage: _, legal: _ },
  'GET /v1/admin/webhooks/deliveries':                { admin: A, policy_lead: _, reviewer: _, triage: _, legal: _ },
  'POST /v1/admin/webhooks/deliveries/:id/replay':    { admin: A, policy_lead: _, reviewer: _, triage: _, legal: _ },
  'POST /v1/admin/webhooks/deliveries/replay-dead':   { admin: A, policy_lead: _, reviewer: _, triage: _, legal: _ },
  'GET /v1/log':                   { admin: A, policy_lead: A, reviewer: _, triage: _, legal: A },
  'GET /v1/queues':                          { admin: A, policy_lead: A, reviewer: A, triage: A, legal: A },
  'GET /v1/queues/:queue/cases':             { admin: A, policy_lead: A, reviewer: A, triage: A, legal: A },
  'POST /v1/queues/:queue/claim':            { admin: A, policy_lead: A, reviewer: A, triage: _, legal: _ },
  'GET /v1/cases/:id':                       { admin: A, policy_lead: A, reviewer: A, triage: A, legal: A },
  'POST /v1/cases/:id/claim':                { admin: A, policy_lead: A, reviewer: A, triage: _, legal: _ },
  'POST /v1/cases/:id/renew':                { admin: A, policy_lead: A, reviewer: A, triage: _, legal: _ },
  'POST /v1/cases/:id/release':              { admin: A, policy_lead: A, reviewer: A, triage: A, legal: _ },
  'POST /v1/cases/:id/escalate':             { admin: A, policy_lead: A, reviewer: A, triage: A, legal: _ },
  'POST /v1/cases/:id/comments':             { admin: A, policy_lead: A, reviewer: A, triage: A, legal: A },
  'POST /v1/cases/:id/decision/preview':     { admin: A, policy_lead: A, reviewer: A, triage: _, legal: _ },
  'POST /v1/cases/:id/decision':             { admin: A, policy_lead: A, reviewer: A, triage: _, legal: _ },
  'POST /v1/cases/:id/confirmation':         { admin: A, policy_lead: A, reviewer: _, triage: _, legal: _ },
  'POST /v1/reporters/mute':                 { admin: A, policy_lead: A, reviewer: _, triage: A, legal: _ },
  'GET /v1/cases/mine':                      { admin: A, policy_lead: A, reviewer: A, triage: A, legal: A },
  'GET /v1/exceptions':                      { admin: A, policy_lead: A, reviewer: _, triage: _, legal: _ },
  'GET /v1/cases/:id/media/:sha256':         { admin: A, policy_lead: A, reviewer: A, triage: A, legal: A },
  'POST /v1/cases/:id/media/:sha256/reveal': { admin: A, policy_lead: A, reviewer: A, triage: _, legal: _ },
  'GET /v1/staff/me/settings':               { admin: A, policy_lead: A, reviewer: A, triage: A, legal: A },
  'PUT /v1/staff/me/settings':               { admin: A, policy_lead: A, reviewer: A, triage: A, legal: A },
  'GET /v1/admin/wellness-limits':           { admin: A, policy_lead: _, reviewer: _, triage: _, legal: _ },
  'PUT /v1/admin/wellness-limits':           { admin: A, policy_lead: _, reviewer: _, triage: _, legal: _ },
  'GET /v1/admin/banks':                     { admin: A, policy_lead: _, reviewer: _, triage: _, legal: _ },
  'POST /v1/admin/banks/:name/imports':      { admin: A, policy_lead: _, reviewer: _, triage: _, legal: _ },
  'GET /v1/admin/banks/imports':             { admin: A, policy_lead: _, reviewer: _, triage: _, legal: _ },
  'GET /v1/admin/banks/imports/:id':         { admin: A, policy_lead: _, reviewer: _, triage: _, legal: _ },
  'GET /v1/holds':                           { admin: A, policy_lead: _, reviewer: _, triage: _, legal: A },
  'POST /v1/holds':                          { admin: A, policy_lead: _, reviewer: _, triage: _, legal: A },
  'POST /v1/holds/:id/extension':            { admin: A, policy_lead: _, reviewer: _, triage: _, legal: A },
  'POST /v1/holds/:id/release':              { admin: A, policy_lead: _, reviewer: _, triage: _, legal: A },
  'GET /v1/holds/:id/snapshots/:contentId':  { admin: A, policy_lead: _, reviewer: _, triage: _, legal: A },
  'DELETE /v1/evidence/media/:sha256':       { admin: A, policy_lead: _, reviewer: _, triage: _, legal: A },
  'GET /v1/cybertips':                       { admin: A, policy_lead: _, reviewer: _, triage: _, legal: A },
  'GET /v1/cybertips/:id':                   { admin: A, policy_lead: _, reviewer: _, triage: _, legal: A },
  'GET /v1/cybertips/:id/document':          { admin: A, policy_lead: _, reviewer: _, triage: _, legal: A },
  'POST /v1/cybertips/:id/approve':          { admin: A, policy_lead: _, reviewer: _, triage: _, legal: A },
  'POST /v1/cybertips/:id/retry':            { admin: A, policy_lead: _, reviewer: _, triage: _, legal: A },
  'POST /v1/cybertips/:id/retract':          { admin: A, policy_lead: _, reviewer: _, triage: _, legal: A },
  'GET /v1/referrals':                       { admin: A, policy_lead: _, reviewer: _, triage: _, legal: A },
  'GET /v1/referrals/:id':                   { admin: A, policy_lead: _, reviewer: _, triage: _, legal: A },
  'POST /v1/referrals':                      { admin: A, policy_lead: _, reviewer: _, triage: _, legal: A },
  'POST /v1/referrals/:id/sent':             { admin: A, policy_lead: _, reviewer: _, triage: _, legal: A },
  'GET /v1/review/appeals':                  { admin: A, policy_lead: A, reviewer: A, triage: A, legal: A },
  'GET /v1/review/appeals/:id':              { admin: A, policy_lead: A, reviewer: A, triage: A, legal: A },
  'POST /v1/review/appeals/claim':           { admin: A, policy_lead: A, reviewer: A, triage: _, legal: _ },
  'POST /v1/review/appeals/:id/claim':       { admin: A, policy_lead: A, reviewer: A, triage: _, legal: _ },
  'POST /v1/review/appeals/:id/decision':    { admin: A, policy_lead: A, reviewer: A, triage: _, legal: _ },
  'GET /v1/review/stats':                    { admin: A, policy_lead: A, reviewer: A, triage: A, legal: A },
};

// The permission table itself, written out: what a trust-and-safety lead signed off.
// prettier-ignore
const GRANTS: Record<Role, string[]> = {
  admin: [...PERMISSIONS],
  policy_lead: ['log:read', 'queue:read', 'case:assign', 'case:decide', 'case:escalate', 'exception:confirm', 'media:reveal', 'export:make', 'policy:edit', 'appeal:decide', 'stats:read'],
  reviewer: ['queue:read', 'case:decide', 'case:escalate', 'media:reveal', 'appeal:decide', 'stats:read'],
  triage: ['queue:read', 'case:assign', 'case:escalate', 'stats:read'],
  legal: ['log:read', 'queue:read', 'cybertip:file', 'hold:manage', 'export:make', 'stats:read'],
};

/** Every method and path the router knows, rebuilt from Fastify's own tree listing. */
function routesOf(app: App): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const at = line.search(/[├└]── /);
    if (at < 0) continue;
    const depth = at / 4;
    const m = /^(\S+)(?: \(([A-Z, ]+)\))?$/.exec(line.slice(at + 4));
    assert.ok(m, `unexpected route listing line: ${line}`);
    stack.length = depth;
    const path = (depth > 0 ? stack[depth - 1]! : '') + m[1]!;
    stack.push(path);
    if (m[2]) for (const method of m[2].split(',')) out.push(`${method.trim()} ${path}`);
  }
  return out;
}

describe('the permission table', () => {
  test('grants exactly what was agreed, role by role', () => {
    for (const role of ROLES) assert.deepEqual(new Set(permissionsOf(role)), new Set(GRANTS[role]), role);
  });

  test('docs/roles.md shows the same table', () => {
    const doc = readFileSync('docs/roles.md', 'utf8');
    const header = doc.split('\n').find((l) => l.startsWith('| Permission'));
    assert.ok(header, 'docs/roles.md has a table starting with "| Permission"');
    const columns = header
      .split('|')
      .map((c) => c.trim())
      .filter(Boolean)
      .slice(1, 1 + ROLES.length);
    assert.deepEqual(
      columns,
      [...ROLES].map((r) => `\`${r}\``),
    );
    const seen = new Set<string>();
    for (const line of doc.split('\n')) {
      const cells = line.split('|').map((c) => c.trim());
      const m = /^`([a-z]+:[a-z]+)`$/.exec(cells[1] ?? '');
      if (!m) continue;
      const permission = m[1]!;
      seen.add(permission);
      ROLES.forEach((role, i) => {
        const cell = cells[i + 2]!;
        assert.ok(cell === 'yes' || cell === '', `docs/roles.md: "${cell}" for ${permission}/${role}`);
        assert.equal(cell === 'yes', GRANTS[role].includes(permission), `docs/roles.md: ${permission} for ${role}`);
      });
    }
    assert.deepEqual(seen, new Set(PERMISSIONS));
  });
});

describeEachStore('staff role matrix', (store) => {
  let t: TestApp;
  const users = new Map<Role, TestStaff>();
  const sessions = new Map<Role, Session>();
  let spare: TestStaff;
  let imageCase: ImageCase | undefined;
  after(async () => t?.app.close());

  const ready = async () => {
    if (t) return;
    // The endpoints these requests make point at 127.0.0.1 (nothing is sent): the development switch.
    t = await staffTestApp(store(), { webhooks: { allowPrivate: true }, ncmec: { reporter: { ...loadReporter(), email: 'legal@example.org' } } });
    for (const role of ROLES) users.set(role, await addStaff(t, `matrix-${role.replace('_', '-')}`, role));
    spare = await addStaff(t, 'matrix-spare', 'triage');
    for (const role of ROLES) sessions.set(role, await signIn(t, users.get(role)!));
  };

  const claims = () => ({ store: t.ctx.store, leaseMs: 15 * 60_000, now: () => t.clock.now });
  const asReviewer = (role: Role) => ({ id: users.get(role)!.id, permissions: permissionsOf(role), platforms: null });

  /** A CyberTipline draft from a reviewer's decision; failed at its first NCMEC call (no credentials) when asked. */
  async function seedCybertip(failed = false): Promise<string> {
    const { caseId } = await seedReportedPost(t, 'sexual-image-of-child');
    const finder = asReviewer('reviewer');
    await claimCase(claims(), finder, caseId);
    await decideCase({ ...claims(), enforcement: t.ctx.enforcement }, finder, caseId, { clauses: ['content.visual-depiction'], malicious: true });
    const row = await t.ctx.store.db.selectFrom('cybertip_reports').select('id').where('case_id', '=', caseId).executeTakeFirstOrThrow();
    if (failed) {
      await approveCybertip({ store: t.ctx.store, jobs: t.ctx.jobs, now: () => t.clock.now }, asReviewer('legal'), row.id, null);
      const deps = {
        store: t.ctx.store,
        client: configuredClient(t.ctx.config.ncmec, undefined),
        holds: { place: async () => {} },
        media: { read: async () => new Uint8Array() },
        settings: { reporter: t.ctx.config.ncmec.reporter, platform: undefined, environment: 'test' as const },
        now: () => t.clock.now,
      };
      await assert.rejects(fileReport(deps, row.id), /no CyberTipline credentials/);
    }
    return row.id;
  }

  async function call(route: string, role: Role | null) {
    const [method, path] = route.split(' ') as [string, string];
    const headers = role ? sessions.get(role)!.headers() : {};
    const who = role ?? 'anonymous';
    switch (route) {
      case 'POST /v1/staff/users':
        return t.app.inject({ method, url: path, headers, payload: { username: `made-by-${who.replace('_', '-')}`, role: 'triage', password: PASSWORD } });
      case 'PATCH /v1/staff/users/:id':
        return t.app.inject({ method, url: path.replace(':id', spare.id), headers, payload: { displayName: `named by ${who}` } });
      case 'POST /v1/admin/api-keys':
        return t.app.inject({ method, url: path, headers, payload: { name: `key by ${who}` } });
      case 'POST /v1/admin/platforms':
        return t.app.inject({ method, url: path, headers, payload: { id: `made-by-${who.replace('_', '-')}`, name: `platform by ${who}` } });
      case 'DELETE /v1/admin/api-keys/:id': {
        const { info } = await createApiKey(
          t.ctx.store,
          { name: `to revoke by ${who}`, actor: { kind: 'system', id: null }, at: t.clock.now.toISOString() },
          null,
        );
        return t.app.inject({ method, url: path.replace(':id', info.id), headers });
      }
      case 'POST /v1/admin/webhooks/endpoints':
        return t.app.inject({ method, url: path, headers, payload: { url: `http://127.0.0.1:9/made-by-${who}` } });
      case 'PATCH /v1/admin/webhooks/endpoints/:id': {
        const { endpoint } = await createEndpoint(
          t.ctx.store,
          {
            url: `http://127.0.0.1:9/to-pause-by-${who}`,
            actor: { kind: 'system', id: null },
            at: t.clock.now.toISOString(),
          },
          t.ctx.config.webhooks,
          null,
        );
        return t.app.inject({ method, url: path.replace(':id', endpoint.id), headers, payload: { active: false } });
      }
      case 'POST /v1/admin/webhooks/deliveries/:id/replay': {
        const d = await deliveredDelivery(t.ctx.store, t.clock.now.toISOString(), `http://127.0.0.1:9/replay-by-${who}`);
        return t.app.inject({ method, url: path.replace(':id', d.deliveryId), headers, payload: {} });
      }
      case 'GET /v1/queues/:queue/cases':
      case 'POST /v1/queues/:queue/claim':
        await seedReportedPost(t);
        return t.app.inject({ method, url: path.replace(':queue', 'user-reports'), headers });
      case 'GET /v1/cases/:id':
      case 'POST /v1/cases/:id/claim':
      case 'POST /v1/cases/:id/renew':
      case 'POST /v1/cases/:id/release':
      case 'POST /v1/cases/:id/escalate':
      case 'POST /v1/cases/:id/comments':
      case 'POST /v1/cases/:id/decision/preview':
      case 'POST /v1/cases/:id/decision': {
        const { caseId } = await seedReportedPost(t);
        const url = path.replace(':id', caseId);
        // Renewing, releasing and deciding need a claim: the caller's own where their role claims, an admin's otherwise.
        if (route.endsWith('/renew') || route.endsWith('/release') || route.endsWith('/decision')) {
          const holder = role && queuesFor(asReviewer(role), ['user-reports']).length > 0 ? role : 'admin';
          await claimCase(claims(), asReviewer(holder), caseId);
        }
        const payload = route.endsWith('/escalate')
          ? { to: 'senior-reviewer', reason: `escalated by ${who}` }
          : route.endsWith('/comments')
            ? { text: `noted by ${who}` }
            : route.includes('/decision')
              ? { clauses: ['content.sexualised-comment-minor'], malicious: true }
              : route.endsWith('/release')
                ? {}
                : undefined;
        return t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
      }
      case 'POST /v1/cases/:id/confirmation': {
        const { caseId } = await seedReportedPost(t, 'sexual-image-of-child');
        const finder = asReviewer('reviewer');
        await claimCase(claims(), finder, caseId);
        await decideCase({ ...claims(), enforcement: t.ctx.enforcement }, finder, caseId, {
          clauses: ['content.visual-depiction'],
          malicious: false,
          exception: 'exception.news-reporting',
        });
        return t.app.inject({ method, url: path.replace(':id', caseId), headers, payload: { confirmed: false } });
      }
      case 'GET /v1/cybertips/:id':
      case 'GET /v1/cybertips/:id/document':
      case 'POST /v1/cybertips/:id/approve':
      case 'POST /v1/cybertips/:id/retry':
      case 'POST /v1/cybertips/:id/retract': {
        const id = await seedCybertip(route.endsWith('/retry'));
        const payload = route.endsWith('/retract') ? { reason: `withdrawn by ${who}` } : route.startsWith('POST') ? {} : undefined;
        return t.app.inject({ method, url: path.replace(':id', id), headers, ...(payload ? { payload } : {}) });
      }
      case 'POST /v1/referrals':
        return t.app.inject({ method, url: path, headers, payload: { url: `https://192.0.2.10/referred-by-${who}` } });
      case 'GET /v1/referrals/:id':
      case 'POST /v1/referrals/:id/sent': {
        const { referral } = await prepareReferral({ store: t.ctx.store, now: () => t.clock.now }, asReviewer('legal'), {
          url: `https://192.0.2.11/${route}/${who}`,
        });
        return t.app.inject({
          method,
          url: path.replace(':id', referral.id),
          headers,
          ...(route.startsWith('POST') ? { payload: { note: `sent by ${who}` } } : {}),
        });
      }
      case 'GET /v1/review/appeals/:id':
      case 'POST /v1/review/appeals/:id/claim':
      case 'POST /v1/review/appeals/:id/decision': {
        const { appealId } = await seedAppeal(t);
        if (route.endsWith('/decision')) {
          const holder = role && permissionsOf(role).includes('appeal:decide') ? role : 'admin';
          await claimAppeal(claims(), asReviewer(holder), appealId);
        }
        const payload = route.endsWith('/decision') ? { outcome: 'uphold', reason: `upheld by ${who}` } : undefined;
        return t.app.inject({ method, url: path.replace(':id', appealId), headers, ...(payload ? { payload } : {}) });
      }
      case 'POST /v1/reporters/mute':
        return t.app.inject({ method, url: path, headers, payload: { accountId: `muted-by-${who}` } });
      case 'GET /v1/cases/:id/media/:sha256':
      case 'POST /v1/cases/:id/media/:sha256/reveal': {
        imageCase ??= await seedImageCase(t);
        return t.app.inject({ method, url: path.replace(':id', imageCase.caseId).replace(':sha256', imageCase.sha256), headers });
      }
      case 'PUT /v1/staff/me/settings':
        return t.app.inject({ method, url: path, headers, payload: { textCollapsed: false } });
      case 'PUT /v1/admin/wellness-limits':
        return t.app.inject({ method, url: path, headers, payload: { maxBreakEveryMinutes: 80 } });
      case 'POST /v1/admin/banks/:name/imports':
        return t.app.inject({ method, url: path.replace(':name', `made-by-${who.replace('_', '-')}`), headers, payload: { text: `${'ab'.repeat(32)}\n` } });
      case 'GET /v1/admin/banks/imports/:id': {
        const started = await requestBankImport(
          t.ctx,
          { kind: 'system', id: null },
          'matrix-bank',
          { format: 'lines', text: `${'cd'.repeat(32)}\n`, source: 'internal', verified: false },
          t.clock.now.toISOString(),
        );
        return t.app.inject({ method, url: path.replace(':id', started.id), headers });
      }
      case 'POST /v1/admin/webhooks/deliveries/replay-dead':
        return t.app.inject({ method, url: path, headers, payload: {} });
      case 'POST /v1/holds':
        return t.app.inject({ method, url: path, headers, payload: { caseId: `case-by-${who}`, sha256s: ['0'.repeat(64)], reason: `placed by ${who}` } });
      case 'POST /v1/holds/:id/extension':
      case 'POST /v1/holds/:id/release':
      case 'GET /v1/holds/:id/snapshots/:contentId': {
        const { id: post } = await seedPost(t);
        const hold = await placeHold(vaultDepsOf(t.ctx), {
          caseId: `case-for-${who}`,
          sha256s: [],
          contentIds: [post],
          reason: 'matrix',
          actor: { kind: 'system', id: null },
        });
        if (route.endsWith('/release')) return t.app.inject({ method, url: path.replace(':id', hold.id), headers, payload: { reason: `released by ${who}` } });
        if (route.endsWith('/extension')) {
          const until = new Date(Date.parse(hold.until) + 86_400_000).toISOString();
          return t.app.inject({ method, url: path.replace(':id', hold.id), headers, payload: { until, reason: `extended by ${who}` } });
        }
        return t.app.inject({ method, url: path.replace(':id', hold.id).replace(':contentId', post), headers });
      }
      case 'DELETE /v1/evidence/media/:sha256': {
        const stored = await t.ctx.media.save(Buffer.from(`an object to delete, by ${who}`));
        return t.app.inject({ method, url: path.replace(':sha256', stored.sha256), headers, payload: { reason: `deleted by ${who}` } });
      }
      default:
        return t.app.inject({ method, url: path, headers });
    }
  }

  test('every guarded route is in the expected table and declares its access', async () => {
    await ready();
    const guarded = routesOf(t.app).filter((r) => isGuardedUrl(r.split(' ')[1]!));
    const declared = declaredAccess(t.app);
    for (const r of guarded) assert.ok(declared.has(r), `${r} declares no access`);
    const tested = guarded.filter((r) => !r.startsWith('HEAD '));
    assert.deepEqual(new Set(tested), new Set(Object.keys(EXPECTED)), 'a new staff route needs a row in EXPECTED');
    for (const r of tested) {
      const access = declared.get(r)!;
      if (EXPECTED[r] === 'public') assert.equal(access, 'public', r);
      else assert.notEqual(access, 'public', `${r} is not meant to be public`);
    }
  });

  test('without a session every staff route except sign-in answers 401', async () => {
    await ready();
    for (const route of Object.keys(EXPECTED)) {
      if (EXPECTED[route] === 'public') continue;
      const res = await call(route, null);
      assert.equal(res.statusCode, 401, `${route}: ${res.body}`);
    }
    const made = await t.ctx.store.db.selectFrom('staff_users').select('id').where('username', '=', 'made-by-anonymous').execute();
    assert.equal(made.length, 0);
  });

  test('each role is allowed or refused exactly as the table says', async () => {
    await ready();
    // Sign-out last: it ends the session the other calls use.
    const routes = Object.keys(EXPECTED).filter((r) => EXPECTED[r] !== 'public' && r !== 'DELETE /v1/staff/session');
    routes.push('DELETE /v1/staff/session');
    const mismatches: string[] = [];
    for (const role of ROLES) {
      for (const route of routes) {
        const expected = EXPECTED[route] as Record<Role, boolean>;
        const res = await call(route, role);
        const allowed = res.statusCode >= 200 && res.statusCode < 300;
        if (allowed !== expected[role]) mismatches.push(`${role} ${route}: ${res.statusCode} ${res.body.slice(0, 120)}`);
        if (!expected[role] && !allowed && res.statusCode !== 403) mismatches.push(`${role} ${route}: refused with ${res.statusCode}, not 403`);
      }
    }
    assert.deepEqual(mismatches, []);
  });

  test('a refused call changes nothing', async () => {
    await ready();
    const made = await t.ctx.store.db.selectFrom('staff_users').select('username').where('username', 'like', 'made-by-%').execute();
    assert.deepEqual(
      made.map((r) => r.username),
      ['made-by-admin'],
    );
    const keys = await t.ctx.store.db.selectFrom('api_keys').select(['name', 'revoked_at']).execute();
    assert.deepEqual(
      keys.filter((k) => k.name.startsWith('key by ')).map((k) => k.name),
      ['key by admin'],
    );
    const revoked = keys.filter((k) => k.name.startsWith('to revoke by ') && k.revoked_at !== null).map((k) => k.name);
    assert.deepEqual(revoked, ['to revoke by admin']);
    const endpoints = await t.ctx.store.db.selectFrom('webhook_endpoints').select(['url', 'active']).execute();
    assert.deepEqual(
      endpoints.filter((e) => e.url.includes('/made-by-')).map((e) => e.url),
      ['http://127.0.0.1:9/made-by-admin'],
    );
    assert.deepEqual(
      endpoints.filter((e) => e.url.includes('/to-pause-by-') && Number(e.active) === 0).map((e) => e.url),
      ['http://127.0.0.1:9/to-pause-by-admin'],
    );
    const replays = await t.ctx.store.db.selectFrom('events').select('actor_id').where('type', '=', 'webhook.replayed').execute();
    assert.deepEqual(
      replays.map((r) => r.actor_id),
      [users.get('admin')!.id],
    );
    const holds = await t.ctx.store.db.selectFrom('holds').select('case_id').where('case_id', 'like', 'case-by-%').orderBy('case_id').execute();
    assert.deepEqual(
      holds.map((h) => h.case_id),
      ['case-by-admin', 'case-by-legal'],
    );
    const spareRow = await t.ctx.store.db.selectFrom('staff_users').select('display_name').where('id', '=', spare.id).executeTakeFirstOrThrow();
    assert.equal(spareRow.display_name, 'named by admin');
  });

  test('a route under a guarded prefix that forgets its access is refused at registration', async () => {
    await ready();
    const bare = Fastify().withTypeProvider() as unknown as App;
    bare.setValidatorCompiler(validatorCompiler);
    bare.setSerializerCompiler(serializerCompiler);
    await bare.register(fastifyCookie);
    await registerStaffRoutes(bare, t.ctx);
    assert.throws(() => bare.get('/v1/admin/forgotten', async () => 'open'), /must declare config\.access/);
    assert.throws(() => bare.get('/v1/log/forgotten', { config: { access: 'log:read' } }, async () => 'open'), /does not list requirePermission/);
    await bare.close();
  });

  test('a guarded route registered before the check, without access, fails closed', async () => {
    await ready();
    const bare = Fastify().withTypeProvider() as unknown as App;
    bare.setValidatorCompiler(validatorCompiler);
    bare.setSerializerCompiler(serializerCompiler);
    await bare.register(fastifyCookie);
    bare.get('/v1/staff/early', async () => ({ secret: 'should never be served' }));
    await registerStaffRoutes(bare, t.ctx);
    const res = await bare.inject({ method: 'GET', url: '/v1/staff/early', headers: sessions.get('admin')!.headers() });
    assert.equal(res.statusCode, 500);
    assert.equal(res.body.includes('should never be served'), false);
    await bare.close();
  });
});
