// Carries out a decision inside the caller's transaction: its events into the log (the
// folds move the account and content), the suspended account's identifiers onto the block
// registry, and one webhook delivery per action and endpoint (outbox), so that an action
// and everything that follows from it commit together or not at all.
import { randomUUID } from 'node:crypto';
import type { Decision } from '../policy/decision.js';
import { decisionEvents, type DecisionEvents } from '../enforcement/decision-events.js';
import type { Actor, LoggedEvent } from '../moderation/events.js';
import type { AccountState } from '../moderation/folds/account.js';
import { asPlatformIdentifiers, type PlatformIdentifiers } from '../enforcement/identifiers.js';
import type { Writer } from './store.js';
import type { Projected } from './projection.js';
import type { JobQueue } from '../work/queue.js';
import { enqueueActionDeliveries, outboxIn } from './webhook-store.js';

export interface EnforcementDeps {
  /** Puts an account's identifiers on the block registry in the given transaction. */
  blockIdentifiers?(w: Writer, accountId: string, identifiers: PlatformIdentifiers, at: string): Promise<unknown>;
  /** The queue that webhook deliveries go to; without it no webhook is queued. */
  jobs?: JobQueue;
  appealUrl: string;
}

export interface Enforced extends DecisionEvents {
  logged: LoggedEvent[];
  projected: Projected;
}

export async function enforceDecision(w: Writer, decision: Decision, actor: Actor, at: string, deps: EnforcementDeps): Promise<Enforced> {
  const planned = decisionEvents(decision, { at, actor, appealUrl: deps.appealUrl, newId: (prefix) => `${prefix}_${randomUUID()}` });
  const { logged, projected } = await w.append(planned.events);
  for (const accountId of planned.blockAccounts) {
    if (!deps.blockIdentifiers) continue;
    const state = projected.accounts.get(accountId) ?? (await accountState(w, accountId));
    if (state) await deps.blockIdentifiers(w, accountId, asPlatformIdentifiers(state.identifiers), at);
  }
  if (deps.jobs) await enqueueActionDeliveries(outboxIn(deps.jobs, w.tx), logged);
  return { ...planned, logged, projected };
}

async function accountState(w: Writer, id: string): Promise<AccountState | undefined> {
  const row = await w.tx.selectFrom('accounts').select('state_json').where('id', '=', id).executeTakeFirst();
  return row ? (JSON.parse(row.state_json) as AccountState) : undefined;
}
