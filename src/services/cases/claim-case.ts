// A reviewer takes a case: the next one of their queues (highest priority, then oldest), or
// one they chose. A claim is a lease in the database: it holds for the configured time,
// renewed while the reviewer works, and once it runs out anyone may take the case over.
// Nobody takes a case another holds; two reviewers asking at once get two different cases.
import type { Store, UnitOfWork } from '../../store/store.js';
import { lockCase, nextClaimable } from '../../store/cases.js';
import type { NewEvent } from '../../moderation/events.js';
import type { CaseState } from '../../moderation/folds/case.js';
import { conflict, forbidden } from '../errors.js';
import { holds, may, reviewerActor, visibleCase, type Reviewer } from './reviewer.js';

export interface ClaimDeps {
  store: Store;
  leaseMs: number;
  now(): Date;
}

/** The senior queue is a senior's, the legal queue legal's; the others are those who decide cases. */
export function queuesFor(r: Reviewer, asked: readonly string[]): string[] {
  return asked.filter((q) => (q === 'senior' ? may(r, 'exception:confirm') : q === 'legal' ? may(r, 'cybertip:file') : may(r, 'case:decide')));
}

/** Who may hold cases at all: those who decide them, and legal for its queue. */
export function mayClaim(r: Reviewer): boolean {
  return may(r, 'case:decide') || may(r, 'cybertip:file');
}

/** The next case of these queues, claimed; null when there is none to take. */
export async function claimNext(deps: ClaimDeps, r: Reviewer, queues: readonly string[]): Promise<CaseState | null> {
  if (!mayClaim(r)) throw forbidden('only those who decide cases (or legal, for its queue) claim them');
  const allowed = queuesFor(r, queues);
  if (allowed.length === 0) throw forbidden('none of these queues is yours to work');
  const now = deps.now();
  return deps.store.write(async (w) => {
    const next = await nextClaimable(w.tx, w.dialect, allowed, now.toISOString(), r.platforms);
    return next ? take(w, deps, r, next, now) : null;
  });
}

/** A chosen case, claimed; refused while another reviewer's claim holds. */
export async function claimCase(deps: ClaimDeps, r: Reviewer, caseId: string): Promise<CaseState> {
  if (!mayClaim(r)) throw forbidden('only those who decide cases (or legal, for its queue) claim them');
  const now = deps.now();
  return deps.store.write(async (w) => {
    const c = visibleCase(r, await lockCase(w.tx, w.dialect, caseId), caseId);
    if (c.status !== 'open' && c.status !== 'escalated') throw conflict(`the case is ${c.status}`);
    if (queuesFor(r, [c.queue ?? 'general']).length === 0) throw forbidden(`the ${c.queue} queue is not yours to work`);
    return take(w, deps, r, c, now);
  });
}

async function take(w: UnitOfWork, deps: ClaimDeps, r: Reviewer, c: CaseState, now: Date): Promise<CaseState> {
  const at = now.toISOString();
  if (c.assigneeId !== null && c.assigneeId !== r.id && holds({ ...r, id: c.assigneeId }, c, at)) {
    throw conflict('another reviewer holds this case; it is free again when they release it or their claim runs out');
  }
  const events: NewEvent[] = [];
  const actor = reviewerActor(r);
  if (c.assigneeId !== null && c.assigneeId !== r.id) {
    events.push({
      type: 'case.unassigned',
      subject: { kind: 'case', id: c.id },
      actor,
      at,
      reason: null,
      payload: { previous: c.assigneeId, why: 'lease-expired' },
    });
  }
  const leaseUntil = new Date(now.getTime() + deps.leaseMs).toISOString();
  events.push({ type: 'case.assigned', subject: { kind: 'case', id: c.id }, actor, at, reason: null, payload: { assigneeId: r.id, leaseUntil } });
  const { projected } = await w.append(events);
  return projected.cases.get(c.id)!;
}

/**
 * The first of these cases (in the order given) that is still free, claimed; null when none
 * is. Each is locked and checked again: another reviewer may have taken it since it was
 * listed, and then the next one is tried.
 */
export async function claimFirstFree(deps: ClaimDeps, r: Reviewer, caseIds: readonly string[]): Promise<CaseState | null> {
  if (!mayClaim(r)) throw forbidden('only those who decide cases (or legal, for its queue) claim them');
  const now = deps.now();
  const at = now.toISOString();
  for (const id of caseIds) {
    const taken = await deps.store.write(async (w) => {
      const c = await lockCase(w.tx, w.dialect, id);
      if (!c || (c.status !== 'open' && c.status !== 'escalated')) return null;
      if (queuesFor(r, [c.queue ?? 'general']).length === 0) return null;
      if (c.assigneeId !== null && c.leaseUntil !== undefined && c.leaseUntil !== null && c.leaseUntil >= at) return null;
      return take(w, deps, r, c, now);
    });
    if (taken) return taken;
  }
  return null;
}
