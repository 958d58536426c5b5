// Reading appeals: the staff's list and detail (only the platforms they see), and the
// platform's view of an appeal its user filed.
import type { Store } from '../../store/store.js';
import { appealById, listAppeals } from '../../store/appeals.js';
import { notFound } from '../errors.js';
import type { Reviewer } from '../cases/reviewer.js';
import { visibleAppeal } from './claim-appeal.js';
import { appealView, staffAppealView, type AppealStatus, type AppealView, type StaffAppealView } from './appeal-views.js';

export async function appealsForStaff(store: Store, r: Reviewer, status: AppealStatus | undefined, limit: number, now: Date): Promise<StaffAppealView[]> {
  const rows = await listAppeals(store.db, { status, platforms: r.platforms, limit });
  return rows.map((row) => staffAppealView(row, now));
}

export async function appealForStaff(store: Store, r: Reviewer, id: string, now: Date): Promise<StaffAppealView> {
  return staffAppealView(visibleAppeal(r, await appealById(store.db, id), id), now);
}

export async function appealForPlatform(store: Store, platform: string, id: string): Promise<AppealView> {
  const row = await appealById(store.db, id);
  if (!row || row.platform !== platform) throw notFound(`no appeal with id ${id}`);
  return appealView(row);
}
