// May this new account's identifiers sign up, given the block registry of suspended
// accounts? Answered from memory; only a match writes (a signal on the suspended account),
// and only a review answer waits for that write to commit.
import type { Store } from '../../store/store.js';
import { GroupCommit } from '../group-commit.js';
import { decideSignup, signalsOnSuspendedAccounts, type RegistryMatch, type SignupDecision } from '../../enforcement/ban-evasion.js';
import type { PlatformIdentifiers } from '../../enforcement/identifiers.js';
import type { Actor, NewEvent } from '../../moderation/events.js';
import type { BlockRegistryHandle } from '../block-registry/registry-handle.js';
import { unavailable } from '../errors.js';
import { DEFAULT_PLATFORM, externalId, scopedId } from '../../moderation/platform-ids.js';

export interface SignupCheckDeps {
  store: Store;
  blockRegistry: BlockRegistryHandle;
  now(): Date;
  error(message: string, err: unknown): void;
}

export class SignupChecks {
  // Evasion attempts come in bursts; one commit then serves the burst's signals.
  private readonly signals: GroupCommit<NewEvent[], void>;

  constructor(private readonly deps: SignupCheckDeps) {
    this.signals = new GroupCommit<NewEvent[], void>(async (batches) => {
      await deps.store.write((w) => w.append(batches.flat()));
      return batches.map(() => undefined);
    });
  }

  /** `platform`: the caller's; only its own suspended accounts are matched, and they are named by its own ids. */
  async check(
    platform: string,
    identifiers: PlatformIdentifiers,
    newAccountId: string | null,
    actor: Actor,
  ): Promise<{ decision: SignupDecision; matches: RegistryMatch[] }> {
    let registry;
    try {
      registry = await this.deps.blockRegistry.get();
    } catch {
      throw unavailable('the block registry is unavailable (see the server log)');
    }
    await registry.settled();
    const now = this.deps.now();
    const matches = sortMatches(registry.match(identifiers, now, platform));
    const decision = decideSignup(matches);
    if (matches.length > 0) {
      const newId = newAccountId === null ? null : scopedId(platform, newAccountId);
      const events = signalsOnSuspendedAccounts(matches, { newAccountId: newId, actor, at: now.toISOString() });
      const written = this.signals.submit(events).catch((err: unknown) => this.deps.error('the ban-evasion signal could not be recorded', err));
      // A review answer promises that a person will look, and the signal is what puts the
      // case in front of one: it must be durable first. A deny is true without it (the
      // registry entry behind it is already durable), so it goes out at once and a crash
      // in the next few milliseconds loses only the record of the attempt. Either way a
      // failed write never turns the answer into an error a platform might read as "allow".
      if (decision === 'review') await written;
    }
    return { decision, matches: platform === DEFAULT_PLATFORM ? matches : matches.map((m) => ({ ...m, accountId: externalId(m.accountId) })) };
  }

  /** Resolves once every signal of a check answered so far is written (deny signals are written after the answer). */
  written(): Promise<void> {
    return this.signals.flushed();
  }
}

function sortMatches(matches: RegistryMatch[]): RegistryMatch[] {
  return matches.sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
}
