// The platforms this vigie serves, for admins: POST/GET /v1/admin/platforms. Registering a
// platform is the operator's act (a member who sees every platform); a member limited to
// some platforms lists only theirs.
import { z } from 'zod';
import type { App } from '../app.js';
import { isoNow, type AppContext } from '../context.js';
import { staffAccess, staffActor, type StaffGuard } from '../auth/staff-guard.js';
import { createPlatform, listPlatforms } from '../../services/platforms/platforms.js';
import { requireEveryPlatform, sees } from '../../services/platforms/platform-access.js';
import { PlatformId, textString } from '../schemas/strings.js';

const PlatformOut = z.object({ id: z.string(), name: z.string(), createdAt: z.string() });

export function registerAdminPlatformRoutes(app: App, ctx: AppContext, guard: StaffGuard): void {
  const manage = { config: { access: 'staff:manage' as const }, onRequest: guard.requirePermission('staff:manage') };
  const security = [{ staffSession: [] }];

  app.post(
    '/v1/admin/platforms',
    {
      schema: {
        summary: 'Register another platform that this vigie serves; then give it API keys and webhook endpoints of its own',
        tags: ['admin'],
        security,
        body: z.strictObject({ id: PlatformId, name: textString({ min: 1, max: 100, trim: true }) }),
        response: { 201: z.object({ platform: PlatformOut }) },
      },
      ...manage,
    },
    async (request, reply) => {
      requireEveryPlatform(staffAccess(request), 'registering a platform');
      const platform = await createPlatform(ctx.store, { ...request.body, actor: staffActor(request), at: isoNow(ctx) });
      return reply.code(201).send({ platform });
    },
  );

  app.get(
    '/v1/admin/platforms',
    {
      schema: {
        summary: 'List the platforms (those the member may see)',
        tags: ['admin'],
        security,
        response: { 200: z.object({ platforms: z.array(PlatformOut) }) },
      },
      ...manage,
    },
    async (request) => {
      const access = staffAccess(request);
      return { platforms: (await listPlatforms(ctx.store)).filter((p) => sees(access, p.id)) };
    },
  );
}
