// PUT /v1/accounts/{id} (register or update an account and its identifiers) and
// GET /v1/accounts/{id} (its state, folded from the moderation log).
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import { isoNow, type AppContext } from '../context.js';
import { Problem } from '../problem.js';
import { platformActor } from '../auth/platform.js';
import type { ApiScope } from '../../store/api-keys.js';
import { isDeepStrictEqual } from 'node:util';
import type { JsonObject, NewEvent } from '../../moderation/events.js';
import type { PayloadOf } from '../../moderation/payloads.js';
import type { AccountState } from '../../moderation/folds/account.js';
import { eventsOf } from '../../store/log-store.js';
import { accountEvasionSignals } from '../ban-evasion.js';

const Id = z.string().min(1).max(256);
const Identifier = z.string().min(1).max(512);

export const Identifiers = z.strictObject({
  email: Identifier.optional(),
  phone: Identifier.optional(),
  deviceIds: z.array(Identifier).max(64).optional(),
  paymentIds: z.array(Identifier).max(64).optional(),
  ips: z.array(z.union([z.ipv4(), z.ipv6()])).max(64).optional(),
});

const AccountBody = z.strictObject({
  handle: z.string().min(1).max(256).optional(),
  identifiers: Identifiers.optional(),
  minor: z.boolean().optional().describe("The platform's age signal: true when it believes the holder is under 18"),
  createdAt: z.iso.datetime({ offset: true }).optional().describe('When the account was created on the platform'),
});

export const AccountStateOut = z.object({
  id: z.string(),
  handle: z.string().nullable(),
  identifiers: z.record(z.string(), z.unknown()),
  minor: z.boolean().nullable(),
  platformCreatedAt: z.string().nullable(),
  status: z.enum(['active', 'locked', 'suspended', 'restored']),
  pendingDeletion: z.array(z.string()),
  violations: z.number(),
  registeredAt: z.string(),
  updatedAt: z.string(),
});

export function registerAccountRoutes(app: App, ctx: AppContext, requireScope: (s: ApiScope) => (r: FastifyRequest) => Promise<void>): void {
  const perKey = { max: ctx.config.rateLimitPerKey, timeWindow: '1 minute', keyGenerator: (r: FastifyRequest) => (r.headers.authorization ?? r.ip).slice(0, 40) };

  app.put(
    '/v1/accounts/:id',
    {
      schema: {
        summary: 'Register or update an account and its identifiers',
        tags: ['platform'],
        security: [{ platformKey: [] }],
        params: z.strictObject({ id: Id }),
        body: AccountBody,
        response: { 200: z.object({ state: AccountStateOut, changed: z.boolean() }), 201: z.object({ state: AccountStateOut, changed: z.boolean() }) },
      },
      config: { rateLimit: perKey },
      preHandler: requireScope('accounts:write'),
    },
    async (request, reply) => {
      const { id } = request.params;
      const body = request.body;
      const at = isoNow(ctx);
      const actor = platformActor(request);
      const evasionSignals = body.identifiers ? await accountEvasionSignals(ctx, request.log) : undefined;
      const result = await ctx.store.write(async (w) => {
        const row = await w.tx.selectFrom('accounts').select(['state_json']).where('id', '=', id).executeTakeFirst();
        const before = row ? (JSON.parse(row.state_json) as AccountState) : undefined;
        const payload: PayloadOf<'account.updated'> = {};
        if (body.handle !== undefined && body.handle !== before?.handle) payload.handle = body.handle;
        if (body.identifiers !== undefined) {
          const next = JSON.parse(JSON.stringify(body.identifiers)) as JsonObject;
          if (!before || !isDeepStrictEqual(next, before.identifiers)) payload.identifiers = next;
        }
        if (body.minor !== undefined && body.minor !== before?.minor) payload.minor = body.minor;
        if (body.createdAt !== undefined) {
          const created = new Date(body.createdAt).toISOString();
          if (created !== before?.platformCreatedAt) payload.platformCreatedAt = created;
        }
        if (before && Object.keys(payload).length === 0) return { state: before, changed: false, created: false };
        const event: NewEvent = {
          type: before ? 'account.updated' : 'account.registered',
          subject: { kind: 'account', id },
          actor,
          at,
          reason: null,
          payload,
        };
        const signals = payload.identifiers && evasionSignals ? evasionSignals(id, body.identifiers!, actor, at) : [];
        const { projected } = await w.append([event, ...signals]);
        return { state: projected.accounts.get(id)!, changed: true, created: !before };
      });
      return reply.code(result.created ? 201 : 200).send({ state: result.state, changed: result.changed });
    },
  );

  app.get(
    '/v1/accounts/:id',
    {
      schema: {
        summary: 'The current state of an account, folded from the moderation log',
        tags: ['platform'],
        security: [{ platformKey: [] }],
        params: z.strictObject({ id: Id }),
        response: { 200: z.object({ state: AccountStateOut, events: z.number() }) },
      },
      config: { rateLimit: perKey },
      preHandler: requireScope('accounts:read'),
    },
    async (request) => {
      const row = await ctx.store.db.selectFrom('accounts').select(['state_json']).where('id', '=', request.params.id).executeTakeFirst();
      if (!row) throw new Problem(404, 'Not Found', `no account with id ${request.params.id}`);
      const events = await eventsOf(ctx.store.db, { kind: 'account', id: request.params.id });
      return { state: JSON.parse(row.state_json), events: events.length };
    },
  );
}
