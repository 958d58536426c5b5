// Transparency (docs/transparency.md): the weekly figures for a platform (GET /v1/stats,
// scope stats:read) and for staff (GET /v1/review/stats, permission stats:read: the
// console's charts), every restriction of a period as CSV streamed with no row cap, and the
// public page GET /transparency (French and English, small counts suppressed).
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import type { RequireScope } from '../auth/platform.js';
import { callerPlatform } from '../auth/platform.js';
import { staffAccess, type StaffGuard } from '../auth/staff-guard.js';
import { Problem } from '../problem.js';
import { weeklyStats, type WeekStats } from '../../services/stats/weekly-stats.js';
import { actionsCsv } from '../../services/stats/export-actions.js';
import { weekOf } from '../../services/stats/weeks.js';
import { pickLanguage } from '../pages/language.js';
import { PAGE_HEADERS } from '../pages/layout.js';
import { transparencyPage } from '../pages/transparency-page.js';

const Instant = z.iso.datetime({ offset: false }).or(z.iso.date());
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
/** The figures' longest period: five years of weeks. */
const MAX_PERIOD_MS = 5 * 53 * WEEK_MS;
const PUBLIC_WEEKS = 12;

const Period = z.strictObject({ from: Instant.optional(), to: Instant.optional() });

/** [from, to): as asked, else the last 12 whole weeks and this one. */
function period(ctx: AppContext, q: { from?: string | undefined; to?: string | undefined }): { from: string; to: string } {
  const now = ctx.now();
  const to = q.to ? new Date(q.to) : new Date(`${weekOf(new Date(now.getTime() + WEEK_MS).toISOString())}T00:00:00.000Z`);
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - (PUBLIC_WEEKS + 1) * WEEK_MS);
  if (from >= to) throw new Problem(400, 'Bad Request', '"from" must come before "to"');
  if (to.getTime() - from.getTime() > MAX_PERIOD_MS) throw new Problem(400, 'Bad Request', 'the period is longer than five years');
  return { from: from.toISOString(), to: to.toISOString() };
}

const WeekOut = z.object({
  week: z.string(),
  actions: z.object({
    total: z.number(),
    byAction: z.record(z.string(), z.number()),
    byClause: z.record(z.string(), z.number()),
    bySource: z.record(z.string(), z.number()),
  }),
  cybertips: z.object({ drafted: z.number(), filed: z.number() }),
  inhopeReferrals: z.number().nullable(),
  timeToAction: z.object({ measured: z.number(), medianSeconds: z.number().nullable(), p90Seconds: z.number().nullable() }),
  appeals: z.object({ filed: z.number(), resolved: z.number(), overturned: z.number(), overturnRate: z.number().nullable() }),
  reports: z.number(),
});
const StatsOut = z.object({ from: z.string(), to: z.string(), weeks: z.array(WeekOut) });

export function registerStatsRoutes(app: App, ctx: AppContext, requireScope: RequireScope): void {
  const security = [{ platformKey: [] }];
  app.get(
    '/v1/stats',
    {
      schema: { summary: 'The platform’s transparency figures, per week', tags: ['transparency'], security, querystring: Period, response: { 200: StatsOut } },
      onRequest: requireScope('stats:read'),
    },
    async (request) => {
      const p = period(ctx, request.query);
      return { ...p, weeks: await weeklyStats(ctx.store, { ...p, platforms: [callerPlatform(request)] }) };
    },
  );

  app.get(
    '/v1/stats/export.csv',
    {
      schema: {
        summary: 'Every restriction of [from, to) as CSV, one row per action, streamed with no row cap',
        tags: ['transparency'],
        security,
        querystring: z.strictObject({ from: Instant, to: Instant }),
      },
      onRequest: requireScope('stats:read'),
    },
    async (request, reply) => {
      const from = new Date(request.query.from).toISOString();
      const to = new Date(request.query.to).toISOString();
      if (from >= to) throw new Problem(400, 'Bad Request', '"from" must come before "to"');
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="vigie-actions-${from.slice(0, 10)}-${to.slice(0, 10)}.csv"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(actionsCsv(ctx.store, from, to, [callerPlatform(request)])));
    },
  );
}

/** The figures for staff (the console's charts), over the platforms they see. */
export function registerStaffStatsRoutes(app: App, ctx: AppContext, guard: StaffGuard): void {
  app.get(
    '/v1/review/stats',
    {
      schema: {
        summary: 'Transparency figures per week, over the platforms you see',
        tags: ['transparency'],
        security: [{ staffSession: [] }],
        querystring: Period,
        response: { 200: StatsOut },
      },
      config: { access: 'stats:read' },
      onRequest: guard.requirePermission('stats:read'),
    },
    async (request) => {
      const p = period(ctx, request.query);
      return { ...p, weeks: await weeklyStats(ctx.store, { ...p, platforms: staffAccess(request) }) };
    },
  );
}

/** The public page's figures are computed at most this often per process: the page needs no key, so it must not cost a query per visit. */
const PUBLIC_CACHE_MS = 5 * 60_000;

export async function registerTransparencyPageRoutes(app: App, ctx: AppContext): Promise<void> {
  let cached: { until: number; from: string; to: string; weeks: Promise<WeekStats[]> } | undefined;
  const figures = () => {
    const now = ctx.now().getTime();
    if (!cached || cached.until <= now) {
      const p = period(ctx, {});
      const weeks = weeklyStats(ctx.store, { ...p, platforms: null });
      // A failed computation is not kept: the next visit tries again.
      weeks.catch(() => (cached = undefined));
      cached = { until: now + PUBLIC_CACHE_MS, ...p, weeks };
    }
    return cached;
  };
  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.get('/transparency', { schema: { hide: true, querystring: z.object({ lang: z.string().max(16).optional() }) } }, async (request, reply) => {
      const lang = pickLanguage(request.query.lang, request.headers['accept-language']);
      const f = figures();
      return reply
        .code(200)
        .headers(PAGE_HEADERS)
        .send(transparencyPage(lang, await f.weeks, f.from, f.to));
    });
  });
}
