// The durable job queue on the database (the `jobs` table). A job is a row: enqueueing
// commits it, claiming leases it to one worker, and the lease, not the worker's memory, is
// what decides who holds it, so a worker that dies simply lets its lease run out.
//
// Concurrency: on PostgreSQL a claim locks the rows it picks with FOR UPDATE SKIP LOCKED, so
// any number of workers in any number of processes take disjoint jobs without waiting for each
// other. On SQLite there is one writer at a time and a claim is one BEGIN IMMEDIATE transaction.
// Every settling write names the delivery (worker and attempt number), so a worker whose lease
// expired and was taken over cannot overwrite the newer delivery's outcome.
import { sql, type ExpressionBuilder, type Selectable } from 'kysely';
import type { Store, UnitOfWork } from './store.js';
import type { Database, JobTable } from './database.js';
import type { Tx } from './transaction.js';
import { DEFAULT_RETRY_POLICY, retryDelayMs, validateRetryPolicy, type RetryPolicy } from '../work/backoff.js';
import { clipError, isoTime, normaliseJob } from '../work/job-input.js';
import {
  JOB_STATUSES,
  type ClaimedJob,
  type EnqueueOptions,
  type Enqueued,
  type FailOutcome,
  type Job,
  type JobBackend,
  type JobOutbox,
  type JobStats,
  type JobStatus,
  type JsonValue,
} from '../work/queue.js';

export interface JobStoreOptions {
  now?: () => Date;
  /** [0, 1); drives retry jitter. */
  random?: () => number;
  retry?: RetryPolicy;
  /** For jobs enqueued without maxAttempts. */
  defaultMaxAttempts?: number;
}

// With the default retry policy, twenty attempts span about five to ten hours: a platform
// outage of an afternoon does not kill its webhooks.
export const DEFAULT_MAX_ATTEMPTS = 20;

type JobRow = Selectable<JobTable>;

export class JobStore implements JobBackend, JobOutbox {
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly retry: RetryPolicy;
  private readonly defaultMaxAttempts: number;
  /** Workers of this process to wake after an enqueue; the composition root builds one JobStore per process. */
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly store: Store,
    options: JobStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.retry = validateRetryPolicy(options.retry ?? DEFAULT_RETRY_POLICY);
    this.defaultMaxAttempts = options.defaultMaxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  }

  async enqueue(kind: string, payload: JsonValue, options: EnqueueOptions = {}): Promise<Enqueued> {
    const result = await this.insert(this.store.db, kind, payload, options);
    if (result.created) this.notify();
    return result;
  }

  /** The job commits with the caller's unit of work; workers here are woken once it has. */
  async enqueueIn(uow: UnitOfWork, kind: string, payload: JsonValue, options: EnqueueOptions = {}): Promise<Enqueued> {
    const result = await this.insert(uow.tx, kind, payload, options);
    if (result.created) uow.onCommit(() => this.notify());
    return result;
  }

  onEnqueue(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async claim(workerId: string, max: number, leaseMs: number): Promise<ClaimedJob[]> {
    if (!(max >= 1)) return [];
    if (!(leaseMs > 0)) throw new RangeError('leaseMs must be positive');
    const now = this.now();
    const nowIso = now.toISOString();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    const { db, dialect } = this.store;
    let rows: JobRow[];
    if (dialect === 'postgres') {
      await this.reapExpired(db, nowIso);
      rows = await this.take(db, workerId, max, nowIso, until);
    } else {
      // An idle poll should not take SQLite's write lock away from ingest.
      if (!(await this.anythingClaimable(nowIso))) return [];
      rows = await this.store.transaction(async (tx) => {
        await this.reapExpired(tx, nowIso);
        return this.take(tx, workerId, max, nowIso, until);
      });
    }
    // RETURNING does not promise an order.
    rows.sort((a, b) => (a.run_at < b.run_at ? -1 : a.run_at > b.run_at ? 1 : a.id - b.id));
    return rows.map(toClaimed);
  }

  async complete(job: ClaimedJob): Promise<boolean> {
    const nowIso = this.now().toISOString();
    const result = await this.store.db
      .updateTable('jobs')
      .set({ status: 'done', finished_at: nowIso, locked_by: null, locked_until: null })
      .where((eb) => holdsLease(eb, job))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async fail(job: ClaimedJob, error: string): Promise<FailOutcome> {
    if (job.attempt >= job.maxAttempts) return (await this.bury(job, error)) ? 'dead' : 'lost';
    const now = this.now();
    const runAt = new Date(now.getTime() + retryDelayMs(job.attempt, this.retry, this.random)).toISOString();
    const result = await this.store.db
      .updateTable('jobs')
      .set({ status: 'queued', run_at: runAt, last_error: clipError(error), locked_by: null, locked_until: null })
      .where((eb) => holdsLease(eb, job))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n ? 'retry' : 'lost';
  }

  async bury(job: ClaimedJob, error: string): Promise<boolean> {
    const nowIso = this.now().toISOString();
    const result = await this.store.db
      .updateTable('jobs')
      .set({ status: 'dead', finished_at: nowIso, last_error: clipError(error), locked_by: null, locked_until: null })
      .where((eb) => holdsLease(eb, job))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** As if the claim had not happened, due after `delayMs`: a relay that could not hand the job over spends none of its attempts. */
  async release(job: ClaimedJob, delayMs: number): Promise<boolean> {
    const runAt = new Date(this.now().getTime() + Math.max(0, delayMs)).toISOString();
    const result = await this.store.db
      .updateTable('jobs')
      .set((eb) => ({ status: 'queued', run_at: runAt, attempts: eb('attempts', '-', 1), locked_by: null, locked_until: null }))
      .where((eb) => holdsLease(eb, job))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** The row stays running, held by the carrier with no lease: no claim or reaper here takes it back. */
  async handOver(job: ClaimedJob, carrier: string): Promise<boolean> {
    const result = await this.store.db
      .updateTable('jobs')
      .set({ status: 'running', locked_by: carrier, locked_until: null })
      .where((eb) => holdsLease(eb, job))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async recordCarried(id: string, carrier: string, status: 'running' | 'done' | 'dead', error?: string): Promise<boolean> {
    const key = rowId(id);
    if (key === undefined) return false;
    const nowIso = this.now().toISOString();
    const result = await this.store.db
      .updateTable('jobs')
      .set({
        status,
        finished_at: status === 'running' ? null : nowIso,
        ...(error !== undefined ? { last_error: clipError(error) } : {}),
        ...(status === 'running' ? { attempts: 0, run_at: nowIso } : {}),
      })
      .where('id', '=', key)
      // A worker may finish a job before the relay has recorded handing it over (the row still
      // running under the relay's own claim): its end is recorded all the same, and the relay's
      // later hand-over, which only takes its own running claim, no longer finds it.
      .where((eb) => (status === 'running' ? eb('locked_by', '=', carrier) : eb.or([eb('locked_by', '=', carrier), eb('status', '=', 'running')])))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async get(id: string): Promise<Job | undefined> {
    const key = rowId(id);
    if (key === undefined) return undefined;
    const row = await this.store.db.selectFrom('jobs').selectAll().where('id', '=', key).executeTakeFirst();
    return row && toJob(row);
  }

  async listDead(options: { limit?: number; kind?: string } = {}): Promise<Job[]> {
    const limit = Math.min(Math.max(Math.trunc(options.limit ?? 100), 1), 1000);
    let query = this.store.db.selectFrom('jobs').selectAll().where('status', '=', 'dead');
    if (options.kind !== undefined) query = query.where('kind', '=', options.kind);
    const rows = await query.orderBy('finished_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toJob);
  }

  async retryDead(id: string): Promise<Job | undefined> {
    const key = rowId(id);
    if (key === undefined) return undefined;
    // A fresh set of attempts: whoever re-queues it has dealt with the cause. last_error stays
    // until the next attempt replaces it, so the list still shows why it had died.
    const row = await this.store.db
      .updateTable('jobs')
      .set({ status: 'queued', attempts: 0, run_at: this.now().toISOString(), finished_at: null, locked_by: null, locked_until: null })
      .where('id', '=', key)
      .where('status', '=', 'dead')
      .returningAll()
      .executeTakeFirst();
    if (!row) return undefined;
    this.notify();
    return toJob(row);
  }

  async stats(): Promise<JobStats> {
    const nowIso = this.now().toISOString();
    const { db } = this.store;
    const grouped = await db
      .selectFrom('jobs')
      .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
      .groupBy('status')
      .execute();
    const counts = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;
    for (const g of grouped) if (isStatus(g.status)) counts[g.status] = Number(g.n);
    const due = await db
      .selectFrom('jobs')
      .select([(eb) => eb.fn.countAll<number | string>().as('n'), (eb) => eb.fn.min('run_at').as('oldest')])
      .where('status', '=', 'queued')
      .where('run_at', '<=', nowIso)
      .executeTakeFirstOrThrow();
    return { counts, due: Number(due.n), oldestDueAt: due.oldest ?? null };
  }

  /**
   * Deletes finished jobs older than `before`, so the table does not grow forever. A purged
   * job's dedupe key is free again: keep finished jobs longer than any caller may retry.
   */
  async purgeDone(before: string | Date): Promise<number> {
    const result = await this.store.db.deleteFrom('jobs').where('status', '=', 'done').where('finished_at', '<', isoTime(before)).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  private notify(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch {
        // A listener's trouble is its own; the job is already committed.
      }
    }
  }

  private async insert(tx: Tx, kind: string, payload: JsonValue, options: EnqueueOptions): Promise<Enqueued> {
    const now = this.now();
    const job = normaliseJob(kind, payload, options, now, this.defaultMaxAttempts);
    const row = {
      kind: job.kind,
      payload_json: job.payloadJson,
      dedupe_key: job.dedupeKey,
      status: 'queued',
      attempts: 0,
      max_attempts: job.maxAttempts,
      run_at: job.runAt,
      locked_by: null,
      locked_until: null,
      last_error: null,
      created_at: now.toISOString(),
      finished_at: null,
    };
    if (job.dedupeKey === null) {
      return { job: toJob(await tx.insertInto('jobs').values(row).returningAll().executeTakeFirstOrThrow()), created: true };
    }
    // The first enqueue wins. A second try covers a first job purged between the two statements.
    for (let tries = 0; tries < 2; tries++) {
      const inserted = await tx
        .insertInto('jobs')
        .values(row)
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return { job: toJob(inserted), created: true };
      const existing = await tx.selectFrom('jobs').selectAll().where('dedupe_key', '=', job.dedupeKey).executeTakeFirst();
      if (existing) return { job: toJob(existing), created: false };
    }
    throw new Error(`job ${kind}: dedupe key ${job.dedupeKey} neither inserted nor found`);
  }

  private async anythingClaimable(nowIso: string): Promise<boolean> {
    const row = await this.store.db
      .selectFrom('jobs')
      .select('id')
      .where((eb) =>
        eb.or([eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', nowIso)]), eb.and([eb('status', '=', 'running'), eb('locked_until', '<=', nowIso)])]),
      )
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Leases whose holder went quiet go back to the queue, or dead once their attempts are
   * spent: a job that kills its worker every time must not loop forever.
   */
  private async reapExpired(tx: Tx, nowIso: string): Promise<void> {
    let expired = tx.selectFrom('jobs').select('id').where('status', '=', 'running').where('locked_until', '<=', nowIso);
    if (this.store.dialect === 'postgres') expired = expired.forUpdate().skipLocked();
    const spent = sql<boolean>`attempts >= max_attempts`;
    await tx
      .updateTable('jobs')
      .set({
        status: sql<string>`case when ${spent} then 'dead' else 'queued' end`,
        finished_at: sql<string | null>`case when ${spent} then ${nowIso} else null end`,
        last_error: sql<string>`'lease of ' || locked_by || ' expired at ' || locked_until || ': the worker stopped or its handler outlived the lease'`,
        run_at: nowIso,
        locked_by: null,
        locked_until: null,
      })
      .where('id', 'in', expired)
      .execute();
  }

  private take(tx: Tx, workerId: string, max: number, nowIso: string, until: string): Promise<JobRow[]> {
    let due = tx.selectFrom('jobs').select('id').where('status', '=', 'queued').where('run_at', '<=', nowIso).orderBy('run_at').orderBy('id').limit(max);
    if (this.store.dialect === 'postgres') due = due.forUpdate().skipLocked();
    return tx
      .updateTable('jobs')
      .set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1), locked_by: workerId, locked_until: until }))
      .where('id', 'in', due)
      .returningAll()
      .execute();
  }
}

function holdsLease(eb: ExpressionBuilder<Database, 'jobs'>, job: ClaimedJob) {
  const key = rowId(job.id);
  if (key === undefined) throw new TypeError(`not a job id: ${job.id}`);
  return eb.and([eb('id', '=', key), eb('status', '=', 'running'), eb('locked_by', '=', job.claimedBy), eb('attempts', '=', job.attempt)]);
}

function rowId(id: string): number | undefined {
  // Ids past 2^53 would not survive Number(); fifteen digits stay below it.
  return /^[1-9][0-9]{0,14}$/.test(id) ? Number(id) : undefined;
}

function isStatus(value: string): value is JobStatus {
  return (JOB_STATUSES as readonly string[]).includes(value);
}

function toJob(row: JobRow): Job {
  if (!isStatus(row.status)) throw new Error(`job ${row.id} has an unknown status "${row.status}"`);
  return {
    id: String(row.id),
    kind: row.kind,
    payload: JSON.parse(row.payload_json) as JsonValue,
    dedupeKey: row.dedupe_key,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: row.run_at,
    lockedBy: row.locked_by,
    lockedUntil: row.locked_until,
    lastError: row.last_error,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

function toClaimed(row: JobRow): ClaimedJob {
  if (row.locked_by === null || row.locked_until === null) throw new Error(`job ${row.id} was claimed without a lease`);
  return {
    id: String(row.id),
    kind: row.kind,
    payload: JSON.parse(row.payload_json) as JsonValue,
    dedupeKey: row.dedupe_key,
    attempt: row.attempts,
    maxAttempts: row.max_attempts,
    createdAt: row.created_at,
    claimedBy: row.locked_by,
    leaseUntil: row.locked_until,
  };
}
