// Background checkpoints for SQLite. A checkpoint copies the write-ahead log back into
// the database file and flushes both; left to SQLite, the connection that commits when
// the log passes 1,000 pages runs it, which for vigie is the event loop: every request
// in flight waited several milliseconds each time, many times a second under ingest.
// Here a thread with a connection of its own runs passive checkpoints (they never wait
// for, nor block, the writer) every `intervalMs`; the writer's own automatic checkpoint
// stays as a safety net, at a higher threshold, should this thread fall behind.
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../work/threads.js';

export interface CheckpointerOptions {
  /** The SQLite database file. */
  file: string;
  intervalMs?: number;
  onError?(message: string): void;
}

export type FromCheckpointer =
  | { kind: 'ready' }
  /** Frames in the log, and how many of them are now in the database file. */
  | { kind: 'checkpointed'; log: number; checkpointed: number }
  | { kind: 'error'; message: string };

export class Checkpointer {
  private runs = 0;
  private last = { log: 0, checkpointed: 0 };
  private stopping = false;
  private readonly exited: Promise<void>;

  private constructor(private readonly worker: Worker) {
    this.exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  }

  static async start(options: CheckpointerOptions): Promise<Checkpointer> {
    const worker = startModuleWorker(import.meta.url, 'checkpoint-worker', { workerData: { file: options.file, intervalMs: options.intervalMs ?? 100 } });
    const checkpointer = new Checkpointer(worker);
    // Once started, a failure of the thread is reported, never thrown: the writer's own
    // checkpoint (the safety net) still keeps the log from growing without end.
    let started = false;
    worker.on('error', (err) => {
      if (started) options.onError?.(`the checkpoint thread failed: ${err.message}`);
    });
    worker.on('exit', (code) => {
      if (started && !checkpointer.stopping) options.onError?.(`the checkpoint thread stopped (exit code ${code}); SQLite checkpoints at commit from now on`);
    });
    await new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.on('message', (m: FromCheckpointer) => {
        if (m.kind === 'ready') resolve();
        else if (m.kind === 'checkpointed') {
          checkpointer.runs++;
          checkpointer.last = { log: m.log, checkpointed: m.checkpointed };
        } else if (m.kind === 'error') options.onError?.(m.message);
      });
    });
    started = true;
    // Not a reason to keep the process alive.
    worker.unref();
    return checkpointer;
  }

  /** Checkpoints that copied frames, and the last one's counts (for tests and metrics). */
  get stats(): { runs: number; log: number; checkpointed: number } {
    return { runs: this.runs, ...this.last };
  }

  async stop(): Promise<void> {
    this.stopping = true;
    // Kept alive until it has closed its connection (a thread that died already is done).
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.exited;
  }
}
