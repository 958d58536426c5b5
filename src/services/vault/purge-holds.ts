// The job that ends expired holds: each hold whose time has come has its objects deleted
// from the vault, except those another hold in force still covers and the media that an item
// outside the hold still carries (a post of the same bytes awaiting review, or a report
// still to be filed, needs them: the hold preserved them, it does not own them). What is
// kept is named in the log. The hold is marked purged; one evidence.purged event per hold
// says what went. Every process may run it: a hold is locked and read again before it is
// purged, so two runs purge it once.
import { SYSTEM } from '../../moderation/events.js';
import {
  dueHolds,
  evidenceLockKey,
  holdById,
  holdLockKey,
  holdsCovering,
  itemsOfHolds,
  lockEvidence,
  markHoldPurged,
  mediaCarriedElsewhere,
} from '../../store/vault-holds.js';
import type { VaultDeps } from './vault.js';

export interface PurgedHold {
  holdId: string;
  media: string[];
  snapshots: string[];
  kept: string[];
}

const PER_RUN = 100;

export async function purgeExpiredHolds(deps: VaultDeps): Promise<PurgedHold[]> {
  const out: PurgedHold[] = [];
  const now = deps.now().toISOString();
  for (const due of await dueHolds(deps.store.db, now, PER_RUN)) {
    const items = await itemsOfHolds(deps.store.db, [due.id]);
    const purged = await deps.store.write(async (w) => {
      await lockEvidence(w.tx, w.dialect, [
        holdLockKey(due.id),
        ...items.filter((i) => i.kind !== 'content').map((i) => evidenceLockKey(i.kind as 'media' | 'snapshot', i.ref)),
      ]);
      const hold = await holdById(w.tx, due.id);
      // Extended or purged by another process meanwhile.
      if (!hold || hold.status !== 'active' || hold.until > now) return undefined;
      const result: PurgedHold = { holdId: hold.id, media: [], snapshots: [], kept: [] };
      for (const kind of ['media', 'snapshot'] as const) {
        const refs = items.filter((i) => i.kind === kind).map((i) => i.ref);
        const covered = new Set((await holdsCovering(w.tx, kind, refs, now, hold.id)).map((h) => h.ref));
        if (kind === 'media') {
          const held = items.filter((i) => i.kind === 'content').map((i) => i.ref);
          for (const ref of await mediaCarriedElsewhere(w.tx, refs, held)) covered.add(ref);
        }
        for (const ref of refs) {
          if (covered.has(ref)) {
            result.kept.push(ref);
            continue;
          }
          await (kind === 'media' ? deps.vault.media : deps.vault.snapshots).remove(ref);
          (kind === 'media' ? result.media : result.snapshots).push(ref);
        }
      }
      await markHoldPurged(w.tx, hold.id, now);
      await w.append([
        {
          type: 'evidence.purged',
          subject: { kind: 'hold', id: hold.id },
          actor: SYSTEM,
          at: now,
          reason: `hold expired at ${hold.until}`,
          payload: { cause: 'expired', media: result.media, snapshots: result.snapshots, kept: result.kept },
        },
      ]);
      return result;
    });
    if (purged) out.push(purged);
  }
  return out;
}
