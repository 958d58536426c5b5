// Reviewers' wellness settings and the admin's limits on them, as rows (migration 017). The
// rules (defaults, limits, clamping) live in services/reviewers; this file only persists.
import type { Tx } from './transaction.js';
import type { InTx } from './unit-of-work.js';

const LIMITS_ROW = 1;

export async function storedSettings(db: Tx, staffId: string): Promise<Record<string, unknown> | undefined> {
  const row = await db.selectFrom('reviewer_settings').select('settings_json').where('staff_id', '=', staffId).executeTakeFirst();
  return row ? (JSON.parse(row.settings_json) as Record<string, unknown>) : undefined;
}

export async function saveSettings(tx: InTx, staffId: string, settings: object, at: string): Promise<void> {
  const settings_json = JSON.stringify(settings);
  await tx
    .insertInto('reviewer_settings')
    .values({ staff_id: staffId, settings_json, updated_at: at })
    .onConflict((oc) => oc.column('staff_id').doUpdateSet({ settings_json, updated_at: at }))
    .execute();
}

export async function storedLimits(db: Tx): Promise<Record<string, unknown> | undefined> {
  const row = await db.selectFrom('wellness_limits').select('limits_json').where('id', '=', LIMITS_ROW).executeTakeFirst();
  return row ? (JSON.parse(row.limits_json) as Record<string, unknown>) : undefined;
}

export async function saveLimits(tx: InTx, limits: object, by: string, at: string): Promise<void> {
  const limits_json = JSON.stringify(limits);
  await tx
    .insertInto('wellness_limits')
    .values({ id: LIMITS_ROW, limits_json, updated_by: by, updated_at: at })
    .onConflict((oc) => oc.column('id').doUpdateSet({ limits_json, updated_by: by, updated_at: at }))
    .execute();
}
