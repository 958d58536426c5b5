// Durable commits for SQLite without stopping the event loop. better-sqlite3 runs on the
// calling thread, so with synchronous=FULL every commit waits for the disk (an fsync of
// the write-ahead log) while no request is read or answered. Instead, transactions
// commit with synchronous=NORMAL (the log is written, not yet flushed) and the caller
// then waits here while the log file is flushed on libuv's thread pool. Nothing is
// answered before that flush returns, so an acknowledged write survives power loss just
// as with FULL; meanwhile the event loop goes on parsing and checking the next requests.
// One flush covers every commit made before it started, so concurrent writers share it.
//
// Checkpoints need nothing from here: SQLite flushes the log before copying it into the
// database file and flushes the database file after, whatever the synchronous setting.
import { open, type FileHandle } from 'node:fs/promises';

export type FlushFile = (path: string) => Promise<void>;

/**
 * fdatasync of the log through one descriptor kept open: the log file lives as long as a
 * connection is open (SQLite truncates and rewrites it in place, never replaces it), and
 * Linux flushes a file's data whichever descriptor wrote it. Opening it for every flush
 * would cost two more trips to the thread pool each time.
 */
function keptOpen(): { flush: FlushFile; close(): Promise<void> } {
  let handle: Promise<FileHandle> | undefined;
  return {
    async flush(path) {
      handle ??= open(path, 'r');
      let file: FileHandle;
      try {
        file = await handle;
      } catch (err) {
        handle = undefined;
        throw err;
      }
      await file.datasync();
    },
    async close() {
      const file = await handle?.catch(() => undefined);
      handle = undefined;
      await file?.close();
    },
  };
}

export class WalSync {
  private commits = 0;
  private durableThrough = 0;
  private flushing: Promise<void> | undefined;
  private broken: Error | undefined;
  private flushCount = 0;

  private readonly flush: FlushFile;
  private readonly release: () => Promise<void>;

  constructor(
    readonly walPath: string,
    flush?: FlushFile,
  ) {
    const own = flush ? undefined : keptOpen();
    this.flush = flush ?? own!.flush;
    this.release = own ? () => own.close() : async () => {};
  }

  /** Closes the log file's descriptor (the store is closing; every write has been awaited). */
  close(): Promise<void> {
    return this.release();
  }

  /** Called right after a commit; the number to wait for. */
  committed(): number {
    return ++this.commits;
  }

  /** Resolves once commit `n` (and every commit before it) is on disk. */
  async durable(n: number): Promise<void> {
    while (this.durableThrough < n) {
      if (this.broken) throw this.broken;
      // A flush already under way may have started before commit n: wait for it, then
      // start the next one if it did not cover n.
      this.flushing ??= this.flushOnce().finally(() => {
        this.flushing = undefined;
      });
      await this.flushing;
    }
  }

  /** The highest commit known to be on disk (for tests and metrics). */
  get flushedThrough(): number {
    return this.durableThrough;
  }

  /** Commits and flushes so far (for metrics: their ratio is how many commits a flush serves). */
  get counts(): { commits: number; flushes: number } {
    return { commits: this.commits, flushes: this.flushCount };
  }

  /**
   * Set once a flush has failed. After a failed fsync the kernel may have dropped the
   * unwritten pages and a later fsync can succeed without them, so nothing is acknowledged
   * any more (fail-stop, as PostgreSQL does): the operator restarts vigie, SQLite
   * recovers from what is on disk, and platforms resend what was never acknowledged.
   */
  get failure(): Error | undefined {
    return this.broken;
  }

  private async flushOnce(): Promise<void> {
    const target = this.commits;
    try {
      await this.flush(this.walPath);
    } catch (err) {
      this.broken ??= new Error(`the write-ahead log could not be flushed to disk (${err instanceof Error ? err.message : String(err)}); restart vigie`);
      throw this.broken;
    }
    this.flushCount++;
    if (target > this.durableThrough) this.durableThrough = target;
  }
}
