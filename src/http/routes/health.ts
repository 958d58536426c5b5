import type { App } from '../app.js';
import type { AppContext } from '../context.js';

export function registerHealthRoutes(app: App, ctx: AppContext): void {
  app.get('/health', { schema: { summary: 'Liveness and store reachability', tags: ['operations'] } }, async (_request, reply) => {
    try {
      await ctx.store.ping();
      return { status: 'ok', store: ctx.store.dialect };
    } catch {
      return reply.code(503).type('application/problem+json').send({ title: 'Service Unavailable', status: 503, detail: 'the store does not answer' });
    }
  });

  app.get('/metrics', { schema: { summary: 'Prometheus metrics', tags: ['operations'] } }, async (_request, reply) => {
    const body = await ctx.metrics.registry.metrics();
    return reply.type(ctx.metrics.registry.contentType).send(body);
  });
}
