// The outbox relay: with JetStream carrying the jobs, the database's jobs table stays the
// source of truth. A job commits as a row with whatever caused it (an action and its webhook
// delivery, in one transaction); the relay claims committed, due rows, publishes each to
// JetStream, waits for the stream's acknowledgement and only then marks the row done. NATS
// down at commit loses nothing: the row waits and is published when NATS is back. A relay that
// dies between the publish and the mark leaves its lease to run out; the row is published
// again under the same message id, which JetStream stores once within its duplicate window.
// Every process runs one (woken by its own enqueues, polling for other processes').
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { ClaimedJob, JobOutbox } from './queue.js';
import type { WorkLogger } from './worker.js';

export interface RelayOptions {
  relayId?: string;
  /** Longest wait between two looks at the table when nothing in this process wakes the relay. */
  pollIntervalMs?: number;
  /** Rows claimed per round. */
  batch?: number;
  /** How long a claimed row is this relay's; a publish is acknowledged in milliseconds. */
  leaseMs?: number;
  logger?: WorkLogger | undefined;
}

const MAX_PAUSE_MS = 30_000;
// A row NATS refused waits this long before the next try, besides the loop's own backoff.
const RELEASE_DELAY_MS = 1_000;

export class OutboxRelay {
  readonly id: string;
  private readonly pollIntervalMs: number;
  private readonly batch: number;
  private readonly leaseMs: number;
  private stopping = false;
  private loopDone: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;
  private wakePending = false;
  private endPause: (() => void) | undefined;
  /** Published and marked since start (metrics, tests). */
  published = 0;

  constructor(
    private readonly outbox: JobOutbox,
    /** Names the carrier in the rows handed over (their locked_by). */
    private readonly carrier: string,
    private readonly publish: (job: ClaimedJob) => Promise<void>,
    private readonly options: RelayOptions = {},
  ) {
    this.id = options.relayId ?? `relay:${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.batch = options.batch ?? 256;
    this.leaseMs = options.leaseMs ?? 60_000;
  }

  start(): this {
    if (this.loopDone) return this;
    this.unsubscribe = this.outbox.onEnqueue(() => this.wake());
    this.loopDone = this.loop();
    return this;
  }

  wake(): void {
    this.wakePending = true;
    this.endPause?.();
  }

  /** Publishes what is due now; returns how many rows were handed over. Throws when NATS or the database failed. */
  async runOnce(): Promise<number> {
    const jobs = await this.outbox.claim(this.id, this.batch, this.leaseMs);
    const results = await Promise.allSettled(jobs.map((job) => this.publish(job)));
    let handed = 0;
    let failure: unknown;
    for (let i = 0; i < jobs.length; i++) {
      const r = results[i]!;
      if (r.status === 'fulfilled') {
        if (await this.outbox.handOver(jobs[i]!, this.carrier)) handed++;
      } else {
        failure ??= r.reason;
        await this.outbox.release(jobs[i]!, RELEASE_DELAY_MS);
      }
    }
    this.published += handed;
    if (failure !== undefined) throw failure;
    return jobs.length;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.endPause?.();
    await this.loopDone;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      this.wakePending = false;
      let claimed = 0;
      try {
        claimed = await this.runOnce();
        failures = 0;
      } catch (err) {
        failures++;
        if (failures === 1 || failures % 10 === 0)
          this.options.logger?.warn({ err, relay: this.id, failures }, 'jobs could not be handed to JetStream; they wait in the database');
      }
      if (this.stopping) break;
      if (failures === 0 && claimed === this.batch) continue;
      await this.pause(failures > 0 ? Math.min(this.pollIntervalMs * 2 ** Math.min(failures, 10), MAX_PAUSE_MS) : this.pollIntervalMs);
    }
  }

  private pause(ms: number): Promise<void> {
    if (this.wakePending || this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(handle);
        this.endPause = undefined;
        resolve();
      };
      const handle = setTimeout(done, ms);
      this.endPause = done;
    });
  }
}
