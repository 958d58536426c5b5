// A reviewer reads and changes their own wellness settings; an admin reads and changes the
// limits on everyone's. Both changes are logged (what changed, from and to), and a change
// outside the limits is refused with the limit it breaks rather than silently altered.
import type { Store } from '../../store/store.js';
import type { Tx } from '../../store/transaction.js';
import { saveLimits, saveSettings, storedLimits, storedSettings } from '../../store/reviewer-settings.js';
import type { Actor, JsonValue } from '../../moderation/events.js';
import { invalid } from '../errors.js';
import { changesBetween, effectiveSettings, limitsFrom, outsideLimits, type ReviewerSettings, type WellnessLimits } from './wellness.js';

export interface SettingsView extends ReviewerSettings {
  limits: WellnessLimits;
}

export async function wellnessLimits(db: Tx): Promise<WellnessLimits> {
  return limitsFrom(await storedLimits(db));
}

/** The settings in force for this staff member (defaults until they change them), within the limits. */
export async function reviewerSettings(db: Tx, staffId: string): Promise<SettingsView> {
  const limits = await wellnessLimits(db);
  return { ...effectiveSettings(await storedSettings(db, staffId), limits), limits };
}

export async function changeReviewerSettings(store: Store, staffId: string, change: Partial<ReviewerSettings>, at: string): Promise<SettingsView> {
  return store.write(async (w) => {
    const limits = await wellnessLimits(w.tx);
    const why = outsideLimits(change, limits);
    if (why) throw invalid(why);
    const before = effectiveSettings(await storedSettings(w.tx, staffId), limits);
    const after = effectiveSettings({ ...before, ...definedOnly(change) }, limits);
    const changes = changesBetween(before, after);
    if (Object.keys(changes).length > 0) {
      await saveSettings(w.tx, staffId, after, at);
      await w.append([
        {
          type: 'staff.settings_changed',
          subject: { kind: 'staff', id: staffId },
          actor: { kind: 'staff', id: staffId },
          at,
          reason: null,
          payload: { changes: changes as Record<string, { from: JsonValue; to: JsonValue }> },
        },
      ]);
    }
    return { ...after, limits };
  });
}

export async function changeWellnessLimits(store: Store, actor: Actor, change: Partial<WellnessLimits>, at: string): Promise<WellnessLimits> {
  return store.write(async (w) => {
    const before = await wellnessLimits(w.tx);
    const after = limitsFrom({ ...before, ...definedOnly(change) });
    const changes = changesBetween(before, after);
    if (Object.keys(changes).length > 0) {
      await saveLimits(w.tx, after, actor.id ?? 'system', at);
      await w.append([
        {
          type: 'wellness.limits_changed',
          subject: { kind: 'system', id: 'wellness-limits' },
          actor,
          at,
          reason: null,
          payload: { changes: changes as Record<string, { from: JsonValue; to: JsonValue }> },
        },
      ]);
    }
    return after;
  });
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
