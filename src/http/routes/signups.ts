// POST /v1/signups/check: may this new account's identifiers sign up, given the block
// registry of suspended accounts? Answered from memory; only a match writes (a signal on
// the suspended account), and only a review answer waits for that write to commit.
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import { Problem } from '../problem.js';
import { platformActor } from '../auth/platform.js';
import type { ApiScope } from '../../store/api-keys.js';
import { Identifiers } from './accounts.js';
import type { BlockRegistry } from '../../store/block-registry.js';
import { blockRegistryOf } from '../ban-evasion.js';
import { GroupCommit } from '../../store/group-commit.js';
import { decideSignup, signalsOnSuspendedAccounts, type RegistryMatch } from '../../enforcement/ban-evasion.js';
import type { NewEvent } from '../../moderation/events.js';

/** How often memory picks up other processes' blocks and lifts. */
const REFRESH_MS = 1_000;
const SWEEP_MS = 60 * 60 * 1000;

const CheckBody = z.strictObject({
  identifiers: Identifiers,
  accountId: z.string().min(1).max(256).optional().describe('The new account, when the platform has already given it an id'),
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

const signalWriters = new WeakMap<AppContext, GroupCommit<NewEvent[], void>>();

/** Resolves once every signal of a check answered so far is written (deny signals are written after the answer). */
export function signupSignalsWritten(ctx: AppContext): Promise<void> {
  return signalWriters.get(ctx)?.flushed() ?? Promise.resolve();
}

export function registerSignupRoutes(app: App, ctx: AppContext, requireScope: (s: ApiScope) => (r: FastifyRequest) => Promise<void>): void {
  const perKey = { max: ctx.config.rateLimitPerKey, timeWindow: '1 minute', keyGenerator: (r: FastifyRequest) => (r.headers.authorization ?? r.ip).slice(0, 40) };
  // Evasion attempts come in bursts; one commit then serves the burst's signals.
  const signals = new GroupCommit<NewEvent[], void>(async (batches) => {
    await ctx.store.write((w) => w.append(batches.flat()));
    return batches.map(() => undefined);
  });
  signalWriters.set(ctx, signals);
  let timer: NodeJS.Timeout | undefined;
  let nextSweep = 0;

  app.addHook('onReady', async () => {
    // Loaded before the first request so that no check pays for it; a registry that cannot
    // open (a wrong secret) leaves the rest of the API up and this route answering 503.
    const registry = await blockRegistryOf(ctx).catch((err: unknown) => {
      app.log.error({ err }, 'the block registry could not be opened; signup checks will fail');
      return null;
    });
    timer = setInterval(() => {
      blockRegistryOf(ctx)
        .then(async (r) => {
          await r.refresh();
          const now = ctx.now();
          if (now.getTime() >= nextSweep) {
            r.sweep(now);
            nextSweep = now.getTime() + SWEEP_MS;
          }
        })
        .catch((err: unknown) => app.log.error({ err }, 'block registry refresh failed'));
    }, REFRESH_MS);
    timer.unref();
    if (registry) nextSweep = ctx.now().getTime() + SWEEP_MS;
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await signals.flushed();
  });

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
      config: { rateLimit: perKey },
      preHandler: requireScope('signups:check'),
    },
    async (request) => {
      let registry: BlockRegistry;
      try {
        registry = await blockRegistryOf(ctx);
      } catch {
        throw new Problem(503, 'Service Unavailable', 'the block registry is unavailable (see the server log)');
      }
      await registry.settled();
      const now = ctx.now();
      const matches = sortMatches(registry.match(request.body.identifiers, now));
      const decision = decideSignup(matches);
      if (matches.length > 0) {
        const events = signalsOnSuspendedAccounts(matches, { newAccountId: request.body.accountId ?? null, actor: platformActor(request), at: now.toISOString() });
        const written = signals.submit(events).catch((err: unknown) => request.log.error({ err }, 'the ban-evasion signal could not be recorded'));
        // A review answer promises that a person will look, and the signal is what puts the
        // case in front of one: it must be durable first. A deny is true without it (the
        // registry entry behind it is already durable), so it goes out at once and a crash
        // in the next few milliseconds loses only the record of the attempt. Either way a
        // failed write never turns the answer into an error a platform might read as "allow".
        if (decision === 'review') await written;
      }
      return { decision, matches };
    },
  );
}

function sortMatches(matches: RegistryMatch[]): RegistryMatch[] {
  return matches.sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
}
