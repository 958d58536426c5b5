// POST /v1/reports: a report by one of the platform's signed-in users, with the platform's
// key for it (sending it again answers as the first time). services/reports/file-report.ts.
import { z } from 'zod';
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import { callerPlatform, platformActor, type RequireScope } from '../auth/platform.js';
import { fileReport } from '../../services/reports/file-report.js';
import { REPORT_REASON_IDS } from '../../policy/report-reasons.js';
import { Id, Link, textString } from '../schemas/strings.js';

export const ReportBody = z
  .strictObject({
    subject: z
      .strictObject({ kind: z.enum(['account', 'content']), id: Id })
      .optional()
      .describe('What is reported, by the platform’s id'),
    links: z.array(Link).max(20).optional().describe('Links to the account and posts, as the reporter gave them'),
    reason: z.enum(REPORT_REASON_IDS),
    text: textString({ max: 4000 }).optional().describe('What the reporter wrote'),
    reporter: z.strictObject({ accountId: Id }).optional().describe('The reporting user, by the platform’s id'),
    clientKey: textString({ min: 1, max: 200 }).describe('The platform’s id for this report: sending it again answers as the first time'),
  })
  .refine((b) => b.subject !== undefined || (b.links?.length ?? 0) > 0, { message: 'give the subject reported, or links to it' });

const ReportAnswer = z.object({
  reportId: z.string(),
  caseId: z.string().nullable().describe('The case the report joined or opened; null when the reporter is muted'),
  opened: z.boolean(),
  replayed: z.boolean(),
  unresolved: z.array(z.string()).describe('Links that named nothing on the platform'),
});

export function registerReportRoutes(app: App, ctx: AppContext, requireScope: RequireScope): void {
  app.post(
    '/v1/reports',
    {
      schema: {
        summary: 'File a report by one of the platform’s users; it joins the subject’s open case or opens one',
        tags: ['platform'],
        security: [{ platformKey: [] }],
        body: ReportBody,
        response: { 200: ReportAnswer, 201: ReportAnswer },
      },
      onRequest: requireScope('reports:write'),
    },
    async (request, reply) => {
      const b = request.body;
      const platform = callerPlatform(request);
      const filed = await fileReport(
        ctx,
        {
          platform,
          subject: b.subject,
          links: b.links,
          reason: b.reason,
          text: b.text,
          reporter: b.reporter ? { kind: 'account', id: b.reporter.accountId } : { kind: 'anonymous' },
          clientKey: b.clientKey,
        },
        platformActor(request),
      );
      void reply.code(filed.replayed ? 200 : 201);
      return { reportId: filed.reportId, caseId: filed.caseId, opened: filed.opened, replayed: filed.replayed, unresolved: filed.unresolved };
    },
  );
}
