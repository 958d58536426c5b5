// The job queue on NATS JetStream (see queue.ts for how each concept maps). Producers write to
// the database outbox exactly as with the database queue, and the relay (jetstream-relay.ts)
// hands committed jobs to the stream; workers take them from a durable pull consumer shared by
// every process. A delivery is a worker's until the consumer's AckWait (the lease); ack is
// complete, nak with the backoff delay is retry, and a job whose attempts are spent, or that
// retrying cannot help, is published to the dead-letter stream and then acknowledged.
import { hostname } from 'node:os';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type Consumer, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import type { UnitOfWork } from '../store/unit-of-work.js';
import { DEFAULT_RETRY_POLICY, retryDelayMs, validateRetryPolicy, type RetryPolicy } from './backoff.js';
import { clipError } from './job-input.js';
import { decodeDead, decodeJob, encodeDead, encodeJob, envelopeOf, publishIdOf } from './jetstream-messages.js';
import { OutboxRelay } from './jetstream-relay.js';
import { ensureStreams, layoutFor, type JetStreamLayout } from './jetstream-streams.js';
import type { ClaimedJob, EnqueueOptions, Enqueued, FailOutcome, Job, JobBackend, JobOutbox, JobStats, JsonValue } from './queue.js';
import type { WorkLogger } from './worker.js';

export interface JetStreamQueueOptions {
  url: string;
  /** Subjects and streams are named from it (`vigie` in production). */
  prefix?: string;
  /** The lease: the consumer's AckWait. Every handler's timeout must fit in it, as with the database queue. */
  ackWaitMs?: number;
  /** JetStream's own ceiling on deliveries; the queue sends a job dead at its maxAttempts, below it. */
  maxDeliver?: number;
  duplicateWindowMs?: number;
  /** Messages this process holds ready for its workers. */
  prefetch?: number;
  retry?: RetryPolicy;
  random?: () => number;
  now?: () => Date;
  relayPollMs?: number;
  logger?: WorkLogger | undefined;
  /** Connection name shown by nats-server. */
  name?: string;
}

export const JETSTREAM_DEFAULTS = { prefix: 'vigie', ackWaitMs: 5 * 60_000, maxDeliver: 1000, duplicateWindowMs: 10 * 60_000, prefetch: 16 } as const;

/** The rows this queue holds are marked with it (locked_by) in the outbox. */
export const CARRIER = 'jetstream';

interface Held {
  msg: JsMsg;
}

export class JetStreamQueue implements JobBackend {
  private readonly listeners = new Set<() => void>();
  private readonly ready: JsMsg[] = [];
  private readonly held = new WeakMap<ClaimedJob, Held>();
  private readonly retry: RetryPolicy;
  private readonly random: () => number;
  private readonly now: () => Date;
  private messages: ConsumerMessages | undefined;
  private pulling: Promise<void> | undefined;
  private closed = false;
  readonly relay: OutboxRelay;

  private constructor(
    readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    readonly layout: JetStreamLayout,
    private readonly outbox: JobOutbox,
    private readonly options: JetStreamQueueOptions,
  ) {
    this.retry = validateRetryPolicy(options.retry ?? DEFAULT_RETRY_POLICY);
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => new Date());
    this.relay = new OutboxRelay(outbox, CARRIER, (job) => this.publishJob(job), {
      ...(options.relayPollMs !== undefined ? { pollIntervalMs: options.relayPollMs } : {}),
      logger: options.logger,
    });
  }

  /** Connects, makes sure the streams and the consumer exist, and starts this process's relay. */
  static async open(outbox: JobOutbox, options: JetStreamQueueOptions): Promise<JetStreamQueue> {
    const layout = layoutFor(options.prefix ?? JETSTREAM_DEFAULTS.prefix);
    const nc = await connect({
      servers: options.url,
      name: options.name ?? `vigie ${hostname()}:${process.pid}`,
      // NATS going away is expected (a restart): keep trying, the outbox holds the work meanwhile.
      reconnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1_000,
    });
    try {
      const jsm = await jetstreamManager(nc);
      await ensureStreams(jsm, layout, {
        ackWaitMs: options.ackWaitMs ?? JETSTREAM_DEFAULTS.ackWaitMs,
        maxDeliver: options.maxDeliver ?? JETSTREAM_DEFAULTS.maxDeliver,
        duplicateWindowMs: options.duplicateWindowMs ?? JETSTREAM_DEFAULTS.duplicateWindowMs,
      });
      const queue = new JetStreamQueue(nc, jetstream(nc), jsm, layout, outbox, options);
      queue.relay.start();
      return queue;
    } catch (err) {
      await nc.close().catch(() => undefined);
      throw err;
    }
  }

  get ackWaitMs(): number {
    return this.options.ackWaitMs ?? JETSTREAM_DEFAULTS.ackWaitMs;
  }

  // Producers: the outbox, then the relay.
  enqueue(kind: string, payload: JsonValue, options?: EnqueueOptions): Promise<Enqueued> {
    return this.outbox.enqueue(kind, payload, options);
  }

  enqueueIn(uow: UnitOfWork, kind: string, payload: JsonValue, options?: EnqueueOptions): Promise<Enqueued> {
    return this.outbox.enqueueIn(uow, kind, payload, options);
  }

  /** Called when a message is ready for this process's workers. */
  onEnqueue(listener: () => void): () => void {
    this.listeners.add(listener);
    this.startPulling();
    return () => this.listeners.delete(listener);
  }

  async claim(workerId: string, max: number): Promise<ClaimedJob[]> {
    this.startPulling();
    const out: ClaimedJob[] = [];
    while (out.length < max && this.ready.length > 0) {
      const msg = this.ready.shift()!;
      let envelope;
      try {
        envelope = decodeJob(msg.headers, msg.data);
      } catch (err) {
        // Not ours, or unreadable: no worker can run it, and redelivering it cannot help.
        msg.term(err instanceof Error ? err.message : String(err));
        continue;
      }
      const attempt = msg.info.deliveryCount;
      const job: ClaimedJob = {
        ...envelope,
        attempt,
        claimedBy: workerId,
        leaseUntil: new Date(this.now().getTime() + this.ackWaitMs).toISOString(),
      };
      this.held.set(job, { msg });
      if (attempt > job.maxAttempts) {
        // Delivered again after its last attempt's lease ran out (the worker died or hung).
        await this.bury(job, `delivery ${attempt} of a job allowed ${job.maxAttempts}: the lease of its last attempt expired`);
        continue;
      }
      // The lease starts now, not when the message reached this process.
      msg.working();
      out.push(job);
    }
    return out;
  }

  async complete(job: ClaimedJob): Promise<boolean> {
    const held = this.take(job);
    if (!held) return false;
    if (!(await held.msg.ackAck())) return false;
    await this.record(job.id, 'done');
    return true;
  }

  async fail(job: ClaimedJob, error: string): Promise<FailOutcome> {
    if (job.attempt >= job.maxAttempts) return (await this.bury(job, error)) ? 'dead' : 'lost';
    const held = this.take(job);
    if (!held) return 'lost';
    held.msg.nak(retryDelayMs(job.attempt, this.retry, this.random));
    return 'retry';
  }

  async bury(job: ClaimedJob, error: string): Promise<boolean> {
    const held = this.held.get(job);
    if (!held) return false;
    const at = this.now().toISOString();
    const dead: Job = {
      ...envelopeOf(job),
      status: 'dead',
      attempts: job.attempt,
      runAt: at,
      lockedBy: null,
      lockedUntil: null,
      lastError: clipError(error),
      finishedAt: at,
    };
    const { headers, body } = encodeDead(dead);
    // The dead letter is stored before the message is let go: a crash in between delivers it again.
    await this.js.publish(this.layout.deadSubject(job.kind), body, { headers, msgID: `vigie-dead-${job.id}-${held.msg.seq}-${job.attempt}` });
    this.held.delete(job);
    // Acknowledged, not terminated: the dead letter holds it now, and an acknowledgement can be
    // confirmed by the server (a term cannot, and one that is lost means a redelivery).
    if (!(await held.msg.ackAck())) return false;
    await this.record(job.id, 'dead', dead.lastError ?? error);
    return true;
  }

  /**
   * The outbox row follows the job, so that what reads the jobs table (a webhook delivery's
   * status) sees the same outcome. The job has been settled on JetStream already; a row that
   * cannot be written now is reported, not retried.
   */
  private async record(id: string, status: 'running' | 'done' | 'dead', error?: string): Promise<void> {
    try {
      await this.outbox.recordCarried(id, CARRIER, status, error);
    } catch (err) {
      this.options.logger?.warn({ err, job: id, status }, 'the outbox row of a job settled on JetStream could not be updated');
    }
  }

  async listDead(options: { limit?: number; kind?: string } = {}): Promise<Job[]> {
    const limit = Math.min(Math.max(Math.trunc(options.limit ?? 100), 1), 1000);
    const out: Job[] = [];
    for await (const { job } of this.deadLetters()) {
      if (options.kind !== undefined && job.kind !== options.kind) continue;
      out.push(job);
      if (out.length >= limit) break;
    }
    return out;
  }

  async retryDead(id: string): Promise<Job | undefined> {
    for await (const { job, seq } of this.deadLetters()) {
      if (job.id !== id) continue;
      const { headers, body } = encodeJob(job);
      // A fresh message id: the original's may still be within the duplicate window.
      await this.js.publish(this.layout.jobSubject(job.kind), body, { headers, msgID: `${publishIdOf(job.id)}-retry-${seq}` });
      await this.jsm.streams.deleteMessage(this.layout.deadStream, seq);
      await this.record(job.id, 'running');
      return { ...job, status: 'queued', attempts: 0, runAt: this.now().toISOString(), finishedAt: null };
    }
    return undefined;
  }

  /**
   * The outbox is the record (every row handed over is settled there as done or dead); the
   * consumer adds how many handed-over jobs wait in the stream for a worker.
   */
  async stats(): Promise<JobStats> {
    const [consumer, outbox] = await Promise.all([this.jsm.consumers.info(this.layout.jobsStream, this.layout.consumer), this.outbox.stats()]);
    return { ...outbox, due: outbox.due + consumer.num_pending };
  }

  /** Stops taking messages, gives back those not yet handed to a worker, stops the relay and closes the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.relay.stop();
    this.messages?.stop();
    await this.pulling;
    for (const msg of this.ready.splice(0)) msg.nak();
    await this.nc.drain().catch(() => undefined);
  }

  private take(job: ClaimedJob): Held | undefined {
    const held = this.held.get(job);
    this.held.delete(job);
    return held;
  }

  private async publishJob(job: ClaimedJob): Promise<void> {
    const { headers, body } = encodeJob(envelopeOf(job));
    await this.js.publish(this.layout.jobSubject(job.kind), body, { headers, msgID: publishIdOf(job.id), timeout: 5_000 });
  }

  /** Pulls from the durable consumer into `ready`, at most `prefetch` at a time, once something asks for jobs. */
  private startPulling(): void {
    if (this.pulling || this.closed) return;
    this.pulling = (async () => {
      const consumer: Consumer = await this.js.consumers.get(this.layout.jobsStream, this.layout.consumer);
      const messages = await consumer.consume({ max_messages: this.options.prefetch ?? JETSTREAM_DEFAULTS.prefetch });
      this.messages = messages;
      if (this.closed) messages.stop();
      for await (const msg of messages) {
        // A redelivery of a message still waiting here replaces it.
        const i = this.ready.findIndex((m) => m.seq === msg.seq);
        if (i >= 0) this.ready.splice(i, 1);
        this.ready.push(msg);
        for (const l of this.listeners) {
          try {
            l();
          } catch {
            // a listener's trouble is its own
          }
        }
      }
    })().catch((err: unknown) => {
      this.options.logger?.error({ err }, 'pulling jobs from JetStream stopped; retrying');
      this.pulling = undefined;
      if (!this.closed) setTimeout(() => this.startPulling(), 1_000).unref();
    });
  }

  private async *deadLetters(): AsyncGenerator<{ job: Job; seq: number }> {
    const info = await this.jsm.streams.info(this.layout.deadStream);
    // Newest first, as the database queue lists them.
    for (let seq = info.state.last_seq; seq >= info.state.first_seq && seq > 0; seq--) {
      let stored;
      try {
        stored = await this.jsm.streams.getMessage(this.layout.deadStream, { seq });
      } catch {
        continue; // deleted (re-queued) letters leave gaps
      }
      if (!stored) continue;
      yield { job: decodeDead(stored.data), seq };
    }
  }
}
