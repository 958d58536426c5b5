// The reads and the one write behind deadline alerts (migration 020): open cases and appeals
// past their queue's target that were not alerted yet, a breach recorded once (the key
// decides, across processes), and the number overdue per queue for the metric.
import { sql } from 'kysely';
import type { Tx } from './transaction.js';
import type { InTx } from './unit-of-work.js';

const OPEN_CASE = ['open', 'escalated'];

export interface OverdueItem {
  kind: 'case' | 'appeal';
  id: string;
  queue: string;
  dueAt: string;
  /** The subject the alert goes on: the case, or the appellant's account. */
  subject: { kind: 'case' | 'account'; id: string };
}

/** Open cases of the queue opened before `openedBefore`, not yet alerted, oldest first. */
export async function overdueCases(db: Tx, queue: string, openedBefore: string, limit: number): Promise<{ id: string; opened_at: string }[]> {
  return db
    .selectFrom('cases')
    .select(['id', 'opened_at'])
    .where('queue', '=', queue)
    .where('status', 'in', OPEN_CASE)
    .where('opened_at', '<', openedBefore)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('deadline_breaches').select(sql.lit(1).as('one')).where('item_kind', '=', 'case').whereRef('item_id', '=', 'cases.id'))),
    )
    .orderBy('opened_at')
    .limit(limit)
    .execute();
}

export async function overdueAppeals(db: Tx, now: string, limit: number): Promise<{ id: string; queue: string; due_at: string; account_id: string }[]> {
  return db
    .selectFrom('appeals')
    .select(['id', 'queue', 'due_at', 'account_id'])
    .where('status', '=', 'open')
    .where('due_at', '<', now)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('deadline_breaches').select(sql.lit(1).as('one')).where('item_kind', '=', 'appeal').whereRef('item_id', '=', 'appeals.id'))),
    )
    .orderBy('due_at')
    .limit(limit)
    .execute();
}

/** False when another process recorded this breach first. */
export async function recordBreach(tx: InTx, item: OverdueItem, at: string): Promise<boolean> {
  const r = await tx
    .insertInto('deadline_breaches')
    .values({ item_kind: item.kind, item_id: item.id, queue: item.queue, due_at: item.dueAt, breached_at: at })
    .onConflict((oc) => oc.columns(['item_kind', 'item_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** How many open items of the queue are past their target now (alerted or not). */
export async function countOverdueCases(db: Tx, queue: string, openedBefore: string): Promise<number> {
  const r = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('queue', '=', queue)
    .where('status', 'in', OPEN_CASE)
    .where('opened_at', '<', openedBefore)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function countOverdueAppeals(db: Tx, now: string): Promise<number> {
  const r = await db
    .selectFrom('appeals')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'open')
    .where('due_at', '<', now)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
