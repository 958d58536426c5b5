// Appeals (docs/appeals.md), statements of reasons, and the lookup of an action by its id. An appeal's history is in
// the log (appeal.* events on the account); this table holds its current state, what the
// appellant wrote (never put in the log), and the queue's order. One appeal per action:
// the unique key on action_id is what refuses a second one, whichever process files it.
// Actions are named by their event's hash (the `act_<hash>` id webhooks already carry), so
// the log gets an index on it (dropped by 022: the statement of reasons now leads to the event).
import { sql, type Kysely } from 'kysely';

export function appeals() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('appeals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('action_id', 'text', (c) => c.notNull().unique())
        .addColumn('action_kind', 'text', (c) => c.notNull())
        .addColumn('queue', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('via', 'text', (c) => c.notNull())
        .addColumn('statement', 'text', (c) => c.notNull())
        .addColumn('lang', 'text', (c) => c.notNull())
        .addColumn('excluded_json', 'text', (c) => c.notNull())
        .addColumn('assignee_id', 'text')
        .addColumn('lease_until', 'text')
        .addColumn('filed_at', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('resolved_at', 'text')
        .addColumn('resolved_by', 'text')
        .addColumn('resolution_reason', 'text')
        .execute();
      await db.schema.createIndex('appeals_queue').on('appeals').columns(['status', 'queue', 'filed_at']).execute();
      await db.schema.createIndex('appeals_account').on('appeals').column('account_id').execute();
      await sql`create index events_hash on events (hash)`.execute(db);

      // Statements of reasons (docs/statements.md): one per restriction, keyed by its action
      // id, written with the action. facts_json holds the facts the DSA statement is built
      // from (no personal data); account_id only finds the statement for its appeal page and
      // is never exported. submitted_json: the body the Transparency Database accepted.
      await db.schema
        .createTable('statements')
        .addColumn('puid', 'text', (c) => c.primaryKey())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('notify', 'integer', (c) => c.notNull())
        .addColumn('applied_at', 'text', (c) => c.notNull())
        .addColumn('facts_json', 'text', (c) => c.notNull())
        .addColumn('submitted_at', 'text')
        .addColumn('submission_uuid', 'text')
        .addColumn('submitted_json', 'text')
        .addColumn('submission_error', 'text')
        .execute();
      await db.schema.createIndex('statements_applied').on('statements').columns(['platform', 'applied_at', 'puid']).execute();
      // Deadlines (docs/transparency.md, deadlines): each case or appeal that passed its queue's target,
      // once: the key makes one process, whichever, raise the alert.
      await db.schema
        .createTable('deadline_breaches')
        .addColumn('item_kind', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('queue', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('breached_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('deadline_breaches_pk', ['item_kind', 'item_id'])
        .execute();
      await db.schema.createIndex('statements_unsubmitted').on('statements').columns(['submitted_at', 'applied_at']).execute();
    },
  };
}
