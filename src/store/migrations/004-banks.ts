// Banks of known hashes and their entries. An entry's integer key is what the in-memory
// index holds (it stores uint32 keys, not strings), so it is a serial column.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';

export function banks(dialect: Dialect) {
  const serial = dialect === 'sqlite' ? sql`integer primary key autoincrement` : sql`bigint generated always as identity primary key`;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('banks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('hash_type', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('list_version', 'text')
        .addColumn('list_date', 'text')
        .addColumn('verified', 'integer', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('bank_entries')
        .addColumn('key', serial)
        .addColumn('bank_id', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('label', 'text')
        .addColumn('source_id', 'text')
        .addColumn('contributor', 'text')
        .addColumn('extra_json', 'text')
        .addColumn('added_at', 'text', (c) => c.notNull())
        // Entries are never deleted: a removal is dated so that the provenance of a past
        // match can still be shown, and so that other processes can follow it.
        .addColumn('removed_at', 'text')
        .addUniqueConstraint('bank_entries_bank_hash', ['bank_id', 'hash'])
        .execute();
      await db.schema.createIndex('bank_entries_removed').on('bank_entries').column('removed_at').execute();
    },
  };
}
