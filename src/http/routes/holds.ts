// Preservation holds and the evidence they keep, for the legal role (docs/evidence-vault.md):
// the holds with their expiry, placing one by hand (a law-enforcement preservation request),
// extending one, reading an item's preserved snapshot (logged), and deleting evidence that
// no hold covers (logged; refused under a hold).
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import type { StaffGuard } from '../auth/staff-guard.js';
import { staffAccess, staffActor } from '../auth/staff-guard.js';
import type { Reviewer } from '../../services/cases/reviewer.js';
import { checkHoldManager, extendHold, listHolds, placeHold, releaseHold, type HoldView } from '../../services/vault/holds.js';
import { deleteEvidence, readSnapshot } from '../../services/vault/evidence.js';
import { vaultDepsOf } from '../../services/vault/vault.js';
import { externalId, platformOf, scopedId } from '../../moderation/platform-ids.js';
import { Id, PlatformId, Reason, idString } from '../schemas/strings.js';

const HoldId = z.uuid();
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 digest in lower-case hex');
const When = z.iso.datetime({ offset: true }).describe('ISO 8601 date and time');

const ContentRef = z.object({ platform: z.string(), id: z.string() });

const HoldOut = z.object({
  id: z.string(),
  caseId: z.string().nullable(),
  cybertipId: z.string().nullable(),
  account: ContentRef.nullable(),
  reason: z.string(),
  placedAt: z.string(),
  placedBy: z.string(),
  until: z.string().describe('The hold keeps its evidence until then; the purge deletes it after'),
  status: z.enum(['active', 'expired', 'purged']),
  purgedAt: z.string().nullable(),
  sha256s: z.array(z.string()),
  content: z.array(ContentRef),
  snapshots: z.array(z.object({ content: ContentRef, sha256: z.string() })),
});

function ref(internal: string) {
  return { platform: platformOf(internal), id: externalId(internal) };
}

function render(h: HoldView): z.infer<typeof HoldOut> {
  return {
    id: h.id,
    caseId: h.caseId,
    cybertipId: h.cybertipId,
    account: h.accountId === null ? null : ref(h.accountId),
    reason: h.reason,
    placedAt: h.placedAt,
    placedBy: h.placedBy,
    until: h.until,
    status: h.status,
    purgedAt: h.purgedAt,
    sha256s: h.sha256s,
    content: h.contentIds.map(ref),
    snapshots: h.snapshots.map((s) => ({ content: ref(s.contentId), sha256: s.sha256 })),
  };
}

function reviewer(request: FastifyRequest): Reviewer {
  const staff = request.staff;
  if (!staff) throw new Error('hold route without staff authentication');
  return { id: staff.id, permissions: staff.permissions, platforms: staffAccess(request) };
}

export function registerHoldRoutes(app: App, ctx: AppContext, guard: StaffGuard): void {
  const security = [{ staffSession: [] }];
  const access = { config: { access: 'hold:manage' as const }, onRequest: guard.requirePermission('hold:manage') };
  const deps = vaultDepsOf(ctx);

  app.get(
    '/v1/holds',
    {
      schema: {
        summary: 'Preservation holds with their expiry, a page at a time',
        tags: ['legal'],
        security,
        querystring: z.strictObject({
          status: z.enum(['active', 'purged']).optional().describe('active: not purged yet (in force or expired); purged'),
          afterId: HoldId.optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ holds: z.array(HoldOut), nextAfterId: z.string().nullable() }) },
      },
      ...access,
    },
    async (request) => {
      checkHoldManager(reviewer(request));
      const page = await listHolds(deps, request.query);
      return { holds: page.holds.map(render), nextAfterId: page.nextAfterId };
    },
  );

  app.post(
    '/v1/holds',
    {
      schema: {
        summary: 'Place a preservation hold by hand (for example on a law-enforcement preservation request)',
        tags: ['legal'],
        security,
        body: z.strictObject({
          caseId: idString({ min: 1, max: 100 }),
          platform: PlatformId.default('default').describe('The platform whose ids the content and account are'),
          contentIds: z.array(Id).max(200).default([]),
          sha256s: z.array(Sha256).max(200).default([]),
          accountId: Id.optional(),
          reason: Reason,
          until: When.optional().describe('Default: VIGIE_HOLD_DAYS (one year) from now'),
        }),
        response: { 201: HoldOut },
      },
      ...access,
    },
    async (request, reply) => {
      checkHoldManager(reviewer(request));
      const b = request.body;
      const hold = await placeHold(deps, {
        caseId: b.caseId,
        sha256s: b.sha256s,
        contentIds: b.contentIds.map((id) => scopedId(b.platform, id)),
        accountId: b.accountId === undefined ? undefined : scopedId(b.platform, b.accountId),
        reason: b.reason,
        until: b.until,
        actor: staffActor(request),
      });
      void reply.code(201);
      return render(hold);
    },
  );

  app.post(
    '/v1/holds/:id/extension',
    {
      schema: {
        summary: 'Extend a hold (never shorten it), with the reason (for example a law-enforcement request)',
        tags: ['legal'],
        security,
        params: z.strictObject({ id: HoldId }),
        body: z.strictObject({ until: When, reason: Reason }),
        response: { 200: HoldOut },
      },
      ...access,
    },
    async (request) => {
      const r = reviewer(request);
      checkHoldManager(r);
      return render(await extendHold(deps, request.params.id, request.body.until, request.body.reason, r));
    },
  );

  app.post(
    '/v1/holds/:id/release',
    {
      schema: {
        summary:
          'End a hold now, with the reason (for example a law-enforcement request to destroy the material); the purge then deletes what no other hold covers',
        tags: ['legal'],
        security,
        params: z.strictObject({ id: HoldId }),
        body: z.strictObject({ reason: Reason }),
        response: { 200: HoldOut },
      },
      ...access,
    },
    async (request) => {
      const r = reviewer(request);
      checkHoldManager(r);
      return render(await releaseHold(deps, request.params.id, request.body.reason, r));
    },
  );

  app.get(
    '/v1/holds/:id/snapshots/:contentId',
    {
      schema: {
        summary: 'The preserved snapshot of a content item under a hold (the read is logged)',
        tags: ['legal'],
        security,
        params: z.strictObject({ id: HoldId, contentId: Id }),
        querystring: z.strictObject({ platform: PlatformId.default('default') }),
        response: { 200: z.record(z.string(), z.unknown()) },
      },
      ...access,
    },
    async (request) => {
      const r = reviewer(request);
      checkHoldManager(r);
      const snap = await readSnapshot(deps, r, request.params.id, scopedId(request.query.platform, request.params.contentId));
      return { ...snap, contentId: externalId(snap.contentId), authorId: externalId(snap.authorId) };
    },
  );

  app.delete(
    '/v1/evidence/media/:sha256',
    {
      schema: {
        summary: 'Delete a media object from the vault (for example destroyed on a law-enforcement request); refused under a hold',
        tags: ['legal'],
        security,
        params: z.strictObject({ sha256: Sha256 }),
        body: z.strictObject({ reason: Reason }),
        response: { 204: z.null() },
      },
      ...access,
    },
    async (request, reply) => {
      const r = reviewer(request);
      checkHoldManager(r);
      await deleteEvidence(deps, r, { kind: 'media', sha256: request.params.sha256 }, request.body.reason);
      return reply.code(204).send(null);
    },
  );
}
