// The worker: takes due jobs from a JobSource and runs their handlers, up to `concurrency` at
// once. It holds nothing that matters in memory: every job it has claimed is leased in the
// queue, so if this process dies the lease runs out and another worker runs the job again.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { HandlerRegistry, JobTimeoutError, PermanentJobError, idempotencyKeyOf, type RegisteredHandler } from './handlers.js';
import type { ClaimedJob, JobBackend, JobSource } from './queue.js';

export interface WorkLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Waits between attempts to settle a job while its queue is unreachable: about 15 s in all, well within a lease. */
const SETTLE_RETRY_MS = [500, 1_000, 2_000, 4_000, 8_000];

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** done: completed; retry/dead: failed; lost: our lease had passed to another delivery; unsettled: the queue could not be told. */
export type JobOutcome = 'done' | 'retry' | 'dead' | 'lost' | 'unsettled';

export interface JobReport {
  job: ClaimedJob;
  outcome: JobOutcome;
  error: string | undefined;
  durationMs: number;
}

export interface WorkerOptions {
  /** Names this worker's leases in the queue; default host:pid:random. */
  workerId?: string;
  /** Handlers running at once. */
  concurrency?: number;
  /** Longest wait between polls when nothing wakes the worker. */
  pollIntervalMs?: number;
  /** How long a claimed job is ours; must exceed every handler's timeout. */
  leaseMs?: number;
  /** Timeout for handlers registered without one; default 60 s, or less to fit a short lease. */
  defaultTimeoutMs?: number;
  now?: () => Date;
  timers?: Timers;
  logger?: WorkLogger | undefined;
  /** Called after each job is settled (metrics, tests). */
  onSettled?: (report: JobReport) => void;
}

export const WORKER_DEFAULTS = { concurrency: 4, pollIntervalMs: 1_000, leaseMs: 5 * 60_000, defaultTimeoutMs: 60_000 } as const;
// Time kept between a handler's timeout and its lease's end, for the worker to record the failure.
const LEASE_MARGIN_MS = 1_000;
const MAX_ERROR_PAUSE_MS = 30_000;

export class Worker {
  readonly id: string;
  private readonly concurrency: number;
  private readonly pollIntervalMs: number;
  private readonly leaseMs: number;
  private readonly defaultTimeoutMs: number;
  private readonly now: () => Date;
  private readonly timers: Timers;
  private readonly running = new Set<Promise<void>>();
  private reserved = 0;
  private stopping = false;
  private loopDone: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;
  private wakePending = false;
  private endPause: (() => void) | undefined;

  constructor(
    private readonly source: JobSource,
    private readonly handlers: HandlerRegistry,
    private readonly options: WorkerOptions = {},
  ) {
    this.id = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.concurrency = options.concurrency ?? WORKER_DEFAULTS.concurrency;
    this.pollIntervalMs = options.pollIntervalMs ?? WORKER_DEFAULTS.pollIntervalMs;
    this.leaseMs = options.leaseMs ?? WORKER_DEFAULTS.leaseMs;
    this.now = options.now ?? (() => new Date());
    this.timers = options.timers ?? realTimers;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) throw new RangeError('concurrency must be a whole number >= 1');
    if (!(this.pollIntervalMs > 0)) throw new RangeError('pollIntervalMs must be positive');
    if (!(this.leaseMs > LEASE_MARGIN_MS)) throw new RangeError(`leaseMs must exceed ${LEASE_MARGIN_MS}`);
    // A handler still running when its lease ends may be run a second time beside itself, so
    // a timeout that reaches the lease's end is a configuration mistake, refused up front.
    const longest = this.leaseMs - LEASE_MARGIN_MS;
    const explicit: [string, number | undefined][] = [
      ['(default)', options.defaultTimeoutMs],
      ...handlers.kinds().map((k): [string, number | undefined] => [k, handlers.get(k)!.timeoutMs]),
    ];
    for (const [kind, timeout] of explicit) {
      if (timeout !== undefined && timeout > longest) {
        throw new RangeError(`job kind ${kind}: timeout ${timeout} ms leaves under ${LEASE_MARGIN_MS} ms of a ${this.leaseMs} ms lease`);
      }
    }
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? Math.min(WORKER_DEFAULTS.defaultTimeoutMs, longest);
  }

  /** Starts polling; enqueues in this process wake it at once. */
  start(): this {
    if (this.loopDone) throw new Error(`worker ${this.id} is already started`);
    this.unsubscribe = this.source.onEnqueue(() => this.wake());
    this.loopDone = this.loop();
    return this;
  }

  /** Makes a sleeping worker poll now (after an enqueue, or after the clock was moved in a test). */
  wake(): void {
    this.wakePending = true;
    this.endPause?.();
  }

  /** Claims as many due jobs as there are free slots and starts them; returns how many. */
  async runOnce(): Promise<number> {
    if (this.stopping) return 0;
    const free = this.concurrency - this.running.size - this.reserved;
    if (free <= 0) return 0;
    this.reserved += free;
    let jobs: ClaimedJob[];
    try {
      jobs = await this.source.claim(this.id, free, this.leaseMs);
    } finally {
      this.reserved -= free;
    }
    for (const job of jobs) {
      const run: Promise<void> = this.run(job).finally(() => {
        this.running.delete(run);
        this.wake();
      });
      this.running.add(run);
    }
    return jobs.length;
  }

  /** Resolves once no handler is running. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** Stops claiming, then waits for the handlers already running (each is bounded by its timeout). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.endPause?.();
    await this.loopDone;
    await this.idle();
  }

  get busy(): number {
    return this.running.size;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      this.wakePending = false;
      const free = this.concurrency - this.running.size;
      let claimed = 0;
      if (free > 0) {
        try {
          claimed = await this.runOnce();
          failures = 0;
        } catch (err) {
          failures++;
          this.options.logger?.error({ err, worker: this.id }, 'claiming jobs failed; retrying');
        }
      }
      if (this.stopping) break;
      // A full batch suggests more are due: go again as soon as a slot frees.
      if (free > 0 && claimed === free) continue;
      const pause = failures > 0 ? Math.min(this.pollIntervalMs * 2 ** Math.min(failures, 10), MAX_ERROR_PAUSE_MS) : this.pollIntervalMs;
      await this.pause(pause);
    }
  }

  private pause(ms: number): Promise<void> {
    if (this.wakePending || this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.timers.clearTimeout(handle);
        this.endPause = undefined;
        resolve();
      };
      const handle = this.timers.setTimeout(done, ms);
      this.endPause = done;
    });
  }

  private async run(job: ClaimedJob): Promise<void> {
    const started = this.now().getTime();
    let outcome: JobOutcome;
    let error: string | undefined;
    try {
      const handler = this.handlers.get(job.kind);
      if (!handler) {
        error = `no handler for job kind "${job.kind}" on worker ${this.id} (it handles: ${this.handlers.kinds().join(', ') || 'nothing'})`;
        const why = error;
        outcome = (await this.settle(() => this.source.bury(job, why))) ? 'dead' : 'lost';
      } else {
        const failure = await this.invoke(handler, job);
        if (failure === undefined) outcome = (await this.settle(() => this.source.complete(job))) ? 'done' : 'lost';
        else {
          const why = describe(failure);
          error = why;
          if (failure instanceof PermanentJobError) outcome = (await this.settle(() => this.source.bury(job, why))) ? 'dead' : 'lost';
          else outcome = await this.settle(() => this.source.fail(job, why));
        }
      }
    } catch (err) {
      // The queue stayed unreachable: the lease will run out and the job will be delivered again.
      outcome = 'unsettled';
      error = describe(err);
    }
    const report: JobReport = { job, outcome, error, durationMs: this.now().getTime() - started };
    this.log(report);
    try {
      this.options.onSettled?.(report);
    } catch (err) {
      this.options.logger?.error({ err, job: job.id }, 'onSettled threw');
    }
  }

  /** Runs the handler; returns what went wrong, or undefined. */
  /**
   * Tells the queue how the job ended, trying again for a few seconds while the queue cannot be
   * reached (a database restart, a NATS reconnect): the handler's work is done, and waiting for
   * the whole lease to run it again would delay its effect by minutes.
   */
  private async settle<T>(tell: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await tell();
      } catch (err) {
        const wait = SETTLE_RETRY_MS[attempt];
        if (wait === undefined || this.stopping) throw err;
        await new Promise<void>((resolve) => this.timers.setTimeout(resolve, wait));
      }
    }
  }

  private async invoke(handler: RegisteredHandler, job: ClaimedJob): Promise<unknown> {
    let payload: unknown;
    try {
      payload = handler.parse ? handler.parse(job.payload) : job.payload;
    } catch (err) {
      return new PermanentJobError(`payload rejected: ${describe(err)}`);
    }
    const timeoutMs = this.timeoutOf(handler);
    const controller = new AbortController();
    let timer: unknown;
    const timedOut = new Promise<never>((_, reject) => {
      timer = this.timers.setTimeout(() => {
        const err = new JobTimeoutError(`handler for ${job.kind} did not finish within ${timeoutMs} ms`);
        controller.abort(err);
        reject(err);
      }, timeoutMs);
    });
    try {
      const ctx = { job, idempotencyKey: idempotencyKeyOf(job), signal: controller.signal };
      // Through `then` so that a handler which throws before returning a promise is caught too.
      await Promise.race([Promise.resolve().then(() => handler.run(payload, ctx)), timedOut]);
      return undefined;
    } catch (err) {
      return err ?? new Error('handler rejected without a reason');
    } finally {
      this.timers.clearTimeout(timer);
    }
  }

  private timeoutOf(handler: RegisteredHandler): number {
    // Handlers registered after start were not checked against the lease; they are held to it here.
    return Math.min(handler.timeoutMs ?? this.defaultTimeoutMs, this.leaseMs - LEASE_MARGIN_MS);
  }

  private log(report: JobReport): void {
    const logger = this.options.logger;
    if (!logger) return;
    const fields = { job: report.job.id, kind: report.job.kind, attempt: report.job.attempt, outcome: report.outcome, ms: report.durationMs, worker: this.id };
    if (report.outcome === 'done') logger.info(fields, 'job done');
    else if (report.outcome === 'retry') logger.warn({ ...fields, error: report.error }, 'job failed; will retry');
    else if (report.outcome === 'dead') logger.error({ ...fields, error: report.error }, 'job is dead');
    else
      logger.warn(
        { ...fields, error: report.error },
        report.outcome === 'lost' ? 'job lease was lost before it settled' : 'job could not be settled; its lease will expire',
      );
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.name && err.name !== 'Error' ? `${err.name}: ${err.message}` : err.message;
  return String(err);
}

export interface Workers {
  worker: Worker;
  /** Stops claiming and waits for running handlers; call before closing the store. */
  stop(): Promise<void>;
}

/** What the worker role runs: one worker taking jobs from `queue` and running `handlers`. */
export function startWorkers(queue: JobBackend, handlers: HandlerRegistry, options: WorkerOptions = {}): Workers {
  const worker = new Worker(queue, handlers, options).start();
  return { worker, stop: () => worker.stop() };
}
