// The legal role's CyberTipline routes (docs/cybertipline.md): drafts waiting for approval,
// filed reports with NCMEC's ids, the document a report sends, and the three decisions legal
// takes on a report (approve, retract, retry after a failure). Every route needs
// `cybertip:file`; the services check the rest (state, platforms).
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import type { StaffGuard } from '../auth/staff-guard.js';
import { staffAccess } from '../auth/staff-guard.js';
import type { Reviewer } from '../../services/cases/reviewer.js';
import { approveCybertip, retractCybertip, retryCybertip } from '../../services/cybertip/legal-actions.js';
import { CYBERTIP_STATUSES, cybertipDetail, cybertipDocument, listCybertipViews } from '../../services/cybertip/read-reports.js';
import { configuredClient } from '../../services/cybertip/ncmec-client.js';
import { Reason, idString, textString } from '../schemas/strings.js';

const CybertipId = idString({ min: 1, max: 100 });
const Status = z.enum([...CYBERTIP_STATUSES, 'failed']);
/** NCMEC takes up to 3,000 characters in escalateToHighPriority. */
const Escalation = textString({ min: 1, max: 3000, trim: true });

const FileOut = z.object({
  sha256: z.string(),
  md5: z.string(),
  contentId: z.string(),
  mediaId: z.string(),
  ncmecFileId: z.string().nullable(),
  md5Confirmed: z.boolean().nullable(),
  detailsSent: z.boolean(),
});

const CybertipOut = z.object({
  id: z.string(),
  caseId: z.string().nullable(),
  accountId: z.string(),
  status: z.string(),
  reached: z.string().nullable(),
  ncmecReportId: z.string().nullable(),
  environment: z.string().nullable(),
  clauses: z.array(z.string()),
  contentIds: z.array(z.string()),
  automated: z.boolean(),
  draftedAt: z.string(),
  approveBy: z.string(),
  overdue: z.boolean(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  retractedAt: z.string().nullable(),
  failedAt: z.string().nullable(),
  lastError: z.string().nullable(),
  files: z.array(FileOut).optional(),
});

function legal(request: FastifyRequest): Reviewer {
  const staff = request.staff;
  if (!staff) throw new Error('cybertip route without staff authentication');
  return { id: staff.id, permissions: staff.permissions, platforms: staffAccess(request) };
}

export function registerCybertipRoutes(app: App, ctx: AppContext, guard: StaffGuard): void {
  const security = [{ staffSession: [] }];
  const access = { config: { access: 'cybertip:file' as const }, onRequest: guard.requirePermission('cybertip:file') };
  const params = z.strictObject({ id: CybertipId });
  const deps = { store: ctx.store, jobs: ctx.jobs, now: ctx.now, maxAttempts: ctx.config.ncmec.maxAttempts };
  const client = configuredClient(ctx.config.ncmec, ctx.config.secrets.ncmec);
  const settings = { reporter: ctx.config.ncmec.reporter, platform: ctx.config.ncmec.platform };

  app.get(
    '/v1/cybertips',
    {
      schema: {
        summary: 'CyberTipline reports, newest first: drafts to approve (status=draft), filed ones with their NCMEC ids',
        tags: ['legal'],
        security,
        querystring: z.strictObject({
          status: Status.optional(),
          caseId: idString({ min: 1, max: 100 }).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ reports: z.array(CybertipOut) }) },
      },
      ...access,
    },
    async (request) => {
      const q = request.query;
      const failed = q.status === 'failed';
      const reports = await listCybertipViews(
        ctx.store,
        staffAccess(request),
        { status: q.status && !failed ? [q.status] : undefined, caseId: q.caseId, limit: failed ? 500 : q.limit },
        ctx.now(),
      );
      return { reports: failed ? reports.filter((r) => r.status === 'failed').slice(0, q.limit) : reports };
    },
  );

  app.get(
    '/v1/cybertips/:id',
    { schema: { summary: 'A CyberTipline report with its files', tags: ['legal'], security, params, response: { 200: CybertipOut } }, ...access },
    async (request) => cybertipDetail(ctx.store, staffAccess(request), request.params.id, ctx.now()),
  );

  app.get(
    '/v1/cybertips/:id/document',
    {
      schema: {
        summary: 'The <report> document: the one sent once submitted, the one that would be sent before',
        tags: ['legal'],
        security,
        params,
        produces: ['text/xml'],
      },
      ...access,
    },
    async (request, reply) => {
      await cybertipDetail(ctx.store, staffAccess(request), request.params.id, ctx.now());
      const { xml, sent } = await cybertipDocument(ctx.store, settings, request.params.id, ctx.now());
      return reply
        .header('content-type', 'text/xml; charset=utf-8')
        .header('vigie-document', sent ? 'sent' : 'preview')
        .send(xml);
    },
  );

  app.post(
    '/v1/cybertips/:id/approve',
    {
      schema: {
        summary: 'Approve a draft for filing, escalated to high priority with the reason where a child is at immediate risk; the filing job starts',
        tags: ['legal'],
        security,
        params,
        body: z
          .strictObject({
            reason: Reason.optional(),
            escalateToHighPriority: Escalation.optional().describe('Why a child is at immediate risk: sent as the report’s escalateToHighPriority'),
          })
          .optional(),
        response: { 200: CybertipOut },
      },
      ...access,
    },
    async (request) => {
      const row = await approveCybertip(deps, legal(request), request.params.id, request.body?.reason ?? null, request.body?.escalateToHighPriority ?? null);
      return cybertipDetail(ctx.store, staffAccess(request), row.id, ctx.now());
    },
  );

  app.post(
    '/v1/cybertips/:id/retry',
    {
      schema: {
        summary: 'Send a failed report back to filing once its cause is mended',
        tags: ['legal'],
        security,
        params,
        body: z.strictObject({ reason: Reason.optional() }).optional(),
        response: { 200: CybertipOut },
      },
      ...access,
    },
    async (request) => {
      const row = await retryCybertip(deps, legal(request), request.params.id, request.body?.reason ?? null);
      return cybertipDetail(ctx.store, staffAccess(request), row.id, ctx.now());
    },
  );

  app.post(
    '/v1/cybertips/:id/retract',
    {
      schema: {
        summary: 'Withdraw a report that is not finished (cancelled at NCMEC when it was opened there)',
        tags: ['legal'],
        security,
        params,
        body: z.strictObject({ reason: Reason }),
        response: { 200: CybertipOut },
      },
      ...access,
    },
    async (request) => {
      const row = await retractCybertip({ ...deps, client }, legal(request), request.params.id, request.body.reason);
      return cybertipDetail(ctx.store, staffAccess(request), row.id, ctx.now());
    },
  );
}
