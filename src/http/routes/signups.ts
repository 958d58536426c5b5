// POST /v1/signups/check: may this new account's identifiers sign up, given the block
// registry of suspended accounts? (services/signups/signup-check.ts)
import { z } from 'zod';
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import { callerPlatform, platformActor, type RequireScope } from '../auth/platform.js';
import { Identifiers } from './accounts.js';
import { Id } from '../schemas/strings.js';

const CheckBody = z.strictObject({
  identifiers: Identifiers,
  accountId: Id.optional().describe('The new account, when the platform has already given it an id'),
});

const Match = z.object({
  kind: z.enum(['email', 'phone', 'device', 'payment', 'ip']),
  strength: z.enum(['strong', 'weak']),
  accountId: z.string().describe('The suspended account the identifier belongs to'),
});

const CheckAnswer = z.object({
  decision: z.enum(['allow', 'deny', 'review']),
  matches: z.array(Match),
});

/** Resolves once every signal of a check answered so far is written (deny signals are written after the answer). */
export function signupSignalsWritten(ctx: AppContext): Promise<void> {
  return ctx.signups.written();
}

export function registerSignupRoutes(app: App, ctx: AppContext, requireScope: RequireScope): void {
  app.post(
    '/v1/signups/check',
    {
      schema: {
        summary: "Check a new account's identifiers against the block registry of suspended accounts",
        tags: ['platform'],
        security: [{ platformKey: [] }],
        body: CheckBody,
        response: { 200: CheckAnswer },
      },
      onRequest: requireScope('signups:check'),
    },
    async (request) => ctx.signups.check(callerPlatform(request), request.body.identifiers, request.body.accountId ?? null, platformActor(request)),
  );
}
