// An action is found by its id (act_<hash of its event>) through its statement of reasons,
// which now keeps the event's seq, instead of through an index on the log's hash column
// (migration 020). That index took a random page of the log for every event of every post
// (a hash has no order), and its writes showed in ingest's commits; a statement is written
// only for a restriction, which is all an action id is looked up for (an appeal, and the
// reasons shown with it). The seq of each statement written before is filled in from the
// index before it goes.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';

export function actionLookup(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('statements')
        .addColumn('event_seq', dialect === 'sqlite' ? 'integer' : 'bigint')
        .execute();
      await sql`update statements set event_seq = (
          select e.seq from events e where e.hash = substr(statements.puid, 5) and e.type = 'action.taken'
        )`.execute(db);
      await sql`drop index events_hash`.execute(db);
    },
  };
}
