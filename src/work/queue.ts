// The job queue's contract, written so that the database queue (store/job-store.ts) and a
// later NATS JetStream queue are interchangeable behind it: callers enqueue and handlers run
// without knowing which one carries the work.
//
// How each concept maps onto JetStream (a stream `VIGIE_JOBS` on subjects `vigie.jobs.<kind>`,
// one durable pull consumer shared by every worker process):
// - enqueue            → publish to `vigie.jobs.<kind>` and wait for the publish ack (the ack
//                        means the stream has stored it, the same promise as a committed row).
// - dedupeKey          → the `Nats-Msg-Id` header. JetStream forgets ids after the stream's
//                        duplicate window; the database remembers a key as long as the row is
//                        kept. Either way handlers stay idempotent (see docs/background-work.md).
// - runAt in the future → a message schedule (`Nats-Schedule: @at ...`, nats-server 2.12+ on
//                        a stream allowing schedules), or a first delivery that `nak`s itself
//                        with the remaining delay.
// - enqueueIn(tx)      → JetStream cannot join a SQL transaction, so the jobs table stays the
//                        outbox: the row commits with the events that caused it and a relay
//                        publishes it with `Nats-Msg-Id` = the row id, so a relay that crashes
//                        after publishing and before marking the row cannot publish it twice.
// - claim + lease      → consumer fetch; the lease is the consumer's AckWait. A worker that
//                        dies without answering is redelivered after AckWait, as an expired
//                        lease is reclaimed here.
// - attempt            → the delivery count in the message metadata.
// - complete           → ack.
// - fail (retry)       → nak with a delay from work/backoff.ts (the same policy).
// - maxAttempts        → the consumer's MaxDeliver, checked by the worker as well so that a
//                        per-job limit below it still holds.
// - dead / bury        → publish to a dead-letter stream (`vigie.jobs.dead.<kind>`), then term,
//                        so that listDead and retryDead read and republish from that stream.
// - stats              → stream and consumer info (pending, ack pending, dead stream size).
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
  /** Jobs of the outbox that were handed over; `stats` of the carrier counts the rest. */
  stats(): Promise<JobStats>;
}
