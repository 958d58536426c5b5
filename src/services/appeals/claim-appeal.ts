// A reviewer takes an appeal: the next of the appeals queue (the one due first), or one they
// chose. As with cases, a claim is a lease in the database. The person who took the action
// appealed never takes the appeal: "another reviewer decides" is checked here and again
// when it is decided.
import type { Store, UnitOfWork } from '../../store/store.js';
import { assignAppeal, lockAppeal, nextClaimableAppeal, type AppealRow } from '../../store/appeals.js';
import { sees } from '../platforms/platform-access.js';
import { conflict, forbidden, notFound } from '../errors.js';
import { may, reviewerActor, type Reviewer } from '../cases/reviewer.js';
import { staffAppealView, type StaffAppealView } from './appeal-views.js';
import { APPEALS_QUEUE } from './file-appeal.js';

export interface AppealClaimDeps {
  store: Store;
  leaseMs: number;
  now(): Date;
}

export function visibleAppeal(r: Reviewer, row: AppealRow | undefined, id: string): AppealRow {
  if (!row || !sees(r.platforms, row.platform)) throw notFound(`no appeal with id ${id}`);
  return row;
}

export function refuseOriginalDecider(r: Reviewer, row: AppealRow): void {
  if ((JSON.parse(row.excluded_json) as string[]).includes(r.id)) {
    throw forbidden('you took the action under appeal: another reviewer decides the appeal');
  }
}

export function holdsAppeal(r: Reviewer, row: AppealRow, now: string): boolean {
  return row.assignee_id === r.id && row.lease_until !== null && row.lease_until >= now;
}

export async function claimNextAppeal(deps: AppealClaimDeps, r: Reviewer): Promise<StaffAppealView | null> {
  if (!may(r, 'appeal:decide')) throw forbidden('your role does not decide appeals');
  const now = deps.now();
  return deps.store.write(async (w) => {
    const next = await nextClaimableAppeal(w.tx, w.dialect, APPEALS_QUEUE, r.id, now.toISOString(), r.platforms);
    return next ? take(w, deps, r, next, now) : null;
  });
}

export async function claimAppeal(deps: AppealClaimDeps, r: Reviewer, id: string): Promise<StaffAppealView> {
  if (!may(r, 'appeal:decide')) throw forbidden('your role does not decide appeals');
  const now = deps.now();
  return deps.store.write(async (w) => {
    const row = visibleAppeal(r, await lockAppeal(w.tx, w.dialect, id), id);
    if (row.status !== 'open') throw conflict(`the appeal was ${row.status} already`);
    refuseOriginalDecider(r, row);
    return take(w, deps, r, row, now);
  });
}

async function take(w: UnitOfWork, deps: AppealClaimDeps, r: Reviewer, row: AppealRow, now: Date): Promise<StaffAppealView> {
  const at = now.toISOString();
  if (row.assignee_id !== null && row.assignee_id !== r.id && row.lease_until !== null && row.lease_until >= at) {
    throw conflict('another reviewer holds this appeal; it is free again when their claim runs out');
  }
  const leaseUntil = new Date(now.getTime() + deps.leaseMs).toISOString();
  await assignAppeal(w.tx, row.id, r.id, leaseUntil);
  await w.append([
    {
      type: 'appeal.assigned',
      subject: { kind: 'account', id: row.account_id },
      actor: reviewerActor(r),
      at,
      reason: null,
      payload: { appealId: row.id, assigneeId: r.id, leaseUntil },
    },
  ]);
  return staffAppealView({ ...row, assignee_id: r.id, lease_until: leaseUntil }, now);
}
