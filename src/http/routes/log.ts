// GET /v1/log: the moderation log, for audit, in log order, a page at a time.
import { z } from 'zod';
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import { staffAccess, type StaffGuard } from '../auth/staff-guard.js';
import { readLog } from '../../services/log/read-log.js';
import { Id, PlatformId } from '../schemas/strings.js';

const Query = z
  .strictObject({
    subjectKind: z
      .string()
      .regex(/^[a-z_]{1,32}$/)
      .optional(),
    subjectId: Id.optional(),
    platform: PlatformId.optional().describe(
      "Only this platform's accounts and content (subjectId is then its own id); a member limited to platforms reads only theirs",
    ),
    afterSeq: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .refine((q) => q.subjectId === undefined || q.subjectKind !== undefined, { message: 'subjectId needs subjectKind' });

const EventOut = z.object({
  seq: z.number(),
  type: z.string(),
  subject: z.object({
    kind: z.string(),
    id: z.string().describe("An account's or content's id as its platform knows it"),
    platform: z.string().nullable().describe("The platform that owns the subject; null for what is vigie's own (banks, staff, webhooks…)"),
  }),
  actor: z.object({ kind: z.string(), id: z.string().nullable() }),
  at: z.string(),
  reason: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  partition: z.number(),
  partitionSeq: z.number(),
  prevHash: z.string(),
  hash: z.string(),
});

export function registerLogRoutes(app: App, ctx: AppContext, guard: StaffGuard): void {
  app.get(
    '/v1/log',
    {
      schema: {
        summary: 'Read the moderation log (optionally one subject), after a sequence number',
        tags: ['audit'],
        security: [{ staffSession: [] }],
        querystring: Query,
        response: {
          200: z.object({ events: z.array(EventOut), nextAfterSeq: z.number().nullable().describe('Pass as afterSeq for the next page; null at the end') }),
        },
      },
      config: { access: 'log:read' },
      onRequest: guard.requirePermission('log:read'),
    },
    async (request) => readLog(ctx.store, request.query, staffAccess(request)),
  );
}
