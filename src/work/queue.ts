// The job queue's contract, shared by the database queue (store/job-store.ts) and the NATS
// JetStream queue (work/jetstream-queue.ts): callers enqueue and handlers run without knowing
// which one carries the work. How each concept maps onto JetStream is in
// docs/background-work.md; in short, the jobs table stays the outbox (JetStream cannot join a
// SQL transaction), a relay publishes committed rows under their row id as message id, a
// durable pull consumer's AckWait is the lease, nak with the backoff delay is a retry, and
// dead jobs go to a dead-letter stream.
import type { UnitOfWork } from '../store/unit-of-work.js';
import type { JsonValue } from '../moderation/events.js';

export type { JsonValue };

export type JobStatus = 'queued' | 'running' | 'done' | 'dead';
export const JOB_STATUSES: readonly JobStatus[] = ['queued', 'running', 'done', 'dead'];

export interface EnqueueOptions {
  /**
   * A second enqueue with the same key is a no-op that returns the first job, whatever its
   * status. Prefix it with the kind (`webhook.deliver:<delivery id>`), since keys are global.
   */
  dedupeKey?: string | undefined;
  /** Not before this time (ISO-8601 or Date); default now. */
  runAt?: string | Date | undefined;
  /** Attempts before the job goes dead; default from the queue's configuration. */
  maxAttempts?: number | undefined;
}

/** A job as an admin or a caller sees it. Ids are strings so that a JetStream queue can use its own. */
export interface Job {
  id: string;
  kind: string;
  payload: JsonValue;
  dedupeKey: string | null;
  status: JobStatus;
  /** Deliveries so far, counting the one in progress. */
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lockedBy: string | null;
  lockedUntil: string | null;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface Enqueued {
  job: Job;
  /** false when the dedupe key matched an existing job, which is returned instead. */
  created: boolean;
}

/** The producer side. */
export interface JobQueue {
  /** Resolves once the job is durable: after this, a crash does not lose it. */
  enqueue(kind: string, payload: JsonValue, options?: EnqueueOptions): Promise<Enqueued>;
  /**
   * Enqueues inside the caller's unit of work, so the job exists if and only if it commits
   * (the outbox: an action and its follow-up are never one without the other); workers in
   * this process are woken once it has.
   */
  enqueueIn(uow: UnitOfWork, kind: string, payload: JsonValue, options?: EnqueueOptions): Promise<Enqueued>;
}

/** One delivery of a job to one worker. */
export interface ClaimedJob {
  id: string;
  kind: string;
  payload: JsonValue;
  dedupeKey: string | null;
  /** This delivery's number, from 1. */
  attempt: number;
  maxAttempts: number;
  createdAt: string;
  claimedBy: string;
  leaseUntil: string;
}

export type FailOutcome = 'retry' | 'dead' | 'lost';

/**
 * The consumer side. Every answer names the delivery it settles: a delivery whose lease
 * expired and was handed to another worker is "lost", and its late answer changes nothing.
 */
export interface JobSource {
  /** Hands out up to `max` due jobs, each leased to `workerId` for `leaseMs`. */
  claim(workerId: string, max: number, leaseMs: number): Promise<ClaimedJob[]>;
  /** true if this delivery still held the lease and the job is now done. */
  complete(job: ClaimedJob): Promise<boolean>;
  /** Schedules a retry with backoff, or sends the job dead once its attempts are spent. */
  fail(job: ClaimedJob, error: string): Promise<FailOutcome>;
  /** Sends the job dead now, without retrying: retrying cannot help (unknown kind, bad payload). */
  bury(job: ClaimedJob, error: string): Promise<boolean>;
  /** Called after a job is enqueued in this process, so idle workers need not wait for their next poll. */
  onEnqueue(listener: () => void): () => void;
}

/** What an admin needs: the dead-letter list and counts. */
export interface JobAdmin {
  listDead(options?: { limit?: number; kind?: string }): Promise<Job[]>;
  /** Puts a dead job back in the queue with a fresh set of attempts; undefined if it is not dead. */
  retryDead(id: string): Promise<Job | undefined>;
  stats(): Promise<JobStats>;
}

export interface JobStats {
  counts: Record<JobStatus, number>;
  /** Queued jobs whose time has come: a number that keeps growing means workers are behind. */
  due: number;
  /** run_at of the oldest due job, or null. */
  oldestDueAt: string | null;
}

export type JobBackend = JobQueue & JobSource & JobAdmin;

/**
 * The database queue as the outbox of another carrier (JetStream): a relay claims committed
 * jobs, hands them over, completes them, and puts back those it could not hand over.
 */
export interface JobOutbox extends JobQueue, JobSource {
  /** Puts a claimed job back, due after `delayMs`, without counting the attempt; false if the lease was lost. */
  release(job: ClaimedJob, delayMs: number): Promise<boolean>;
  /**
   * Records that a claimed job was handed to `carrier`: it stays `running` (so what reads the
   * table, such as a webhook delivery's status, sees it on its way) with no lease to expire.
   */
  handOver(job: ClaimedJob, carrier: string): Promise<boolean>;
  /** Records what became of a job the carrier holds: done, dead (with its error), or running again (re-queued). */
  recordCarried(id: string, carrier: string, status: 'running' | 'done' | 'dead', error?: string): Promise<boolean>;
  stats(): Promise<JobStats>;
}
