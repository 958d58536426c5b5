// The one code path that carries out a decision, whoever made it (a bank match at ingest,
// the platform's confirmation that lifts a lock, later a reviewer or an appeal): its
// events into the log (the folds move the account and content), the suspended account's
// identifiers onto the block registry (or, if the registry is not open, a 'registry.block'
// job that does it once it is), and one webhook delivery per action and endpoint (outbox),
// all in the caller's unit of work, so that an action and everything that follows from it
// commit together or not at all.
import { randomUUID } from 'node:crypto';
import type { Decision } from '../../policy/decision.js';
import { decisionEvents, type DecisionEvents } from '../../enforcement/decision-events.js';
import type { Actor, LoggedEvent, NewEvent } from '../../moderation/events.js';
import { asPlatformIdentifiers } from '../../enforcement/identifiers.js';
import type { UnitOfWork } from '../../store/store.js';
import type { Projected } from '../../store/projection.js';
import { accountState } from '../../store/subject-states.js';
import type { JobQueue } from '../../work/queue.js';
import type { BlockRegistryHandle } from '../block-registry/registry-handle.js';
import { enqueueActionDeliveries } from '../webhooks/outbox.js';
import { enqueueRegistryBlock } from '../block-registry/block-later.js';
import { recordStatements } from '../statements/record-statements.js';
import type { ReviewRules } from '../cases/review-rules-file.js';
import { recordDrafts, type DraftingDeps } from '../cybertip/record-drafts.js';
import { enqueueReferrals } from '../referrals/referral-job.js';

interface EnforcementBase {
  /** Routes the cases a decision opens to their review queues (the operator's rules); without it they go to the fallback queue. */
  review?: ReviewRules;
  /** The queue that webhook deliveries go to; without it no webhook is queued. */
  jobs?: JobQueue;
  appealUrl: string;
  warn(message: string, detail: unknown): void;
  /** Records each drafted CyberTipline report for filing (services/cybertip); without it only the event is written. */
  cybertips?: Omit<DraftingDeps, 'jobs'>;
}

/**
 * Without a block registry no identifiers are blocked; with one, the queue is required too,
 * since a block that finds the registry closed waits on it as a job.
 */
export type EnforcementDeps = EnforcementBase & ({ blockRegistry?: undefined } | { blockRegistry: BlockRegistryHandle; jobs: JobQueue });

export interface Enforced extends DecisionEvents {
  logged: LoggedEvent[];
  projected: Projected;
}

export class Enforcement {
  constructor(private readonly deps: EnforcementDeps) {}

  /** Turns the decision's plan into events and takes them. */
  async enforceDecision(w: UnitOfWork, decision: Decision, actor: Actor, at: string): Promise<Enforced> {
    const planned = decisionEvents(decision, { at, actor, appealUrl: this.deps.appealUrl, newId: (prefix) => `${prefix}_${randomUUID()}` });
    const review = this.deps.review;
    if (review) planned.events = planned.events.map((e) => (e.type === 'case.opened' ? routed(e, review) : e));
    const taken = await this.takeActions(w, planned.events, planned.blockAccounts, at);
    return { ...planned, ...taken };
  }

  /**
   * Appends action events and does what follows from them: the listed accounts'
   * identifiers onto the block registry, one delivery per action and endpoint.
   */
  async takeActions(
    w: UnitOfWork,
    events: readonly NewEvent[],
    blockAccounts: readonly string[],
    at: string,
  ): Promise<{ logged: LoggedEvent[]; projected: Projected }> {
    const { logged, projected } = await w.append(events);
    // Every restriction has its statement of reasons from the moment it is taken (DSA Art. 17).
    await recordStatements(w, logged);
    for (const accountId of blockAccounts) await this.blockIdentifiers(w, accountId, logged, projected, at);
    if (this.deps.jobs) await enqueueActionDeliveries(w, this.deps.jobs, logged);
    if (this.deps.cybertips) await recordDrafts(w, { ...this.deps.cybertips, jobs: this.deps.jobs }, logged);
    if (this.deps.cybertips && this.deps.jobs) await enqueueReferrals(w, this.deps.jobs, logged);
    return { logged, projected };
  }

  private async blockIdentifiers(w: UnitOfWork, accountId: string, logged: readonly LoggedEvent[], projected: Projected, at: string): Promise<void> {
    const deps = this.deps;
    if (!deps.blockRegistry) return;
    const handle = deps.blockRegistry;
    const registry = handle.current;
    if (!registry) {
      // Never skipped: the block waits, in this unit of work, for a worker to find the
      // registry open (services/block-registry/block-later.ts).
      await enqueueRegistryBlock(w, deps.jobs, accountId, blockEventSeq(logged, accountId), at);
      deps.warn(
        `identifiers of account ${accountId} were not put on the block registry yet: a registry.block job will once it opens`,
        handle.lastError || 'the block registry is not open',
      );
      return;
    }
    const state = projected.accounts.get(accountId) ?? (await accountState(w.tx, accountId));
    if (state) await registry.blockAccountIdentifiers(w, accountId, asPlatformIdentifiers(state.identifiers), at);
  }
}

/** The logged block_identifiers action on this account (its seq keys the job); the first event of the batch if there is none. */
function blockEventSeq(logged: readonly LoggedEvent[], accountId: string): number {
  const event = logged.find(
    (e) => e.type === 'action.taken' && e.payload.action === 'block_identifiers' && e.subject.kind === 'account' && e.subject.id === accountId,
  );
  return (event ?? logged[0])?.seq ?? 0;
}

/** The case.opened event with the queue its facts route it to. */
function routed(e: Extract<NewEvent, { type: 'case.opened' }>, review: ReviewRules): NewEvent {
  const p = e.payload;
  const queue = review.queueFor({ urgent: p.urgent, needs: p.needs, rule: p.rule, reported: p.reportIds.length > 0, subjectKind: p.subjectKind });
  return { ...e, payload: { ...p, queue } };
}
