// An action named by its id: `act_<hash>` of its action.taken event, the idempotency key
// every webhook of that action carries (enforcement/webhooks/message.ts), so a platform can
// name an action it was told about. Only a restriction is ever looked up by its id (to appeal
// it, or to show its reasons), and each has a statement of reasons keyed by that id that
// keeps its event's seq (migration 022): the log's hash column needs no index.
import type { LoggedEvent } from '../moderation/events.js';
import { rowToEvent, type EventRow } from './log-store.js';
import type { Tx } from './transaction.js';

const ACTION_ID = /^act_([0-9a-f]{64})$/;

export function isActionId(id: string): boolean {
  return ACTION_ID.test(id);
}

export function actionIdOf(event: Pick<LoggedEvent, 'hash'>): string {
  return `act_${event.hash}`;
}

/** The restriction (a removal, a suspension or a lock) with this id; undefined for any other id. */
export async function actionById(db: Tx, actionId: string): Promise<LoggedEvent | undefined> {
  const m = ACTION_ID.exec(actionId);
  if (!m) return undefined;
  const row = await db
    .selectFrom('statements')
    .innerJoin('events', 'events.seq', 'statements.event_seq')
    .selectAll('events')
    .where('statements.puid', '=', actionId)
    // The hash is checked again: the id names that event and no other.
    .where('events.hash', '=', m[1]!)
    .where('events.type', '=', 'action.taken')
    .executeTakeFirst();
  return row ? rowToEvent(row as EventRow) : undefined;
}

/** The action.taken events on these subjects at this instant by this actor: the rest of one decision's plan. */
export async function actionsOfDecision(
  db: Tx,
  subjects: readonly { kind: string; id: string }[],
  at: string,
  actor: { kind: string; id: string | null },
): Promise<LoggedEvent[]> {
  const out: LoggedEvent[] = [];
  for (const s of subjects) {
    let q = db
      .selectFrom('events')
      .selectAll()
      .where('subject_kind', '=', s.kind)
      .where('subject_id', '=', s.id)
      .where('type', '=', 'action.taken')
      .where('at', '=', at)
      .where('actor_kind', '=', actor.kind);
    q = actor.id === null ? q.where('actor_id', 'is', null) : q.where('actor_id', '=', actor.id);
    for (const row of await q.orderBy('seq').execute()) out.push(rowToEvent(row as EventRow));
  }
  return out;
}

/** Content of this author that a removal hides now (status removed): the candidates an overturn may restore. */
export async function removedContentOf(db: Tx, authorId: string, limit = 1000): Promise<string[]> {
  const rows = await db.selectFrom('content').select('id').where('author_id', '=', authorId).where('status', '=', 'removed').limit(limit).execute();
  return rows.map((r) => r.id);
}
