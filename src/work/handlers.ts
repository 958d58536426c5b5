// The handler registry: which function runs a job of which kind, and under what limits.
import { assertKind } from './job-input.js';
import type { ClaimedJob } from './queue.js';

export interface JobContext {
  job: ClaimedJob;
  /**
   * The same on every delivery of this job: send it to external services as their
   * idempotency key (webhook delivery id, request id), so a repeated delivery repeats nothing.
   */
  idempotencyKey: string;
  /** Aborted when the handler runs out of time; pass it to fetch and database calls. */
  signal: AbortSignal;
}

export type JobHandler<P> = (payload: P, ctx: JobContext) => Promise<void>;

export interface HandlerOptions<P> {
  /**
   * Checks the stored payload before the handler sees it (a zod schema's `parse` fits). A
   * payload it rejects goes dead at once: retrying the same bytes cannot succeed.
   */
  parse?: (payload: unknown) => P;
  /** Longest a run may take before it counts as failed; default the worker's. */
  timeoutMs?: number;
}

export interface RegisteredHandler {
  kind: string;
  run: (payload: unknown, ctx: JobContext) => Promise<void>;
  parse: ((payload: unknown) => unknown) | undefined;
  timeoutMs: number | undefined;
}

/** Thrown by a handler when retrying cannot help (the far side refused the request for good). */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

export class JobTimeoutError extends Error {
  override readonly name = 'JobTimeoutError';
}

export function idempotencyKeyOf(job: ClaimedJob): string {
  return job.dedupeKey ?? `vigie-job-${job.id}`;
}

export class HandlerRegistry {
  private readonly byKind = new Map<string, RegisteredHandler>();

  register<P = unknown>(kind: string, handler: JobHandler<P>, options: HandlerOptions<P> = {}): this {
    assertKind(kind);
    if (this.byKind.has(kind)) throw new Error(`a handler for job kind "${kind}" is already registered`);
    if (options.timeoutMs !== undefined && !(options.timeoutMs > 0)) throw new RangeError(`job kind ${kind}: timeoutMs must be positive`);
    this.byKind.set(kind, {
      kind,
      // The registry is keyed by a string, so the payload's type is only as good as `parse`.
      run: handler as (payload: unknown, ctx: JobContext) => Promise<void>,
      parse: options.parse,
      timeoutMs: options.timeoutMs,
    });
    return this;
  }

  get(kind: string): RegisteredHandler | undefined {
    return this.byKind.get(kind);
  }

  kinds(): string[] {
    return [...this.byKind.keys()].sort();
  }
}
