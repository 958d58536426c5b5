// The ingest writer on its own thread (SQLite). The main thread keeps the group commit:
// requests that arrive while the thread writes one batch go over together, as one
// message, once it is done; the thread writes each batch in one transaction on its own
// connection and answers with every outcome once it has committed. See ingest-writer.ts
// for why a thread.
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../work/threads.js';
import { GroupCommit } from './group-commit.js';
import type { UrlBankSource } from '../detect/links/bank-sources.js';
import type { IngestOutcome, IngestRequest } from './ingest-store.js';
import type { IngestWriter, WriterHooks } from './ingest-writer.js';

/** What the thread needs to open the same database and judge conversations alike. */
export interface IngestThreadConfig {
  dataDir: string;
  sqliteSynchronous: 'FULL' | 'NORMAL';
  textRulesPath: string | undefined;
  textTermLists: Record<string, string>;
  urlBanks: UrlBankSource[];
  autoActionVerifiedBanks: boolean;
  appealUrl: string;
}

export type ToThread = { kind: 'batch'; id: number; requests: IngestRequest[] } | { kind: 'close' };
export type FromThread =
  | { kind: 'ready' }
  | { kind: 'failed'; message: string }
  | { kind: 'outcomes'; id: number; outcomes: IngestOutcome[] }
  | { kind: 'log'; level: 'warn' | 'error'; message: string; detail?: unknown }
  | { kind: 'changed'; what: 'block-registry' }
  | { kind: 'closed' };

type ThreadHooks = Pick<WriterHooks, 'onBatch'> & {
  log?(level: 'warn' | 'error', message: string, detail?: unknown): void;
  /** The thread changed shared state that this thread keeps a copy of; answers wait for it. */
  changed?(what: 'block-registry'): Promise<void> | void;
};

export class ThreadedIngestWriter implements IngestWriter {
  private readonly commit: GroupCommit<IngestRequest, IngestOutcome>;
  private readonly inFlight = new Map<number, { resolve(o: IngestOutcome[]): void; reject(e: Error): void }>();
  private nextId = 1;
  private closing: Promise<void> | undefined;
  private stopped: Error | undefined;
  // Answers that follow a 'changed' message wait until this thread's copy has caught up,
  // so that a platform told "suspended" finds the block in force on its next call.
  private barrier: Promise<void> = Promise.resolve();

  private constructor(
    private readonly worker: Worker,
    private readonly hooks: ThreadHooks,
  ) {
    this.commit = new GroupCommit((batch) => this.write(batch));
    worker.on('message', (m: FromThread) => this.receive(m));
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', (code) => this.failAll(new Error(`the ingest thread stopped (exit code ${code})`)));
  }

  static async start(config: IngestThreadConfig, hooks: ThreadHooks = {}): Promise<ThreadedIngestWriter> {
    const worker = startModuleWorker(import.meta.url, 'ingest-worker', { workerData: config });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (m: FromThread) => {
        if (m.kind === 'ready') {
          worker.off('message', onMessage);
          resolve();
        } else if (m.kind === 'failed') {
          worker.off('message', onMessage);
          reject(new Error(`the ingest thread could not start: ${m.message}`));
        }
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    return new ThreadedIngestWriter(worker, hooks);
  }

  submit(request: IngestRequest): Promise<IngestOutcome> {
    if (this.closing) return Promise.reject(new Error('the ingest writer is closed'));
    return this.commit.submit(request);
  }

  flushed(): Promise<void> {
    return this.commit.flushed();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.commit.flushed();
      if (this.stopped) return;
      const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
      this.worker.postMessage({ kind: 'close' } satisfies ToThread);
      await exited;
    })();
    return this.closing;
  }

  private write(requests: IngestRequest[]): Promise<IngestOutcome[]> {
    if (this.stopped) return Promise.reject(this.stopped);
    this.hooks.onBatch?.(requests.length);
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.inFlight.set(id, { resolve, reject });
      this.worker.postMessage({ kind: 'batch', id, requests } satisfies ToThread);
    });
  }

  private receive(m: FromThread): void {
    switch (m.kind) {
      case 'outcomes': {
        const p = this.inFlight.get(m.id);
        this.inFlight.delete(m.id);
        void this.barrier.then(() => p?.resolve(m.outcomes));
        return;
      }
      case 'log':
        this.hooks.log?.(m.level, m.message, m.detail);
        return;
      case 'changed':
        this.barrier = this.barrier.then(() => this.hooks.changed?.(m.what)).catch(() => undefined);
        return;
      default:
        return;
    }
  }

  private failAll(err: Error): void {
    this.stopped ??= err;
    for (const [, p] of this.inFlight) p.reject(err);
    this.inFlight.clear();
  }
}
