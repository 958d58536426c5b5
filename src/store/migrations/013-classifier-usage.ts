// Calls made to each classifier provider per UTC day, shared by every process: the operator's
// daily budget for a provider is checked and spent in one statement against this row, so
// several worker processes together never go over it.
import type { Kysely } from 'kysely';

export function classifierUsage() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('classifier_usage')
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('calls', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('classifier_usage_pk', ['provider', 'period'])
        .execute();
    },
  };
}
