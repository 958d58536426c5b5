// One way to run a unit of work atomically on either database.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Dialect } from './database.js';

export type Tx = Kysely<Database> | Transaction<Database>;

export async function inTransaction<T>(db: Kysely<Database>, dialect: Dialect, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (dialect === 'postgres') return db.transaction().execute(work);
  // SQLite: BEGIN IMMEDIATE takes the write lock up front. A plain (deferred) BEGIN that
  // reads first and writes later fails with SQLITE_BUSY, without waiting, when another
  // process (a CLI command beside the server) wrote in between.
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await work(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (err) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw err;
    }
  });
}
