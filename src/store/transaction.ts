// One way to run a unit of work atomically on either database.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Dialect } from './database.js';
import type { SqliteConnection } from './connect.js';

export type Tx = Kysely<Database> | Transaction<Database>;

// The SQLite connection behind a transaction's Tx, while the transaction lasts. The hot
// bulk paths (bulk.ts) run their cached statements on it directly: inside the
// transaction Kysely holds the only connection for us, and going through Kysely's
// executor for each row of a batch costs more than SQLite's own work.
const sqliteOfTx = new WeakMap<object, SqliteConnection>();

/** The SQLite connection of a transaction opened by inTransaction, if it is one. */
export function sqliteOf(tx: Tx): SqliteConnection | undefined {
  return sqliteOfTx.get(tx);
}

export async function inTransaction<T>(db: Kysely<Database>, dialect: Dialect, work: (tx: Tx) => Promise<T>, sqlite?: SqliteConnection): Promise<T> {
  if (dialect === 'postgres') return db.transaction().execute(work);
  let commit = 0;
  // SQLite: BEGIN IMMEDIATE takes the write lock up front. A plain (deferred) BEGIN that
  // reads first and writes later fails with SQLITE_BUSY, without waiting, when another
  // process (a CLI command beside the server) wrote in between.
  const result = await db.connection().execute(async (conn) => {
    if (!sqlite) return plainTransaction(conn, work);
    const wal = sqlite.wal;
    try {
      // See wal-sync.ts: the commit leaves the flush to the thread pool, awaited below.
      if (wal) sqlite.statement('pragma synchronous = NORMAL').run();
      sqlite.statement('begin immediate').run();
      sqliteOfTx.set(conn, sqlite);
      const out = await work(conn);
      sqlite.statement('commit').run();
      if (wal) commit = wal.committed();
      return out;
    } catch (err) {
      if (sqlite.raw.inTransaction) sqlite.raw.exec('rollback');
      throw err;
    } finally {
      sqliteOfTx.delete(conn);
      if (wal) sqlite.statement('pragma synchronous = FULL').run();
    }
  });
  // Outside the connection: the next transaction may run while this one's log is flushed.
  if (commit > 0) await sqlite!.wal!.durable(commit);
  return result;
}

async function plainTransaction<T>(conn: Kysely<Database>, work: (tx: Tx) => Promise<T>): Promise<T> {
  await sql`begin immediate`.execute(conn);
  try {
    const result = await work(conn);
    await sql`commit`.execute(conn);
    return result;
  } catch (err) {
    await sql`rollback`.execute(conn).catch(() => undefined);
    throw err;
  }
}
