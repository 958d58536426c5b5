// Bank entries as a change feed, like the block registry's (005): every import or removal
// bumps the one counter row and stamps the rows it touches, so that a process holding the
// banks in memory catches up by reading rows with a higher version. Keys alone could not
// say that: a removed entry revived by a later import keeps its key, a removal's time is
// taken before its transaction commits, and on PostgreSQL two imports commit their keys out
// of order. Existing rows start at version 0: a process that loads them does so whole.
import { sql, type Kysely } from 'kysely';

export function bankVersions() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('bank_entries')
        .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('bank_entries_version').on('bank_entries').columns(['version', 'key']).execute();
      await db.schema
        .createTable('bank_state')
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('version', 'bigint', (c) => c.notNull())
        .execute();
      await sql`insert into bank_state (id, version) values (1, 0)`.execute(db);
    },
  };
}
