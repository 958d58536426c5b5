// Appeals (docs/appeals.md). The person: GET /appeal with the token from their notice shows
// the form (or how their appeal stands), POST /appeal files it; HTML working without
// JavaScript, in French and English, like the report page. The platform: a token for its
// notice (POST /v1/appeals/tokens) and an appeal on the user's behalf (POST /v1/appeals).
// Staff: the appeals queue under /v1/review/appeals (registered with the staff routes).
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import type { RequireScope } from '../auth/platform.js';
import { callerPlatform, platformActor } from '../auth/platform.js';
import { staffAccess, type StaffGuard } from '../auth/staff-guard.js';
import { ServiceError } from '../../services/errors.js';
import { mintToken } from '../../services/appeals/mint-token.js';
import { fileAppeal } from '../../services/appeals/file-appeal.js';
import { standingOfToken } from '../../services/appeals/appeal-by-token.js';
import type { AppealView } from '../../services/appeals/appeal-views.js';
import { claimAppeal, claimNextAppeal } from '../../services/appeals/claim-appeal.js';
import { decideAppeal } from '../../services/appeals/decide-appeal.js';
import { appealForPlatform, appealForStaff, appealsForStaff } from '../../services/appeals/read-appeals.js';
import type { Reviewer } from '../../services/cases/reviewer.js';
import { stringProblem } from '../../moderation/strings.js';
import { pickLanguage, type Lang } from '../pages/language.js';
import { PAGE_HEADERS } from '../pages/layout.js';
import { FORM_BODY_LIMIT, parseFormBody } from '../pages/report-form.js';
import { appealCodePage, appealFormPage, appealStatusPage, STATEMENT_MAX } from '../pages/appeal-page.js';
import { APPEAL_TEXT } from '../pages/appeal-text.js';
import { externalId } from '../../moderation/platform-ids.js';
import { reasonsForPerson } from '../../services/statements/reasons-for-person.js';
import { reasonsSection } from '../pages/appeal-reasons.js';
import { Reason, idString, textString } from '../schemas/strings.js';

const ActionId = z.string().regex(/^act_[0-9a-f]{64}$/, 'an action id is act_ followed by 64 hexadecimal digits');
const AppealId = idString({ min: 1, max: 100 });
const PageQuery = z.object({ lang: z.string().max(16).optional(), token: z.string().max(300).optional() });

const AppealOut = z.object({
  id: z.string(),
  status: z.string(),
  queue: z.string(),
  platform: z.string(),
  accountId: z.string(),
  action: z.object({ id: z.string(), kind: z.string() }),
  via: z.string(),
  filedAt: z.string(),
  dueAt: z.string(),
  resolvedAt: z.string().nullable(),
  reason: z.string().nullable(),
});

const StaffAppealOut = AppealOut.extend({
  statement: z.string(),
  lang: z.string(),
  assigneeId: z.string().nullable(),
  leaseUntil: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  excluded: z.array(z.string()),
  overdue: z.boolean(),
});

export function registerAppealRoutes(app: App, ctx: AppContext, requireScope: RequireScope): void {
  const security = [{ platformKey: [] }];

  app.post(
    '/v1/appeals/tokens',
    {
      schema: {
        summary: 'A signed, expiring token (and link) for the notice to a suspended or locked user',
        tags: ['appeals'],
        security,
        body: z.strictObject({ actionId: ActionId.describe('The idempotencyKey of the action’s webhook (act_…)') }),
        response: { 201: z.object({ token: z.string(), expiresAt: z.string(), url: z.string() }) },
      },
      onRequest: requireScope('appeals:write'),
    },
    async (request, reply) => reply.code(201).send(await mintToken(ctx, callerPlatform(request), request.body.actionId)),
  );

  app.post(
    '/v1/appeals',
    {
      schema: {
        summary: 'Appeal a suspension or lock on the user’s behalf (one appeal per action: a second is refused with 409)',
        tags: ['appeals'],
        security,
        body: z.strictObject({
          actionId: ActionId,
          statement: textString({ min: 1, max: STATEMENT_MAX, trim: true }).describe('The user’s own words'),
          lang: z.enum(['fr', 'en']).default('en'),
        }),
        response: { 201: AppealOut },
      },
      onRequest: requireScope('appeals:write'),
    },
    async (request, reply) => {
      const b = request.body;
      const filed = await fileAppeal(
        ctx,
        { actionId: b.actionId, statement: b.statement, lang: b.lang, via: 'platform', platform: callerPlatform(request) },
        platformActor(request),
      );
      return reply.code(201).send(publicView(filed));
    },
  );

  app.get(
    '/v1/appeals/:id',
    {
      schema: {
        summary: 'How an appeal the platform’s user filed stands',
        tags: ['appeals'],
        security,
        params: z.strictObject({ id: AppealId }),
        response: { 200: AppealOut },
      },
      onRequest: requireScope('appeals:write'),
    },
    async (request) => appealForPlatform(ctx.store, callerPlatform(request), request.params.id),
  );
}

/** What the platform and the person see of an appeal: never the staff's side. */
function publicView(v: AppealView) {
  const { id, status, queue, platform, accountId, action, via, filedAt, dueAt, resolvedAt, reason } = v;
  return { id, status, queue, platform, accountId, action, via, filedAt, dueAt, resolvedAt, reason };
}

export async function registerAppealPageRoutes(app: App, ctx: AppContext): Promise<void> {
  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) =>
      done(null, body),
    );
    const send = (reply: FastifyReply, status: number, body: string) => reply.code(status).headers(PAGE_HEADERS).send(body);

    /** The page a token leads to: its appeal's status, the form, or why neither. */
    const show = async (reply: FastifyReply, lang: Lang, token: string, statement = '', error?: string) => {
      const t = APPEAL_TEXT[lang];
      if (token === '') return send(reply, 200, appealCodePage(lang, null));
      const standing = await standingOfToken(ctx, token);
      switch (standing.kind) {
        case 'refused':
          return send(reply, standing.why === 'expired' ? 410 : standing.why === 'unknown-action' ? 404 : 400, appealCodePage(lang, t.refused[standing.why]));
        case 'filed':
          return send(reply, 200, appealStatusPage(lang, token, standing.appeal));
        case 'open':
          if (!standing.holds) return send(reply, 409, appealCodePage(lang, null, t.noLongerHolds));
          return send(
            reply,
            error ? 400 : 200,
            appealFormPage({
              lang,
              token,
              action: standing.action,
              statement,
              error,
              reasons: reasonsSection(lang, await reasonsForPerson(ctx.store, standing.actionId)),
            }),
          );
      }
    };

    scope.get('/appeal', { schema: { hide: true, querystring: PageQuery } }, async (request, reply) =>
      show(reply, pickLanguage(request.query.lang, request.headers['accept-language']), (request.query.token ?? '').trim()),
    );

    scope.post('/appeal', { schema: { hide: true, querystring: PageQuery }, bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
      const fields = typeof request.body === 'string' ? parseFormBody(request.body) : null;
      const lang = pickLanguage(fields?.get('lang') ?? request.query.lang, request.headers['accept-language']);
      const t = APPEAL_TEXT[lang];
      const token = (fields?.get('token') ?? '').trim();
      if (!fields || token === '') return send(reply, 400, appealCodePage(lang, t.refused.malformed));
      const statement = (fields.get('statement') ?? '').replace(/\r\n/g, '\n').trim();
      if (statement === '') return show(reply, lang, token, statement, t.statementMissing);
      if ([...statement].length > STATEMENT_MAX) return show(reply, lang, token, statement, t.statementTooLong);
      if (stringProblem(statement) !== null || /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(statement)) {
        return show(reply, lang, token, '', t.statementMissing);
      }
      const standing = await standingOfToken(ctx, token);
      if (standing.kind === 'filed') return send(reply, 409, appealStatusPage(lang, token, standing.appeal, true));
      if (standing.kind !== 'open') return show(reply, lang, token);
      try {
        const filed = await fileAppeal(ctx, { actionId: standing.actionId, statement, lang, via: 'token' }, { kind: 'anonymous', id: null });
        return send(reply, 201, appealStatusPage(lang, token, filed));
      } catch (err) {
        // Filed from another tab a moment ago, or the restriction was lifted meanwhile.
        if (err instanceof ServiceError && err.kind === 'conflict') {
          const again = await standingOfToken(ctx, token);
          if (again.kind === 'filed') return send(reply, 409, appealStatusPage(lang, token, again.appeal, true));
          return send(reply, 409, appealCodePage(lang, null, t.noLongerHolds));
        }
        throw err;
      }
    });
  });
}

function reviewer(request: FastifyRequest): Reviewer {
  const staff = request.staff;
  if (!staff) throw new Error('appeal route without staff authentication');
  return { id: staff.id, permissions: staff.permissions, platforms: staffAccess(request) };
}

/** The appeals queue for staff: under /v1/review, a guarded prefix. */
export function registerAppealReviewRoutes(app: App, ctx: AppContext, guard: StaffGuard): void {
  const security = [{ staffSession: [] }];
  const access = (p: 'queue:read' | 'appeal:decide') => ({ config: { access: p }, onRequest: guard.requirePermission(p) });
  const claims = { store: ctx.store, leaseMs: ctx.config.review.leaseMs, now: ctx.now };
  const params = z.strictObject({ id: AppealId });

  app.get(
    '/v1/review/appeals',
    {
      schema: {
        summary: 'Appeals, the one due first first',
        tags: ['appeals'],
        security,
        querystring: z.strictObject({
          status: z.enum(['open', 'upheld', 'overturned']).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: { 200: z.object({ appeals: z.array(StaffAppealOut) }) },
      },
      ...access('queue:read'),
    },
    async (request) => ({ appeals: await appealsForStaff(ctx.store, reviewer(request), request.query.status, request.query.limit, ctx.now()) }),
  );

  app.get(
    '/v1/review/appeals/:id',
    {
      schema: { summary: 'An appeal with what the person wrote', tags: ['appeals'], security, params, response: { 200: StaffAppealOut } },
      ...access('queue:read'),
    },
    async (request) => appealForStaff(ctx.store, reviewer(request), request.params.id, ctx.now()),
  );

  app.post(
    '/v1/review/appeals/claim',
    {
      schema: {
        summary: 'Claim the next appeal (due first) that you did not decide originally; null when none is free',
        tags: ['appeals'],
        security,
        response: { 200: z.object({ appeal: StaffAppealOut.nullable() }) },
      },
      ...access('appeal:decide'),
    },
    async (request) => ({ appeal: await claimNextAppeal(claims, reviewer(request)) }),
  );

  app.post(
    '/v1/review/appeals/:id/claim',
    {
      schema: {
        summary: 'Claim this appeal (refused to the person who took the action appealed)',
        tags: ['appeals'],
        security,
        params,
        response: { 200: z.object({ appeal: StaffAppealOut }) },
      },
      ...access('appeal:decide'),
    },
    async (request) => ({ appeal: await claimAppeal(claims, reviewer(request), request.params.id) }),
  );

  app.post(
    '/v1/review/appeals/:id/decision',
    {
      schema: {
        summary: 'Uphold or overturn the appeal you hold; an overturn restores the account and content and lifts the ban-evasion block',
        tags: ['appeals'],
        security,
        params,
        body: z.strictObject({ outcome: z.enum(['uphold', 'overturn']), reason: Reason.describe('Shown to the person who appealed') }),
        response: {
          200: z.object({
            appeal: StaffAppealOut,
            restored: z.object({ account: z.boolean(), contentIds: z.array(z.string()), identifiersLifted: z.number() }),
            cybertipIds: z.array(z.string()),
          }),
        },
      },
      ...access('appeal:decide'),
    },
    async (request) => {
      const decided = await decideAppeal(ctx, reviewer(request), request.params.id, request.body);
      return { ...decided, restored: { ...decided.restored, contentIds: decided.restored.contentIds.map(externalId) } };
    },
  );
}
