// Staff mute a reporter who files in bad faith (a harassment campaign that reports its
// target over and over): their reports are still recorded, but open no case and raise no
// priority. Unmuting restores that. Both are in the log.
import type { Store } from '../../store/store.js';
import { muteReporterRow, unmuteReporterRow } from '../../store/reports.js';
import { scopedId } from '../../moderation/platform-ids.js';
import { forbidden } from '../errors.js';
import { sees } from '../platforms/platform-access.js';
import { may, reviewerActor, type Reviewer } from '../cases/reviewer.js';

/** The reporter: a platform's account (by the platform's id), or an AT Protocol identity. */
export type ReporterRef = { platform: string; accountId: string } | { did: string };

export async function setReporterMuted(
  deps: { store: Store; now(): Date },
  r: Reviewer,
  who: ReporterRef,
  muted: boolean,
  reason: string | null,
): Promise<boolean> {
  if (!may(r, 'case:assign')) throw forbidden('your role does not mute reporters');
  if ('platform' in who && !sees(r.platforms, who.platform)) throw forbidden(`you may not act for the platform ${who.platform}`);
  const key = 'did' in who ? `atproto:${who.did}` : `account:${scopedId(who.platform, who.accountId)}`;
  const at = deps.now().toISOString();
  return deps.store.write(async (w) => {
    const changed = muted ? await muteReporterRow(w.tx, key, r.id, at, reason) : await unmuteReporterRow(w.tx, key);
    if (changed) {
      await w.append([
        {
          type: muted ? 'reporter.muted' : 'reporter.unmuted',
          subject: { kind: 'system', id: 'reporters' },
          actor: reviewerActor(r),
          at,
          reason,
          payload: { reporterKey: key },
        },
      ]);
    }
    return changed;
  });
}
