// The state of each conversation between two accounts, so that grooming, which shows
// over many messages, is seen across restarts and across API processes.
import type { Kysely } from 'kysely';

export function conversations() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('conversations')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('state_json', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
