// The ban-evasion block registry: keyed hashes of suspended accounts' identifiers, never the
// identifiers themselves. `version` is a change feed: every write bumps the one counter row
// and stamps the rows it touches, so a process that has seen version N catches up by reading
// rows with a higher version (inserts and lifts alike).
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';

export function blockRegistry(_dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('block_registry')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('strength', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('lifted_at', 'text')
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('block_registry_pk', ['account_id', 'key_hash'])
        .execute();
      await db.schema.createIndex('block_registry_version').on('block_registry').columns(['version', 'account_id', 'key_hash']).execute();
      await db.schema
        .createTable('block_registry_state')
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addColumn('secret_fingerprint', 'text')
        .execute();
      await sql`insert into block_registry_state (id, version, secret_fingerprint) values (1, 0, null)`.execute(db);
    },
  };
}
