// The legal role's INHOPE referral routes (docs/inhope.md): prepare a referral for a link to
// material on another site (its hosting country and hotline; the link is never fetched),
// list them, and record when one was sent through the hotline's form.
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import type { StaffGuard } from '../auth/staff-guard.js';
import { staffAccess } from '../auth/staff-guard.js';
import type { Reviewer } from '../../services/cases/reviewer.js';
import { listReferralViews, prepareReferral, recordReferralSent, referralDetail, type ReferralDeps } from '../../services/referrals/referrals.js';
import { openCountryDatabase, type CountryDatabase } from '../../services/referrals/hosting-country.js';
import { idString, textString } from '../schemas/strings.js';

const ReferralId = idString({ min: 1, max: 100 });

const ReferralOut = z.object({
  id: z.string(),
  status: z.enum(['prepared', 'sent']),
  url: z.string(),
  host: z.string(),
  hostingIp: z.string().nullable(),
  hostingCountry: z.string().nullable(),
  hotline: z.object({ id: z.string(), name: z.string(), reportUrl: z.string() }),
  caseId: z.string().nullable(),
  cybertipId: z.string().nullable(),
  clause: z.string(),
  preparedBy: z.string(),
  preparedAt: z.string(),
  sentBy: z.string().nullable(),
  sentAt: z.string().nullable(),
  sentNote: z.string().nullable(),
  package: z.object({
    urlString: z.string(),
    host: z.string(),
    hostingCountryCode: z.string().nullable(),
    hostingIpAddress: z.string().nullable(),
    contentType: z.literal(2),
    targetHotline: z.string(),
    submittedVia: z.string(),
    caseId: z.string().nullable(),
    cybertipId: z.string().nullable(),
    clause: z.string(),
    preparedAt: z.string(),
    note: z.string(),
  }),
});

function legal(request: FastifyRequest): Reviewer {
  const staff = request.staff;
  if (!staff) throw new Error('referral route without staff authentication');
  return { id: staff.id, permissions: staff.permissions, platforms: staffAccess(request) };
}

export function registerReferralRoutes(app: App, ctx: AppContext, guard: StaffGuard): void {
  const security = [{ staffSession: [] }];
  const access = { config: { access: 'cybertip:file' as const }, onRequest: guard.requirePermission('cybertip:file') };
  const params = z.strictObject({ id: ReferralId });
  // The operator's database is read once, on first use; a file that will not open is reported on each use.
  let geo: Promise<CountryDatabase> | undefined;
  const deps = async (): Promise<ReferralDeps> => {
    const path = ctx.config.referrals.geoipDatabase;
    if (path) {
      geo ??= openCountryDatabase(path);
      geo.catch(() => (geo = undefined));
    }
    return { store: ctx.store, now: ctx.now, geo: geo ? await geo : undefined };
  };

  app.get(
    '/v1/referrals',
    {
      schema: {
        summary: 'INHOPE referrals, newest first',
        tags: ['legal'],
        security,
        querystring: z.strictObject({ status: z.enum(['prepared', 'sent']).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ referrals: z.array(ReferralOut) }) },
      },
      ...access,
    },
    async (request) => ({ referrals: await listReferralViews(ctx.store, request.query) }),
  );

  app.get(
    '/v1/referrals/:id',
    { schema: { summary: 'One INHOPE referral with its package', tags: ['legal'], security, params, response: { 200: ReferralOut } }, ...access },
    async (request) => referralDetail(ctx.store, request.params.id),
  );

  app.post(
    '/v1/referrals',
    {
      schema: {
        summary: 'Prepare a referral for a link to material hosted elsewhere: its hosting country and hotline (the link is never fetched)',
        tags: ['legal'],
        security,
        body: z.strictObject({
          url: textString({ min: 1, max: 2083 }),
          caseId: idString({ min: 1, max: 100 }).optional(),
          cybertipId: idString({ min: 1, max: 100 }).optional(),
          clause: idString({ min: 1, max: 100 }).optional(),
        }),
        response: { 200: ReferralOut, 201: ReferralOut },
      },
      ...access,
    },
    async (request, reply) => {
      const { referral, created } = await prepareReferral(await deps(), legal(request), request.body);
      return reply.code(created ? 201 : 200).send(referral);
    },
  );

  app.post(
    '/v1/referrals/:id/sent',
    {
      schema: {
        summary: 'Record that the referral was sent through the hotline’s form',
        tags: ['legal'],
        security,
        params,
        body: z.strictObject({ sentAt: z.iso.datetime().optional(), note: textString({ min: 1, max: 1000, trim: true }).optional() }),
        response: { 200: ReferralOut },
      },
      ...access,
    },
    async (request) => recordReferralSent(await deps(), legal(request), request.params.id, request.body),
  );
}
