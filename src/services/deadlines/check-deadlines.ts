// Time-to-action targets per queue (docs/transparency.md, deadlines). A periodic check finds the open
// cases past their queue's target (from when they were opened) and the open appeals past
// their due time, and raises one alert for each, once, whichever process sees it first: a
// `deadline.breached` event (on the case, or on the appellant's account) and its webhook to
// the platform's endpoints, in one unit of work with the breach's row. It also answers how
// many items each queue has overdue now, for the metric.
import type { Store } from '../../store/store.js';
import type { JobQueue } from '../../work/queue.js';
import { SYSTEM } from '../../moderation/events.js';
import { countOverdueAppeals, countOverdueCases, overdueAppeals, overdueCases, recordBreach, type OverdueItem } from '../../store/deadlines.js';
import { enqueueActionDeliveries } from '../webhooks/outbox.js';
import { APPEALS_QUEUE } from '../appeals/file-appeal.js';

export interface DeadlineDeps {
  store: Store;
  jobs?: JobQueue;
  targetsMs: Record<string, number>;
  appealTargetMs: number;
  now(): Date;
}

export interface DeadlineCheck {
  /** Alerts this run raised. */
  breached: OverdueItem[];
  /** Items overdue now, per queue (alerted before or not). */
  overdue: Record<string, number>;
}

const BATCH = 200;

export async function checkDeadlines(deps: DeadlineDeps): Promise<DeadlineCheck> {
  const now = deps.now();
  const at = now.toISOString();
  const found: OverdueItem[] = [];
  const overdue: Record<string, number> = {};
  for (const [queue, target] of Object.entries(deps.targetsMs)) {
    const before = new Date(now.getTime() - target).toISOString();
    for (const c of await overdueCases(deps.store.db, queue, before, BATCH)) {
      found.push({ kind: 'case', id: c.id, queue, dueAt: new Date(Date.parse(c.opened_at) + target).toISOString(), subject: { kind: 'case', id: c.id } });
    }
    overdue[queue] = await countOverdueCases(deps.store.db, queue, before);
  }
  for (const a of await overdueAppeals(deps.store.db, at, BATCH)) {
    found.push({ kind: 'appeal', id: a.id, queue: a.queue, dueAt: a.due_at, subject: { kind: 'account', id: a.account_id } });
  }
  overdue[APPEALS_QUEUE] = await countOverdueAppeals(deps.store.db, at);

  const breached: OverdueItem[] = [];
  for (const item of found) {
    const raised = await deps.store.write(async (w) => {
      if (!(await recordBreach(w.tx, item, at))) return false;
      const target = item.kind === 'appeal' ? deps.appealTargetMs : (deps.targetsMs[item.queue] ?? 0);
      const { logged } = await w.append([
        {
          type: 'deadline.breached',
          subject: item.subject,
          actor: SYSTEM,
          at,
          reason: `the ${item.queue} queue's target of ${Math.round(target / 60_000)} minutes has passed`,
          payload: { item: item.kind, itemId: item.id, queue: item.queue, dueAt: item.dueAt, targetSeconds: Math.round(target / 1000) },
        },
      ]);
      if (deps.jobs) await enqueueActionDeliveries(w, deps.jobs, logged);
      return true;
    });
    if (raised) breached.push(item);
  }
  return { breached, overdue };
}
