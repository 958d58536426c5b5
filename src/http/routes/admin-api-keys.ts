// Platform API keys, for admins: POST/GET /v1/admin/api-keys, DELETE /v1/admin/api-keys/{id}.
// A revoked key is refused by the platform routes within their few-second key cache.
import { z } from 'zod';
import type { App } from '../app.js';
import { isoNow, type AppContext } from '../context.js';
import { Problem } from '../problem.js';
import { staffActor, type StaffGuard } from '../auth/staff-guard.js';
import { API_SCOPES, createApiKey, listApiKeys, revokeApiKey } from '../../store/api-keys.js';
import { NO_STORE } from './staff-schemas.js';
import { idString, textString } from '../schemas/strings.js';

const ApiKeyOut = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

export function registerAdminApiKeyRoutes(app: App, ctx: AppContext, guard: StaffGuard): void {
  const manage = { config: { access: 'apikeys:manage' as const }, onRequest: guard.requirePermission('apikeys:manage') };
  const security = [{ staffSession: [] }];

  app.post(
    '/v1/admin/api-keys',
    {
      schema: {
        summary: 'Create a platform API key; the key is in this answer only',
        tags: ['admin'],
        security,
        body: z.strictObject({
          name: textString({ min: 1, max: 100, trim: true }),
          scopes: z.array(z.enum(API_SCOPES)).min(1).max(API_SCOPES.length).optional().describe('All scopes when left out'),
        }),
        response: { 201: z.object({ apiKey: ApiKeyOut, key: z.string() }) },
      },
      ...manage,
    },
    async (request, reply) => {
      const scopes = request.body.scopes ? [...new Set(request.body.scopes)] : undefined;
      const { info, key } = await createApiKey(ctx.store, {
        name: request.body.name,
        ...(scopes ? { scopes } : {}),
        actor: staffActor(request),
        at: isoNow(ctx),
      });
      return reply.code(201).headers(NO_STORE).send({ apiKey: info, key });
    },
  );

  app.get(
    '/v1/admin/api-keys',
    {
      schema: {
        summary: 'List platform API keys (never the keys themselves)',
        tags: ['admin'],
        security,
        response: { 200: z.object({ apiKeys: z.array(ApiKeyOut) }) },
      },
      ...manage,
    },
    async () => ({ apiKeys: await listApiKeys(ctx.store) }),
  );

  app.delete(
    '/v1/admin/api-keys/:id',
    {
      schema: {
        summary: 'Revoke a platform API key',
        tags: ['admin'],
        security,
        params: z.strictObject({ id: idString({ min: 1, max: 100 }) }),
        response: { 204: z.null() },
      },
      ...manage,
    },
    async (request, reply) => {
      const revoked = await revokeApiKey(ctx.store, request.params.id, staffActor(request), isoNow(ctx));
      if (!revoked) throw new Problem(404, 'Not Found', 'no active API key with this id');
      return reply.code(204).send(null);
    },
  );
}
