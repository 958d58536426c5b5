// GET /health (liveness and the store) and GET /metrics (Prometheus; behind a bearer token
// when VIGIE_METRICS_TOKEN is set).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import { PROBLEM_TYPE, Problem, problemBody } from '../problem.js';

export function registerHealthRoutes(app: App, ctx: AppContext): void {
  app.get('/health', { schema: { summary: 'Liveness and store reachability', tags: ['operations'] } }, async (_request, reply) => {
    try {
      await ctx.store.ping();
      return { status: 'ok', store: ctx.store.dialect };
    } catch {
      return reply
        .code(503)
        .type(PROBLEM_TYPE)
        .send(problemBody(503, 'Service Unavailable', 'the store does not answer'));
    }
  });

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

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** Compared as SHA-256 digests with timingSafeEqual: the time taken says nothing of the token, not even its length. */
function presents(request: FastifyRequest, expected: Buffer): boolean {
  const match = /^bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.authorization ?? '');
  return match !== null && timingSafeEqual(digest(match[1]!), expected);
}
