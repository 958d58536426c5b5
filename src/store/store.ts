// The store: one interface over SQLite and PostgreSQL. The SQL is shared through Kysely;
// what differs between the two (transaction start, row locks, advisory locks, identity
// columns) is decided by `dialect` in transaction.ts, log-store.ts, projection.ts and the
// migrations. The conformance suite (test/store/) runs every behaviour on both.
import type { Kysely } from 'kysely';
import type { Database, Dialect } from './database.js';
import { openDatabase, type DatabaseConfig, type SqliteConnection } from './connect.js';
import { migrateToLatest } from './migrate.js';
import { inTransaction, type Tx } from './transaction.js';
import type { WalSync } from './wal-sync.js';
import { Checkpointer } from './checkpointer.js';
import { appendEvents } from './log-store.js';
import { project } from './projection.js';
import type { InTx, UnitOfWork } from './unit-of-work.js';

export type { UnitOfWork };

export const DEFAULT_PARTITIONS = 16;

/** Runs of a unit of work that PostgreSQL ended to break a deadlock or a serialisation conflict. */
const WRITE_ATTEMPTS = 4;

/** deadlock_detected, serialization_failure: the transaction did nothing, and running it again is safe. */
function isTransientConflict(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

export class Store {
  private checkpointer: Checkpointer | undefined;

  private constructor(
    readonly db: Kysely<Database>,
    readonly dialect: Dialect,
    readonly describe: string,
    readonly partitions: number,
    private readonly closeFn: () => Promise<void>,
    /** How this store was opened, so that another thread or process can open the same one. */
    readonly location: DatabaseConfig,
    private readonly sqlite: SqliteConnection | undefined,
  ) {}

  /** Opens the database, applies pending migrations and reads the log's layout. */
  static async open(config: DatabaseConfig, options: { migrate?: boolean } = {}): Promise<Store> {
    const opened = openDatabase(config);
    try {
      if (options.migrate !== false) await migrateToLatest(opened.db, opened.dialect, config.schema);
      const partitions = await ensurePartitions(opened.db, opened.dialect);
      return new Store(opened.db, opened.dialect, opened.describe, partitions, opened.close, config, opened.sqlite);
    } catch (err) {
      await opened.close().catch(() => undefined);
      throw err;
    }
  }

  /** SQLite, once startBackgroundCheckpoints() ran: the checkpoint thread's progress. */
  get checkpoints(): Checkpointer['stats'] | undefined {
    return this.checkpointer?.stats;
  }

  /** SQLite with synchronous FULL: how commits are flushed to disk (see wal-sync.ts). */
  get wal(): WalSync | undefined {
    return this.sqlite?.wal;
  }

  /**
   * SQLite, for a long-running server: checkpoints on a thread of their own instead of
   * in the middle of a commit (see checkpointer.ts). Stopped by close().
   */
  async startBackgroundCheckpoints(onError?: (message: string) => void): Promise<Checkpointer | undefined> {
    if (!this.sqlite || this.checkpointer) return this.checkpointer;
    this.checkpointer = await Checkpointer.start({ file: this.sqlite.file, ...(onError ? { onError } : {}) });
    this.leaveCheckpointsToThread();
    return this.checkpointer;
  }

  /**
   * For this connection's commits when the checkpoint thread runs: the commit-time
   * checkpoint stays only as a safety net,
   * should the thread fall behind; a log that grew large is cut back once checkpointed.
   */
  leaveCheckpointsToThread(): void {
    this.sqlite?.raw.pragma('wal_autocheckpoint = 10000');
    this.sqlite?.raw.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  }

  async close(): Promise<void> {
    await this.checkpointer?.stop();
    this.checkpointer = undefined;
    await this.closeFn();
  }

  /** Runs `work` in one transaction; resolves once it is committed (and durable, see wal-sync.ts). */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return inTransaction(this.db, this.dialect, work, this.sqlite);
  }

  private readonly memos = new Map<string, Promise<unknown>>();

  /**
   * A value derived once per store (a key from the server secret), kept with the store
   * rather than in a module, so that two stores in one process never share it. A
   * rejected promise is forgotten, so the next call tries again.
   */
  memo<T>(name: string, make: () => Promise<T>): Promise<T> {
    let value = this.memos.get(name) as Promise<T> | undefined;
    if (!value) {
      value = make();
      value.catch(() => this.memos.delete(name));
      this.memos.set(name, value);
    }
    return value;
  }

  /** Where an effect registered with onCommit that failed is reported (the composition root logs it). */
  onEffectError: (err: unknown) => void = () => {};

  /** Runs `work` as one unit of work: its events, rows and jobs commit together, then its onCommit effects run. */
  async write<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const effects: (() => void | Promise<void>)[] = [];
      let result: T;
      try {
        result = await this.transaction((raw) => {
          // The one place an InTx is made: inside the transaction this unit of work runs in.
          const tx = raw as InTx;
          return work({
            tx,
            dialect: this.dialect,
            append: async (events, options) => {
              const logged = await appendEvents(tx, this.dialect, this.partitions, events, options);
              const projected = await project(tx, this.dialect, logged);
              return { logged, projected };
            },
            onCommit: (effect) => effects.push(effect),
          });
        });
      } catch (err) {
        // A unit of work that appends twice (a post, then the decision on it) locks the heads
        // of its second append after those of its first, so two processes can each hold what
        // the other wants next; PostgreSQL ends one of them, and it runs again from the start.
        if (attempt < WRITE_ATTEMPTS && this.dialect === 'postgres' && isTransientConflict(err)) continue;
        throw err;
      }
      for (const effect of effects) {
        try {
          const done = effect();
          if (done) done.catch(this.onEffectError);
        } catch (err) {
          this.onEffectError(err);
        }
      }
      return result;
    }
  }

  async ping(): Promise<void> {
    if (this.sqlite?.wal?.failure) throw this.sqlite.wal.failure;
    await this.db.selectFrom('meta').select('key').limit(1).execute();
  }
}

async function ensurePartitions(db: Kysely<Database>, dialect: Dialect): Promise<number> {
  // Fixed once, when the log is created: changing it later would move subjects between chains.
  return inTransaction(db, dialect, async (tx) => {
    const row = await tx.selectFrom('meta').select('value').where('key', '=', 'log_partitions').executeTakeFirst();
    if (row) return Number(row.value);
    await tx
      .insertInto('meta')
      .values({ key: 'log_partitions', value: String(DEFAULT_PARTITIONS) })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const again = await tx.selectFrom('meta').select('value').where('key', '=', 'log_partitions').executeTakeFirstOrThrow();
    return Number(again.value);
  });
}
