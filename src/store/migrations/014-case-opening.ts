// Case opening from detection signals (issue 11): what a sender showed across conversations
// with minors (a case on the sender opens when several reach the threshold), and the
// review part of an ingest answer, returned again unchanged on a replay.
import type { Kysely } from 'kysely';

export function caseOpening() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('sender_risk')
        .addColumn('sender_id', 'text', (c) => c.primaryKey())
        .addColumn('state_json', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.alterTable('content').addColumn('review_json', 'text').execute();
    },
  };
}
