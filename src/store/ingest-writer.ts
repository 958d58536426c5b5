// Where ingested items are written. In process, a group commit runs the batches on this
// thread; for SQLite the batches run on a thread of their own (ingest-thread.ts), because
// better-sqlite3 works synchronously: a commit (and its fsync) on the main thread would
// stop every request while it lasts. PostgreSQL's driver is asynchronous, so in process
// is right for it.
import { GroupCommit } from './group-commit.js';
import { ingestBatch, type IngestDeps, type IngestOutcome, type IngestRequest } from './ingest-store.js';
import type { Store } from './store.js';

export interface IngestWriter {
  /** Resolves once the item is committed (or refused); never before. */
  submit(request: IngestRequest): Promise<IngestOutcome>;
  /** Resolves once everything submitted so far is written. */
  flushed(): Promise<void>;
  close(): Promise<void>;
}

export interface WriterHooks {
  /** Called with the size of every batch written (for metrics). */
  onBatch?(size: number): void;
  /** Called once a batch has committed. */
  afterBatch?(): void;
}

export class InProcessIngestWriter implements IngestWriter {
  private readonly commit: GroupCommit<IngestRequest, IngestOutcome>;

  constructor(store: Store, deps: IngestDeps, hooks: WriterHooks = {}) {
    this.commit = new GroupCommit(async (batch) => {
      hooks.onBatch?.(batch.length);
      const outcomes = await ingestBatch(store, batch, deps);
      hooks.afterBatch?.();
      return outcomes;
    });
  }

  submit(request: IngestRequest): Promise<IngestOutcome> {
    return this.commit.submit(request);
  }

  flushed(): Promise<void> {
    return this.commit.flushed();
  }

  async close(): Promise<void> {
    await this.commit.flushed();
  }
}
