// Registering or updating an account and its identifiers. New identifiers are checked
// against the block registry of suspended accounts: a hit is a ban-evasion signal logged
// with the account's own event, never a refusal (the platform asked before, at signup).
import { isDeepStrictEqual } from 'node:util';
import type { Store } from '../../store/store.js';
import { accountState } from '../../store/subject-states.js';
import { lockSubjects, subjectLockKey } from '../../store/projection.js';
import type { Actor, JsonObject, NewEvent } from '../../moderation/events.js';
import type { AccountState } from '../../moderation/folds/account.js';
import type { PayloadOf } from '../../moderation/payloads.js';
import type { AgeBand } from '../../policy/ages.js';
import { signalOnNewAccount } from '../../enforcement/ban-evasion.js';
import type { PlatformIdentifiers } from '../../enforcement/identifiers.js';
import type { BlockRegistryHandle } from '../block-registry/registry-handle.js';
import { scopedId } from '../../moderation/platform-ids.js';
import { accountForPlatform } from '../platforms/platform-views.js';

export interface AccountChanges {
  handle?: string | undefined;
  identifiers?: PlatformIdentifiers | undefined;
  minor?: boolean | undefined;
  ageBand?: AgeBand | undefined;
  birthYear?: number | undefined;
  /** When the account was created on the platform (ISO-8601). */
  createdAt?: string | undefined;
}

export interface PutAccountDeps {
  store: Store;
  blockRegistry: BlockRegistryHandle;
  error(message: string, err: unknown): void;
}

/** `platformId`: the account's id on `platform` (the caller's); the state answered names it the same way. */
export async function putAccount(
  deps: PutAccountDeps,
  platform: string,
  platformId: string,
  changes: AccountChanges,
  actor: Actor,
  at: string,
): Promise<{ state: AccountState; changed: boolean; created: boolean }> {
  const id = scopedId(platform, platformId);
  const evasion = changes.identifiers ? await evasionCheck(deps, platform) : undefined;
  const result = await deps.store.write(async (w) => {
    // Locked before it is read: two processes registering the same new account serialise,
    // and the second sees the first's registration instead of inserting it again.
    await lockSubjects(w.tx, w.dialect, [subjectLockKey('account', id)]);
    const before = await accountState(w.tx, id);
    const payload: PayloadOf<'account.updated'> = {};
    if (changes.handle !== undefined && changes.handle !== before?.handle) payload.handle = changes.handle;
    if (changes.identifiers !== undefined) {
      const next = JSON.parse(JSON.stringify(changes.identifiers)) as JsonObject;
      if (!before || !isDeepStrictEqual(next, before.identifiers)) payload.identifiers = next;
    }
    if (changes.minor !== undefined && changes.minor !== before?.minor) payload.minor = changes.minor;
    if (changes.ageBand !== undefined && changes.ageBand !== before?.ageBand) payload.ageBand = changes.ageBand;
    if (changes.birthYear !== undefined && changes.birthYear !== before?.birthYear) payload.birthYear = changes.birthYear;
    if (changes.createdAt !== undefined) {
      const created = new Date(changes.createdAt).toISOString();
      if (created !== before?.platformCreatedAt) payload.platformCreatedAt = created;
    }
    if (before && Object.keys(payload).length === 0) return { state: before, changed: false, created: false };
    const event: NewEvent = { type: before ? 'account.updated' : 'account.registered', subject: { kind: 'account', id }, actor, at, reason: null, payload };
    const signals = payload.identifiers && evasion ? evasion(id, changes.identifiers!, actor, at) : [];
    const { projected } = await w.append([event, ...signals]);
    return { state: projected.accounts.get(id)!, changed: true, created: !before };
  });
  return { ...result, state: accountForPlatform(platform, result.state) };
}

type EvasionCheck = (accountId: string, identifiers: PlatformIdentifiers, actor: Actor, at: string) => NewEvent[];

/**
 * Made ready before the account's unit of work, then called inside it: matching is
 * synchronous, so it never waits on the connection that transaction holds. Without a
 * usable registry there are no signals: registering an account must not fail on it.
 */
async function evasionCheck(deps: PutAccountDeps, platform: string): Promise<EvasionCheck> {
  try {
    const registry = await deps.blockRegistry.get();
    await registry.settled();
    return (accountId, identifiers, actor, at) => signalOnNewAccount(accountId, registry.match(identifiers, new Date(at), platform), { actor, at });
  } catch (err) {
    deps.error('the block registry is unavailable; account identifiers were not checked', err);
    return () => [];
  }
}
