// A reviewer keeps a claim alive while working (renew) or hands the case back (release).
// A lead with case:assign may take a claim off someone (a reviewer gone for the day).
import { lockCase } from '../../store/cases.js';
import type { CaseState } from '../../moderation/folds/case.js';
import { conflict, forbidden } from '../errors.js';
import { may, reviewerActor, visibleCase, type Reviewer } from './reviewer.js';
import { mayClaim, queuesFor, type ClaimDeps } from './claim-case.js';

export async function renewClaim(deps: ClaimDeps, r: Reviewer, caseId: string): Promise<CaseState> {
  const now = deps.now();
  const at = now.toISOString();
  if (!mayClaim(r)) throw forbidden('only those who decide cases (or legal, for its queue) hold them');
  return deps.store.write(async (w) => {
    const c = visibleCase(r, await lockCase(w.tx, w.dialect, caseId), caseId);
    if (queuesFor(r, [c.queue ?? 'general']).length === 0) throw forbidden(`the ${c.queue ?? 'general'} queue is not yours to work`);
    // A claim that ran out may still be renewed as long as nobody took the case meanwhile.
    if (c.assigneeId !== r.id) throw conflict('you do not hold this case: claim it first');
    const leaseUntil = new Date(now.getTime() + deps.leaseMs).toISOString();
    const { projected } = await w.append([
      { type: 'case.assigned', subject: { kind: 'case', id: c.id }, actor: reviewerActor(r), at, reason: null, payload: { assigneeId: r.id, leaseUntil } },
    ]);
    return projected.cases.get(c.id)!;
  });
}

export async function releaseClaim(deps: ClaimDeps, r: Reviewer, caseId: string, reason: string | null): Promise<CaseState> {
  const at = deps.now().toISOString();
  return deps.store.write(async (w) => {
    const c = visibleCase(r, await lockCase(w.tx, w.dialect, caseId), caseId);
    if (c.assigneeId === null) throw conflict('nobody holds this case');
    if (c.assigneeId !== r.id && !may(r, 'case:assign')) throw forbidden('only the holder, or someone who assigns cases, releases a claim');
    const { projected } = await w.append([
      {
        type: 'case.unassigned',
        subject: { kind: 'case', id: c.id },
        actor: reviewerActor(r),
        at,
        reason,
        payload: { previous: c.assigneeId, why: 'released' },
      },
    ]);
    return projected.cases.get(c.id)!;
  });
}
