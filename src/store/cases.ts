// Cases as rows (their state is the fold of their events, kept by projection.ts): finding a
// subject's open case, claiming the next case of a queue, reading a queue. Claims are leases
// in the database, so that two reviewers on two API processes never hold the same case.
import type { Dialect } from './database.js';
import type { Tx } from './transaction.js';
import type { InTx } from './unit-of-work.js';
import type { CaseState } from '../moderation/folds/case.js';
import { ownedByOneOf } from './platform-filter.js';

const OPEN = ['open', 'escalated'];

function state(row: { state_json: string } | undefined): CaseState | undefined {
  return row ? (JSON.parse(row.state_json) as CaseState) : undefined;
}

export async function caseById(db: Tx, id: string): Promise<CaseState | undefined> {
  return state(await db.selectFrom('cases').select('state_json').where('id', '=', id).executeTakeFirst());
}

/** The case, locked until the caller's transaction ends (PostgreSQL; SQLite has one writer). */
export async function lockCase(tx: InTx, dialect: Dialect, id: string): Promise<CaseState | undefined> {
  let q = tx.selectFrom('cases').select('state_json').where('id', '=', id);
  if (dialect === 'postgres') q = q.forUpdate();
  return state(await q.executeTakeFirst());
}

/**
 * The next case a reviewer may take from these queues: open, unclaimed or with its claim
 * run out, highest priority first, then oldest. On PostgreSQL a case another process is
 * claiming at this moment is skipped rather than waited for.
 */
export async function nextClaimable(
  tx: InTx,
  dialect: Dialect,
  queues: readonly string[],
  now: string,
  platforms: readonly string[] | null,
): Promise<CaseState | undefined> {
  let q = tx
    .selectFrom('cases')
    .select('state_json')
    .where('queue', 'in', [...queues])
    .where('status', 'in', OPEN)
    .where((eb) => eb.or([eb('assignee_id', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('priority', 'desc')
    .orderBy('opened_at')
    .orderBy('id')
    .limit(1);
  if (platforms !== null) q = q.where(ownedByOneOf('subject_id', platforms));
  if (dialect === 'postgres') q = q.forUpdate().skipLocked();
  return state(await q.executeTakeFirst());
}

export interface QueueSummary {
  queue: string;
  open: number;
  claimed: number;
  oldestOpenedAt: string | null;
}

/** Open cases per queue: how many, how many claimed now, the oldest. */
export async function queueSummaries(db: Tx, now: string, platforms: readonly string[] | null): Promise<QueueSummary[]> {
  let q = db
    .selectFrom('cases')
    .select((eb) => [
      'queue',
      eb.fn.countAll<number>().as('open'),
      eb.fn.sum<number>(eb.case().when('lease_until', '>=', now).then(1).else(0).end()).as('claimed'),
      eb.fn.min<string>('opened_at').as('oldest'),
    ])
    .where('status', 'in', OPEN)
    .groupBy('queue')
    .orderBy('queue');
  if (platforms !== null) q = q.where(ownedByOneOf('subject_id', platforms));
  const rows = await q.execute();
  return rows.map((r) => ({ queue: r.queue, open: Number(r.open), claimed: Number(r.claimed ?? 0), oldestOpenedAt: r.oldest ?? null }));
}

/** A page of a queue's open cases in the order they are claimed. */
export async function casesInQueue(db: Tx, queue: string, limit: number, platforms: readonly string[] | null): Promise<CaseState[]> {
  let q = db
    .selectFrom('cases')
    .select('state_json')
    .where('queue', '=', queue)
    .where('status', 'in', OPEN)
    .orderBy('priority', 'desc')
    .orderBy('opened_at')
    .orderBy('id')
    .limit(limit);
  if (platforms !== null) q = q.where(ownedByOneOf('subject_id', platforms));
  const rows = await q.execute();
  return rows.map((r) => JSON.parse(r.state_json) as CaseState);
}
