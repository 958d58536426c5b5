// Preservation holds (18 U.S.C. 2258A(h)): what a hold covers and until when, in the
// database so that every process (the API that places or extends one, the task that purges
// expired ones, a command that deletes evidence) sees the same holds. The log keeps who
// placed and extended each hold and why; these rows are what a delete path checks.
import type { Kysely } from 'kysely';

export function preservationHolds() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('holds')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text')
        .addColumn('cybertip_id', 'text')
        .addColumn('account_id', 'text')
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('placed_at', 'text', (c) => c.notNull())
        .addColumn('placed_by', 'text', (c) => c.notNull())
        .addColumn('until', 'text', (c) => c.notNull())
        // 'active' until its objects are purged after expiry ('purged').
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('purged_at', 'text')
        .execute();
      // One hold per CyberTipline report: placing it again after a crash finds the first.
      await db.schema.createIndex('holds_cybertip').on('holds').column('cybertip_id').unique().execute();
      await db.schema.createIndex('holds_case').on('holds').column('case_id').execute();
      await db.schema.createIndex('holds_due').on('holds').columns(['status', 'until']).execute();

      // kind: 'media' (a media object by SHA-256), 'content' (an item by id), 'snapshot'
      // (the sealed snapshot of an item, by SHA-256).
      await db.schema
        .createTable('hold_items')
        .addColumn('hold_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('ref', 'text', (c) => c.notNull())
        .addColumn('content_id', 'text')
        .addPrimaryKeyConstraint('hold_items_pk', ['hold_id', 'kind', 'ref'])
        .execute();
      await db.schema.createIndex('hold_items_ref').on('hold_items').columns(['kind', 'ref']).execute();
    },
  };
}
