// Handing a case up: to a senior reviewer (a hard call, an exception) or to legal (a report
// to file, a hold to place). The claim ends with it, so that the senior or legal can take it.
import type { Store } from '../../store/store.js';
import { lockCase } from '../../store/cases.js';
import type { NewEvent } from '../../moderation/events.js';
import type { CaseState } from '../../moderation/folds/case.js';
import { conflict, forbidden } from '../errors.js';
import { may, reviewerActor, visibleCase, type Reviewer } from './reviewer.js';

export const ESCALATION_QUEUES = { 'senior-reviewer': 'senior', legal: 'legal' } as const;

export async function escalateCase(
  deps: { store: Store; now(): Date },
  r: Reviewer,
  caseId: string,
  to: 'senior-reviewer' | 'legal',
  reason: string,
): Promise<CaseState> {
  if (!may(r, 'case:escalate')) throw forbidden('your role does not escalate cases');
  const at = deps.now().toISOString();
  return deps.store.write(async (w) => {
    const c = visibleCase(r, await lockCase(w.tx, w.dialect, caseId), caseId);
    if (c.status !== 'open' && c.status !== 'escalated') throw conflict(`the case is ${c.status}`);
    const actor = reviewerActor(r);
    const events: NewEvent[] = [];
    if (c.assigneeId !== null)
      events.push({ type: 'case.unassigned', subject: { kind: 'case', id: c.id }, actor, at, reason, payload: { previous: c.assigneeId, why: 'released' } });
    events.push({ type: 'case.escalated', subject: { kind: 'case', id: c.id }, actor, at, reason, payload: { to, queue: ESCALATION_QUEUES[to] } });
    const { projected } = await w.append(events);
    return projected.cases.get(c.id)!;
  });
}

/** A note for the team on the case; it is part of the case's history for good. */
export async function commentCase(deps: { store: Store; now(): Date }, r: Reviewer, caseId: string, text: string): Promise<CaseState> {
  if (!may(r, 'queue:read')) throw forbidden('your role does not work cases');
  const at = deps.now().toISOString();
  return deps.store.write(async (w) => {
    const c = visibleCase(r, await lockCase(w.tx, w.dialect, caseId), caseId);
    const { projected } = await w.append([
      { type: 'case.commented', subject: { kind: 'case', id: c.id }, actor: reviewerActor(r), at, reason: null, payload: { text } },
    ]);
    return projected.cases.get(c.id)!;
  });
}
