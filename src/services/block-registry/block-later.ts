// The 'registry.block' job: a suspension whose identifiers could not go on the block
// registry at once (the registry was not open in the process that suspended, e.g. its
// server secret differs from the registry's) leaves this job in the suspension's own unit
// of work (the outbox), so that the block is never silently skipped. A worker retries it
// until the registry opens, then blocks the account's identifiers as they are in its
// folded state. Blocking twice is harmless (the rows are upserted), so a repeated run
// repeats nothing.
import { z } from 'zod';
import type { Store, UnitOfWork } from '../../store/store.js';
import { accountState } from '../../store/subject-states.js';
import { asPlatformIdentifiers } from '../../enforcement/identifiers.js';
import { attemptsToSpan } from '../../enforcement/webhooks/schedule.js';
import type { HandlerRegistry } from '../../work/handlers.js';
import type { JobQueue } from '../../work/queue.js';
import type { BlockRegistryHandle } from './registry-handle.js';

export const REGISTRY_BLOCK_JOB_KIND = 'registry.block';

export const RegistryBlockPayload = z.strictObject({
  accountId: z.string().min(1).max(200),
  /** When the suspension was taken: the entries' creation time and the start of the IP expiry. */
  at: z.iso.datetime(),
});
export type RegistryBlockPayload = z.infer<typeof RegistryBlockPayload>;

/**
 * Attempts before the job goes dead, under the queue's default retry policy: at least a
 * week of trying, since a registry that will not open waits for an operator (the original
 * server secret restored from backup). A dead one is retried with `retryDead`.
 */
export const REGISTRY_BLOCK_MAX_ATTEMPTS = attemptsToSpan(7 * 24 * 60 * 60_000);

/**
 * Queues the block for later, in the suspension's unit of work. One job per account and
 * block_identifiers event (`eventSeq`): handing the same events over again queues nothing.
 */
export async function enqueueRegistryBlock(w: UnitOfWork, jobs: JobQueue, accountId: string, eventSeq: number, at: string): Promise<void> {
  const payload: RegistryBlockPayload = { accountId, at };
  await jobs.enqueueIn(w, REGISTRY_BLOCK_JOB_KIND, payload, {
    dedupeKey: `${REGISTRY_BLOCK_JOB_KIND}:${accountId}:${eventSeq}`,
    maxAttempts: REGISTRY_BLOCK_MAX_ATTEMPTS,
  });
}

export interface RegistryBlockDeps {
  store: Store;
  blockRegistry: BlockRegistryHandle;
  info?(message: string, detail: unknown): void;
}

export function registerRegistryBlockHandlers(registry: HandlerRegistry, deps: RegistryBlockDeps): HandlerRegistry {
  return registry.register<RegistryBlockPayload>(REGISTRY_BLOCK_JOB_KIND, (payload) => blockLater(deps, payload), {
    parse: (p) => RegistryBlockPayload.parse(p),
    timeoutMs: 60_000,
  });
}

async function blockLater(deps: RegistryBlockDeps, { accountId, at }: RegistryBlockPayload): Promise<void> {
  // Opened outside the transaction (see registry-handle.ts); a registry that still cannot
  // open throws, and the queue tries again after its backoff.
  const registry = await deps.blockRegistry.get();
  const blocked = await deps.store.write(async (w) => {
    const state = await accountState(w.tx, accountId);
    // A successful appeal restored the account since: its identifiers stay off the registry.
    if (!state || state.status !== 'suspended') return { skipped: state ? `the account is ${state.status}` : 'the account is unknown' };
    const result = await registry.blockAccountIdentifiers(w, accountId, asPlatformIdentifiers(state.identifiers), at);
    return { entries: result.entries, kinds: result.kinds };
  });
  deps.info?.(`identifiers of account ${accountId} put on the block registry after the suspension`, blocked);
}
