// POST /v1/content/{id}/confirmations: the platform says it carried out a deletion or a
// restoration (services/enforcement/confirm-content.ts).
import { z } from 'zod';
import type { App } from '../app.js';
import { isoNow, type AppContext } from '../context.js';
import { callerPlatform, platformActor, type RequireScope } from '../auth/platform.js';
import { confirmContent } from '../../services/enforcement/confirm-content.js';
import { ContentStateOut } from './content.js';
import { Id } from '../schemas/strings.js';

const Confirmation = z.strictObject({
  action: z.enum(['deleted', 'restored']).describe('What the platform did with the item'),
});

export function registerContentConfirmationRoutes(app: App, ctx: AppContext, requireScope: RequireScope): void {
  app.post(
    '/v1/content/:id/confirmations',
    {
      schema: {
        summary: 'Confirm that the platform deleted or restored a piece of content',
        tags: ['platform'],
        security: [{ platformKey: [] }],
        params: z.strictObject({ id: Id }),
        body: Confirmation,
        response: { 200: z.object({ state: ContentStateOut, accountStatus: z.string(), changed: z.boolean() }) },
      },
      onRequest: requireScope('content:write'),
    },
    async (request) => {
      return confirmContent(ctx, callerPlatform(request), request.params.id, request.body.action, platformActor(request), isoNow(ctx));
    },
  );
}
