// POST /v1/content/{id}/confirmations: the platform says it carried out a deletion or a
// restoration. A deletion counts toward lifting a lock until deletion: when the last item
// listed is gone the account's lock lifts by itself (the fold), and the platform is told
// with an `unlock_account` action like any other.
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import { isoNow, type AppContext } from '../context.js';
import { Problem } from '../problem.js';
import { platformActor } from '../auth/platform.js';
import type { ApiScope } from '../../store/api-keys.js';
import type { ContentState } from '../../moderation/folds/content.js';
import type { AccountState } from '../../moderation/folds/account.js';
import type { NewEvent } from '../../moderation/events.js';
import { SYSTEM } from '../../moderation/events.js';
import { enqueueActionDeliveries, outboxIn } from '../../store/webhook-store.js';
import { JobStore } from '../../store/job-store.js';
import { ContentStateOut } from './content.js';

const Confirmation = z.strictObject({
  action: z.enum(['deleted', 'restored']).describe('What the platform did with the item'),
});

export function registerContentConfirmationRoutes(app: App, ctx: AppContext, requireScope: (s: ApiScope) => (r: FastifyRequest) => Promise<void>): void {
  const jobs = new JobStore(ctx.store);
  app.post(
    '/v1/content/:id/confirmations',
    {
      schema: {
        summary: 'Confirm that the platform deleted or restored a piece of content',
        tags: ['platform'],
        security: [{ platformKey: [] }],
        params: z.strictObject({ id: z.string().min(1).max(256) }),
        body: Confirmation,
        response: { 200: z.object({ state: ContentStateOut, accountStatus: z.string(), changed: z.boolean() }) },
      },
      preHandler: requireScope('content:write'),
    },
    async (request) => {
      const { id } = request.params;
      const at = isoNow(ctx);
      const actor = platformActor(request);
      return ctx.store.write(async (w) => {
        const row = await w.tx.selectFrom('content').select(['state_json']).where('id', '=', id).executeTakeFirst();
        if (!row) throw new Problem(404, 'Not Found', `no content with id ${id}`);
        const content = JSON.parse(row.state_json) as ContentState;
        const accountRow = await w.tx.selectFrom('accounts').select('state_json').where('id', '=', content.authorId).executeTakeFirst();
        const before = accountRow ? (JSON.parse(accountRow.state_json) as AccountState) : undefined;
        const wanted = request.body.action === 'deleted' ? 'deleted' : 'active';
        if (content.status === wanted) return { state: content, accountStatus: before?.status ?? 'active', changed: false };

        const events: NewEvent[] = [];
        if (request.body.action === 'deleted') {
          events.push({ type: 'content.deleted', subject: { kind: 'content', id }, actor, at, reason: 'confirmed by the platform', payload: {} });
          if (before?.pendingDeletion.includes(id)) {
            events.push({ type: 'content.deleted', subject: { kind: 'account', id: content.authorId }, actor, at, reason: 'an item listed for deletion was deleted', payload: { contentIds: [id] } });
          }
        } else {
          events.push({ type: 'content.restored', subject: { kind: 'content', id }, actor, at, reason: 'confirmed by the platform', payload: {} });
        }
        const { projected } = await w.append(events);
        const after = projected.accounts.get(content.authorId) ?? before;
        if (before?.status === 'locked' && after?.status !== 'locked') {
          const { logged } = await w.append([
            {
              type: 'action.taken',
              subject: { kind: 'account', id: content.authorId },
              actor: SYSTEM,
              at,
              reason: 'every item listed for deletion was deleted: the lock lifts',
              payload: { action: 'unlock_account', consequence: 'consequence.lock-until-deletion' },
            },
          ]);
          await enqueueActionDeliveries(outboxIn(jobs, w.tx), logged);
        }
        return { state: projected.content.get(id)!, accountStatus: after?.status ?? 'active', changed: true };
      });
    },
  );
}
