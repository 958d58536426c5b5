// Opens the database named by the configuration: an embedded SQLite file under the data
// folder by default, or PostgreSQL when a DATABASE_URL is given.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database, Dialect } from './database.js';
import { WalSync } from './wal-sync.js';

export interface DatabaseConfig {
  /** postgres://... ; absent means SQLite in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** SQLite only: FULL survives power loss; NORMAL survives a crashed process, not a crashed machine. */
  sqliteSynchronous?: 'FULL' | 'NORMAL';
  /** PostgreSQL only: pool size. */
  poolSize?: number;
  /** PostgreSQL only: a schema to use (tests run each suite in its own). */
  schema?: string;
  /** The server secret as configured (base64); without it, keys/server.key in `dataDir` (server-secret.ts). */
  serverSecret?: string | undefined;
}

/** The SQLite connection under Kysely, for transactions and the hot bulk paths. */
export interface SqliteConnection {
  file: string;
  raw: SQLite.Database;
  /** A prepared statement for this SQL text, kept for the next time. */
  statement(text: string): SQLite.Statement;
  /** Present when commits must survive power loss (synchronous FULL): see wal-sync.ts. */
  wal: WalSync | undefined;
}

export interface OpenDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  sqlite?: SqliteConnection;
  /** Human description without credentials, for logs. */
  describe: string;
  close(): Promise<void>;
}

// pg returns int8 as strings to be safe beyond 2^53; our int8 columns (sequence numbers,
// sizes) stay far below that, and numbers keep both dialects alike.
pg.types.setTypeParser(20, (v) => Number(v));

export function openDatabase(config: DatabaseConfig): OpenDatabase {
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: config.poolSize ?? 10,
      ...(config.schema ? { options: `-c search_path=${config.schema}` } : {}),
    });
    // A connection that the server closes (a restart, a failover, an administrator's
    // pg_terminate_backend) is reported as an 'error' event: on the pool while the connection is
    // idle, on the connection itself while a transaction holds it between two statements.
    // Unheard, either ends the whole process. pg drops the broken connection and the next query
    // opens a new one; what was under way fails with the error, which the caller answers as 503.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => void client.on('error', () => undefined));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      dialect: 'postgres',
      describe: `postgres://${url.hostname}:${url.port || 5432}${url.pathname}${config.schema ? ` (schema ${config.schema})` : ''}`,
      close: () => db.destroy(),
    };
  }
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, 'vigie.sqlite');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  const synchronous = config.sqliteSynchronous ?? 'FULL';
  // Statements outside a transaction commit with this; transactions flush the log
  // themselves (transaction.ts, wal-sync.ts).
  sqlite.pragma(`synchronous = ${synchronous}`);
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('foreign_keys = ON');
  const statements = statementCache(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: { close: () => sqlite.close(), prepare: statements } }) });
  const wal = synchronous === 'FULL' ? new WalSync(`${file}-wal`) : undefined;
  return {
    db,
    dialect: 'sqlite',
    sqlite: { file, raw: sqlite, statement: statements, wal },
    describe: `sqlite ${file}`,
    close: async () => {
      await db.destroy();
      await wal?.close();
    },
  };
}

/**
 * Kysely prepares every query anew; for SQLite, preparing costs more than running a
 * small statement. Hot paths issue the same SQL text again and again (single-row
 * inserts, lookups by key), so prepared statements are kept by their text.
 */
function statementCache(sqlite: SQLite.Database): (text: string) => SQLite.Statement {
  const cache = new Map<string, SQLite.Statement>();
  return (text) => {
    let stmt = cache.get(text);
    if (!stmt) {
      stmt = sqlite.prepare(text);
      // Queries with varying IN lists would grow the cache without bound.
      if (cache.size >= 1000) cache.clear();
      cache.set(text, stmt);
    }
    return stmt;
  };
}
