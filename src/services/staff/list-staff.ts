// The staff users, for an admin: what may leave the store about each (never a hash or a secret).
import type { Store } from '../../store/store.js';
import { listStaff as staffRows, toStaffView, type StaffView } from '../../store/staff-store.js';
import { requireEveryPlatform, type PlatformAccess } from '../platforms/platform-access.js';

export async function listStaff(store: Pick<Store, 'db'>, access: PlatformAccess): Promise<StaffView[]> {
  requireEveryPlatform(access, 'the staff list');
  return (await staffRows(store.db)).map(toStaffView);
}
