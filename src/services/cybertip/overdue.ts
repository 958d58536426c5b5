// The legal clock: a report is owed "as soon as reasonably possible" (18 U.S.C. § 2258A), so a
// draft that waits past its deadline (config ncmec.approveWithinMs) is named once: a
// cybertip.overdue event, an error log line and the caller's metric. Each draft is alerted
// once, under its row's compare-and-set, so several processes running this never repeat it.
import type { Store } from '../../store/store.js';
import { overdueDrafts } from '../../store/cybertip-reports.js';
import { CYBERTIP_SYSTEM_ACTOR } from './actor.js';
import type { FilingLogger } from './file-report.js';

export interface OverdueDeps {
  store: Store;
  now(): Date;
  log?: FilingLogger | undefined;
  /** Counts each alert (a Prometheus counter in a server). */
  onOverdue?: ((id: string) => void) | undefined;
}

/** Alerts the drafts newly past their deadline; returns their ids. */
export async function alertOverdueDrafts(deps: OverdueDeps): Promise<string[]> {
  const at = deps.now().toISOString();
  const out: string[] = [];
  for (const row of await overdueDrafts(deps.store.db, at)) {
    const alerted = await deps.store.write(async (w) => {
      const r = await w.tx
        .updateTable('cybertip_reports')
        .set({ alerted_at: at })
        .where('id', '=', row.id)
        .where('status', '=', 'draft')
        .where('alerted_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return false;
      await w.append([
        {
          type: 'cybertip.overdue',
          subject: { kind: 'cybertip', id: row.id },
          actor: CYBERTIP_SYSTEM_ACTOR,
          at,
          reason: 'a CyberTipline draft waits for the legal role past its deadline',
          payload: { approveBy: row.approve_by, draftedAt: row.drafted_at },
        },
      ]);
      return true;
    });
    if (!alerted) continue;
    out.push(row.id);
    deps.onOverdue?.(row.id);
    deps.log?.error(
      { cybertipId: row.id, caseId: row.case_id, draftedAt: row.drafted_at, approveBy: row.approve_by },
      'CyberTipline draft overdue: the legal role has not approved it',
    );
  }
  return out;
}
