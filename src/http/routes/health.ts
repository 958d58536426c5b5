// GET /health (liveness, the store, the bank index's freshness) and GET /metrics (Prometheus; behind a bearer token
// when VIGIE_METRICS_TOKEN is set).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import { PROBLEM_TYPE, Problem, problemBody } from '../problem.js';
import { BANK_INDEX_STALE_MS } from '../../services/banks/known-material-index.js';

export function registerHealthRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/health',
    { schema: { summary: 'Liveness, store reachability and whether the bank index is current', tags: ['operations'] } },
    async (_request, reply) => {
      try {
        await ctx.store.ping();
      } catch {
        return reply
          .code(503)
          .type(PROBLEM_TYPE)
          .send(problemBody(503, 'Service Unavailable', 'the store does not answer'));
      }
      const bankIndex = indexHealth(ctx);
      if (bankIndex.stale) {
        // Posts would be matched against banks older than the bound: a proxy should send them elsewhere.
        return reply
          .code(503)
          .type(PROBLEM_TYPE)
          .send({
            ...problemBody(503, 'Service Unavailable', `the bank index has not caught up with the database for ${Math.round(bankIndex.behindMs / 1000)} s`),
            bankIndex,
          });
      }
      return { status: 'ok', store: ctx.store.dialect, bankIndex };
    },
  );

  const token = ctx.config.secrets.metricsToken;
  const expected = token === undefined ? undefined : digest(token);
  app.get(
    '/metrics',
    {
      schema: {
        summary: 'Prometheus metrics',
        tags: ['operations'],
        ...(expected ? { security: [{ metricsToken: [] }] } : {}),
      },
      onRequest: async (request, reply) => {
        if (expected && !presents(request, expected)) {
          void reply.header('www-authenticate', 'Bearer realm="vigie-metrics"');
          throw new Problem(401, 'Unauthorized', 'the metrics need the token: Authorization: Bearer <VIGIE_METRICS_TOKEN>');
        }
      },
    },
    async (_request, reply) => {
      const body = await ctx.metrics.registry.metrics();
      return reply.type(ctx.metrics.registry.contentType).send(body);
    },
  );
}

/**
 * The index holds every bank change committed before `currentAt`; it is stale once that is
 * further back than BANK_INDEX_STALE_MS (its refreshes fail or wait on a long import).
 */
function indexHealth(ctx: AppContext): { version: number; currentAt: string | null; behindMs: number; stale: boolean; loadedFrom: string | null } {
  const f = ctx.knownMaterial.freshness();
  const behindMs = f.currentAt ? Math.max(0, ctx.now().getTime() - f.currentAt.getTime()) : Number.POSITIVE_INFINITY;
  return {
    version: f.version,
    currentAt: f.currentAt?.toISOString() ?? null,
    behindMs: Number.isFinite(behindMs) ? behindMs : -1,
    stale: !(behindMs <= BANK_INDEX_STALE_MS),
    loadedFrom: f.loadedFrom ?? null,
  };
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** Compared as SHA-256 digests with timingSafeEqual: the time taken says nothing of the token, not even its length. */
function presents(request: FastifyRequest, expected: Buffer): boolean {
  const match = /^bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.authorization ?? '');
  return match !== null && timingSafeEqual(digest(match[1]!), expected);
}
