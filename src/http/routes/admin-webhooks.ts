// Platform webhooks, for admins (webhooks:manage): endpoints (create, list, change), the
// deliveries by status (status=dead is the dead-letter list), and replays. docs/webhooks.md.
import { z } from 'zod';
import type { App } from '../app.js';
import { isoNow, type AppContext } from '../context.js';
import { Problem } from '../problem.js';
import { staffAccess, staffActor, type StaffGuard } from '../auth/staff-guard.js';
import { DELIVERY_STATUSES, listDeliveries } from '../../services/webhooks/list-deliveries.js';
import { createEndpoint, listEndpoints, updateEndpoint } from '../../services/webhooks/endpoints.js';
import { replayDeadDeliveries, replayDelivery } from '../../services/webhooks/replay.js';
import { WEBHOOK_EVENT_TYPES } from '../../enforcement/webhooks/message.js';
import { NO_STORE } from './staff-schemas.js';
import { PlatformId, Reason as ReasonText, idString, textString } from '../schemas/strings.js';

const EndpointOut = z.object({
  id: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  active: z.boolean(),
  createdAt: z.string(),
  platform: z.string().describe('The platform whose actions it receives'),
});

const MessageOut = z.object({
  version: z.literal(1),
  id: z.string(),
  type: z.enum(WEBHOOK_EVENT_TYPES),
  idempotencyKey: z.string(),
  occurredAt: z.string(),
  action: z.object({
    kind: z.string(),
    subject: z.object({ kind: z.string(), id: z.string() }),
    reason: z.string().nullable(),
    clauses: z.array(z.string()),
    userMayBeNotified: z.boolean(),
    caseId: z.string().nullable(),
    contentIds: z.array(z.string()),
    report: z.object({ clientKey: z.string().nullable(), outcome: z.string() }).optional(),
  }),
});

const DeliveryOut = z.object({
  id: z.string(),
  endpointId: z.string(),
  eventType: z.string(),
  idempotencyKey: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  message: MessageOut.describe('The message as sent'),
});

const Reason = ReasonText.optional().describe('Why, for the audit trail');
const Url = textString({ min: 1, max: 2048 }).describe('http(s); receives a POST per action');
const RowId = idString({ min: 1, max: 100 });
const EventTypes = z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).max(WEBHOOK_EVENT_TYPES.length);

export function registerAdminWebhookRoutes(app: App, ctx: AppContext, guard: StaffGuard): void {
  const manage = { config: { access: 'webhooks:manage' as const }, onRequest: guard.requirePermission('webhooks:manage') };
  const security = [{ staffSession: [] }];
  const jobs = ctx.jobs;

  app.post(
    '/v1/admin/webhooks/endpoints',
    {
      schema: {
        summary: 'Register a platform endpoint; the signing secret is in this answer only',
        tags: ['admin'],
        security,
        body: z.strictObject({
          url: Url,
          eventTypes: EventTypes.optional().describe('All action events when left out'),
          platform: PlatformId.optional().describe("The platform whose actions it receives; left out: the member's only platform, or the default one"),
        }),
        response: { 201: z.object({ endpoint: EndpointOut, secret: z.string().describe('Verify vigie-signature with it; it is not shown again') }) },
      },
      ...manage,
    },
    async (request, reply) => {
      const made = await createEndpoint(
        ctx.store,
        {
          url: request.body.url,
          eventTypes: request.body.eventTypes,
          platform: request.body.platform,
          actor: staffActor(request),
          at: isoNow(ctx),
        },
        ctx.config.webhooks,
        staffAccess(request),
      );
      return reply.code(201).headers(NO_STORE).send(made);
    },
  );

  app.get(
    '/v1/admin/webhooks/endpoints',
    {
      schema: {
        summary: 'List platform endpoints (never their secrets)',
        tags: ['admin'],
        security,
        response: { 200: z.object({ endpoints: z.array(EndpointOut) }) },
      },
      ...manage,
    },
    async (request) => ({ endpoints: await listEndpoints(ctx.store.db, staffAccess(request)) }),
  );

  app.patch(
    '/v1/admin/webhooks/endpoints/:id',
    {
      schema: {
        summary: "Change an endpoint's URL or event types, or switch it off and on",
        tags: ['admin'],
        security,
        params: z.strictObject({ id: RowId }),
        body: z
          .strictObject({
            url: Url.optional(),
            eventTypes: EventTypes.optional(),
            active: z.boolean().optional().describe('Off: new actions are not sent to it, and its queued deliveries become dead letters'),
            reason: Reason,
          })
          .refine((b) => b.url !== undefined || b.eventTypes !== undefined || b.active !== undefined, {
            message: 'give at least one of url, eventTypes, active',
          }),
        response: { 200: z.object({ endpoint: EndpointOut, changed: z.boolean() }) },
      },
      ...manage,
    },
    async (request) => {
      const { reason, ...changes } = request.body;
      const result = await updateEndpoint(
        ctx.store,
        request.params.id,
        changes,
        staffActor(request),
        isoNow(ctx),
        reason ?? null,
        ctx.config.webhooks,
        staffAccess(request),
      );
      if (!result) throw new Problem(404, 'Not Found', 'no webhook endpoint with this id');
      return result;
    },
  );

  app.get(
    '/v1/admin/webhooks/deliveries',
    {
      schema: {
        summary: 'List deliveries, newest first; status=dead is the dead-letter list',
        tags: ['admin'],
        security,
        querystring: z.strictObject({
          status: z.enum(DELIVERY_STATUSES).optional(),
          endpointId: RowId.optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          cursor: idString({ min: 1, max: 500 }).optional().describe('nextCursor of the previous page'),
        }),
        response: { 200: z.object({ deliveries: z.array(DeliveryOut), nextCursor: z.string().nullable() }) },
      },
      ...manage,
    },
    async (request) => listDeliveries(ctx.store, staffAccess(request), request.query),
  );

  app.post(
    '/v1/admin/webhooks/deliveries/:id/replay',
    {
      schema: {
        summary: 'Send a dead or delivered delivery again, with the same idempotency key',
        tags: ['admin'],
        security,
        params: z.strictObject({ id: RowId }),
        body: z.strictObject({ reason: Reason }).optional(),
        response: { 200: z.object({ delivery: DeliveryOut }) },
      },
      ...manage,
    },
    async (request) => {
      const { id } = request.params;
      const result = await replayDelivery(ctx.store, jobs, id, staffActor(request), isoNow(ctx), staffAccess(request), {
        reason: request.body?.reason ?? null,
      });
      if (result.replayed) return { delivery: result.delivery };
      if (result.reason === 'not_found') throw new Problem(404, 'Not Found', 'no webhook delivery with this id');
      if (result.reason === 'in_flight') throw new Problem(409, 'Conflict', 'this delivery is still being attempted; it is not replayed twice');
      throw new Problem(409, 'Conflict', 'its endpoint is switched off: switch it on first');
    },
  );

  app.post(
    '/v1/admin/webhooks/deliveries/replay-dead',
    {
      schema: {
        summary: 'Replay the dead letters, oldest first (of one endpoint, or all)',
        tags: ['admin'],
        security,
        body: z.strictObject({ endpointId: RowId.optional(), limit: z.number().int().min(1).max(10_000).optional(), reason: Reason }).optional(),
        response: {
          200: z.object({
            replayed: z.array(z.string()),
            skipped: z.array(z.string()).describe('Left dead: their endpoint is switched off'),
            more: z.boolean().describe('More dead letters than the limit: call again'),
          }),
        },
      },
      ...manage,
    },
    async (request) => {
      const body = request.body ?? {};
      return replayDeadDeliveries(ctx.store, jobs, staffActor(request), isoNow(ctx), staffAccess(request), {
        endpointId: body.endpointId,
        limit: body.limit,
        reason: body.reason ?? null,
      });
    },
  );
}
