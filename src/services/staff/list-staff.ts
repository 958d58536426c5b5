// The staff users, for an admin: what may leave the store about each (never a hash or a secret).
import type { Store } from '../../store/store.js';
import { listStaff as staffRows, toStaffView, type StaffView } from '../../store/staff-store.js';

export async function listStaff(store: Pick<Store, 'db'>): Promise<StaffView[]> {
  return (await staffRows(store.db)).map(toStaffView);
}
