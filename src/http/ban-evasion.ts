// The block registry as the HTTP layer reaches it: one per store, opened with the data
// folder's secret. Shared by the signup check and account registration (and enforcement).
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from './context.js';
import { sharedBlockRegistry, type BlockRegistry } from '../store/block-registry.js';
import { signalOnNewAccount } from '../enforcement/ban-evasion.js';
import type { PlatformIdentifiers } from '../enforcement/identifiers.js';
import type { Actor, NewEvent } from '../moderation/events.js';

export function blockRegistryOf(ctx: AppContext): Promise<BlockRegistry> {
  return sharedBlockRegistry(ctx.store, ctx.config.dataDir);
}

export type AccountEvasionSignals = (accountId: string, identifiers: PlatformIdentifiers, actor: Actor, at: string) => NewEvent[];

/**
 * For PUT /v1/accounts/{id}: call before the account's transaction, then call the returned
 * function inside it to get the signal events to append with the account's own (it is
 * synchronous, so it never waits on the connection that transaction holds). Without a
 * usable registry it returns no events: registering an account must not fail on it.
 */
export async function accountEvasionSignals(ctx: AppContext, log: FastifyBaseLogger): Promise<AccountEvasionSignals> {
  try {
    const registry = await blockRegistryOf(ctx);
    await registry.settled();
    return (accountId, identifiers, actor, at) => signalOnNewAccount(accountId, registry.match(identifiers, new Date(at)), { actor, at });
  } catch (err) {
    log.error({ err }, 'the block registry is unavailable; account identifiers were not checked');
    return () => [];
  }
}
