// Reports from anyone and the review workflow. A report keeps what its reporter wrote (and
// a contact address, if they left one) here rather than in the moderation log, which is
// forever: the log says that a report was filed and on what grounds. A receipt lets an
// anonymous reporter ask how their report stands; only its hash is kept. A case carries
// the queue it was routed to and how long its reviewer's claim lasts, so that claims hold
// across API processes.
import type { Kysely } from 'kysely';

export function review() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('reports')
        .addColumn('platform_id', 'text', (c) => c.notNull().defaultTo('default'))
        .execute();
      await db.schema.alterTable('reports').addColumn('receipt_hash', 'text').execute();
      await db.schema.alterTable('reports').addColumn('contact', 'text').execute();
      await db.schema
        .alterTable('reports')
        .addColumn('links_json', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
      await db.schema.alterTable('reports').addColumn('reporter_key', 'text').execute();
      // The log position of the report's report.filed event: the number AT Protocol clients get.
      await db.schema.alterTable('reports').addColumn('filed_seq', 'bigint').execute();
      await db.schema.createIndex('reports_receipt').on('reports').column('receipt_hash').unique().execute();
      await db.schema.createIndex('reports_case').on('reports').column('case_id').execute();

      await db.schema
        .createTable('muted_reporters')
        .addColumn('reporter_key', 'text', (c) => c.primaryKey())
        .addColumn('muted_by', 'text', (c) => c.notNull())
        .addColumn('muted_at', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .execute();

      await db.schema
        .alterTable('cases')
        .addColumn('queue', 'text', (c) => c.notNull().defaultTo('general'))
        .execute();
      await db.schema.alterTable('cases').addColumn('lease_until', 'text').execute();
      await db.schema.createIndex('cases_claim').on('cases').columns(['queue', 'status', 'priority', 'opened_at']).execute();
    },
  };
}
