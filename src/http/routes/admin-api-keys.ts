// Platform API keys, for admins: POST/GET /v1/admin/api-keys, DELETE /v1/admin/api-keys/{id}.
// A revoked key is refused by the platform routes within their few-second key cache.
import { z } from 'zod';
import type { App } from '../app.js';
import { isoNow, type AppContext } from '../context.js';
import { staffAccess, staffActor, type StaffGuard } from '../auth/staff-guard.js';
import { API_SCOPES } from '../../services/api-keys/api-key-hash.js';
import { createApiKey } from '../../services/api-keys/create-api-key.js';
import { listApiKeys } from '../../services/api-keys/list-api-keys.js';
import { revokeApiKey } from '../../services/api-keys/revoke-api-key.js';
import { NO_STORE } from './staff-schemas.js';
import { PlatformId, idString, textString } from '../schemas/strings.js';

const ApiKeyOut = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  platform: z.string().describe('The platform the key acts for'),
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
          platform: PlatformId.optional().describe("The platform the key acts for; left out: the member's only platform, or the default one"),
        }),
        response: { 201: z.object({ apiKey: ApiKeyOut, key: z.string() }) },
      },
      ...manage,
    },
    async (request, reply) => {
      const { scopes } = request.body;
      const { info, key } = await createApiKey(
        ctx.store,
        { name: request.body.name, ...(scopes ? { scopes } : {}), platform: request.body.platform, actor: staffActor(request), at: isoNow(ctx) },
        staffAccess(request),
      );
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
    async (request) => ({ apiKeys: await listApiKeys(ctx.store, staffAccess(request)) }),
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
      // An unknown or already revoked key answers 404 (a service error).
      await revokeApiKey(ctx.store, request.params.id, staffActor(request), isoNow(ctx), staffAccess(request));
      return reply.code(204).send(null);
    },
  );
}
