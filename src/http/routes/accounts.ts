// PUT /v1/accounts/{id} (register or update an account and its identifiers) and
// GET /v1/accounts/{id} (its state, folded from the moderation log).
import { AGE_BANDS } from '../../policy/ages.js';
import { z } from 'zod';
import type { App } from '../app.js';
import { isoNow, type AppContext } from '../context.js';
import { Problem } from '../problem.js';
import { callerPlatform, platformActor, type RequireScope } from '../auth/platform.js';
import { putAccount } from '../../services/accounts/put-account.js';
import { accountView } from '../../services/subjects/subject-views.js';
import { Handle, Id, Identifier } from '../schemas/strings.js';
import { CreatedAt, refuseUnlikelyTime } from '../schemas/times.js';

export const Identifiers = z.strictObject({
  email: Identifier.optional(),
  phone: Identifier.optional(),
  deviceIds: z.array(Identifier).max(64).optional(),
  paymentIds: z.array(Identifier).max(64).optional(),
  ips: z
    .array(z.union([z.ipv4(), z.ipv6()]))
    .max(64)
    .optional(),
});

const AccountBody = z.strictObject({
  handle: Handle.optional(),
  identifiers: Identifiers.optional(),
  minor: z.boolean().optional().describe("The platform's age signal: true when it believes the holder is under 18"),
  ageBand: z.enum(AGE_BANDS).optional().describe('An age band, when the platform knows one; the minor flag wins when both are given'),
  birthYear: z.number().int().min(1900).max(2100).optional().describe('A birth year, when the platform knows one'),
  createdAt: CreatedAt.optional().describe('When the account was created on the platform'),
});

export const AccountStateOut = z.object({
  id: z.string(),
  handle: z.string().nullable(),
  identifiers: z.record(z.string(), z.unknown()),
  minor: z.boolean().nullable(),
  ageBand: z.enum(AGE_BANDS).optional(),
  birthYear: z.number().optional(),
  platformCreatedAt: z.string().nullable(),
  status: z.enum(['active', 'locked', 'suspended', 'restored']),
  pendingDeletion: z.array(z.string()),
  violations: z.number(),
  registeredAt: z.string(),
  updatedAt: z.string(),
});

export function registerAccountRoutes(app: App, ctx: AppContext, requireScope: RequireScope): void {
  const accountsDeps = { store: ctx.store, blockRegistry: ctx.blockRegistry, error: (message: string, err: unknown) => app.log.error({ err }, message) };

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
      onRequest: requireScope('accounts:write'),
    },
    async (request, reply) => {
      if (request.body.createdAt !== undefined) refuseUnlikelyTime('body/createdAt', request.body.createdAt, ctx.now());
      const result = await putAccount(accountsDeps, callerPlatform(request), request.params.id, request.body, platformActor(request), isoNow(ctx));
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
      onRequest: requireScope('accounts:read'),
    },
    async (request) => {
      const view = await accountView(ctx.store, callerPlatform(request), request.params.id);
      if (!view) throw new Problem(404, 'Not Found', 'no account with this id');
      return view;
    },
  );
}
