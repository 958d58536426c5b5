// The ingest writer on its own thread (SQLite): requests go over as plain data, the
// thread runs the group commit on its own connection, and each answer comes back once
// its transaction has committed. See ingest-writer.ts for why.
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../work/threads.js';
import type { IngestOutcome, IngestRequest } from './ingest-store.js';
import type { IngestWriter, WriterHooks } from './ingest-writer.js';

/** What the thread needs to open the same database and judge conversations alike. */
export interface IngestThreadConfig {
  dataDir: string;
  sqliteSynchronous: 'FULL' | 'NORMAL';
  textRulesPath: string | undefined;
  textTermLists: Record<string, string>;
  autoActionVerifiedBanks: boolean;
  appealUrl: string;
}

export type ToThread = { kind: 'submit'; id: number; request: IngestRequest } | { kind: 'close' };
export type FromThread =
  | { kind: 'ready' }
  | { kind: 'failed'; message: string }
  | { kind: 'outcome'; id: number; outcome: IngestOutcome }
  | { kind: 'batch'; size: number }
  | { kind: 'log'; level: 'warn' | 'error'; message: string; detail?: unknown }
  | { kind: 'changed'; what: 'block-registry' }
  | { kind: 'closed' };

export class ThreadedIngestWriter implements IngestWriter {
  private readonly pending = new Map<number, { resolve(o: IngestOutcome): void; reject(e: Error): void }>();
  private nextId = 1;
  private closing: Promise<void> | undefined;
  private idle: (() => void)[] = [];
  // Answers that follow a 'changed' message wait until this thread's copy has caught up,
  // so that a platform told "suspended" finds the block in force on its next call.
  private barrier: Promise<void> = Promise.resolve();

  private constructor(
    private readonly worker: Worker,
    private readonly hooks: WriterHooks & {
      log?(level: 'warn' | 'error', message: string, detail?: unknown): void;
      /** The thread changed shared state that this thread keeps a copy of; answers wait for it. */
      changed?(what: 'block-registry'): Promise<void> | void;
    },
  ) {
    worker.on('message', (m: FromThread) => this.receive(m));
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', (code) => this.failAll(new Error(`the ingest thread stopped (exit code ${code})`)));
  }

  static async start(config: IngestThreadConfig, hooks: ThreadedIngestWriter['hooks'] = {}): Promise<ThreadedIngestWriter> {
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
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ kind: 'submit', id, request } satisfies ToThread);
    });
  }

  flushed(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.flushed();
      const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
      this.worker.postMessage({ kind: 'close' } satisfies ToThread);
      await exited;
    })();
    return this.closing;
  }

  private receive(m: FromThread): void {
    switch (m.kind) {
      case 'outcome': {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        void this.barrier.then(() => {
          p?.resolve(m.outcome);
          if (this.pending.size === 0) for (const done of this.idle.splice(0)) done();
        });
        return;
      }
      case 'batch':
        this.hooks.onBatch?.(m.size);
        return;
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
    for (const [, p] of this.pending) p.reject(err);
    this.pending.clear();
    for (const done of this.idle.splice(0)) done();
  }
}
