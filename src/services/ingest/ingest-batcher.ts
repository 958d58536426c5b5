// Where ingested items wait to be written: requests that arrive while a batch is being
// written go together into the next one (group commit), one unit of work and one flush to
// disk for the whole batch. An item is answered only once its batch has committed.
import { GroupCommit } from '../group-commit.js';
import type { IngestBatches, IngestOutcome, IngestRequest } from './ingest-batch.js';

export interface IngestBatcherHooks {
  /** Called with the size of every batch written (for metrics). */
  onBatch?(size: number): void;
}

export class IngestBatcher {
  private readonly commit: GroupCommit<IngestRequest, IngestOutcome>;

  constructor(batches: IngestBatches, hooks: IngestBatcherHooks = {}) {
    this.commit = new GroupCommit(async (batch) => {
      hooks.onBatch?.(batch.length);
      return batches.write(batch);
    });
  }

  /** Resolves once the item is committed (or refused); never before. */
  submit(request: IngestRequest): Promise<IngestOutcome> {
    return this.commit.submit(request);
  }

  /** Resolves once everything submitted so far is written. */
  flushed(): Promise<void> {
    return this.commit.flushed();
  }

  async close(): Promise<void> {
    await this.commit.flushed();
  }
}
