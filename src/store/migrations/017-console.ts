// What the staff console needs beyond the review workflow (issue 13): each reviewer's
// wellness settings (blur, greyscale, muted autoplay, collapsed text, breaks), the limits an
// admin sets on them (one row), and bank imports started from the console, which run in the
// background: the list waits in its row until a worker has imported it, and the row says how
// far it got, so that any process can answer for it and a restarted worker carries on.
import type { Kysely } from 'kysely';

export function consoleTables() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('reviewer_settings')
        .addColumn('staff_id', 'text', (c) => c.primaryKey())
        .addColumn('settings_json', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('wellness_limits')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('limits_json', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('bank_imports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('bank_name', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('options_json', 'text', (c) => c.notNull())
        // The list as sent; emptied once imported (the bank holds its entries).
        .addColumn('list_text', 'text')
        .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('total', 'integer')
        .addColumn('added', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('errors_json', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        // Until when one worker's run holds the import: two runs never import it side by side.
        .addColumn('lease_until', 'text')
        .execute();
      await db.schema.createIndex('bank_imports_created').on('bank_imports').column('created_at').execute();
    },
  };
}
