// The JetStream layout of the job queue: one work-queue stream for jobs, one stream of dead
// letters, one durable pull consumer shared by every worker process. Created (or brought to
// this configuration) by every process at start, so no operator step is needed beyond running
// nats-server with JetStream on.
import { AckPolicy, DiscardPolicy, RetentionPolicy, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

export interface JetStreamLayout {
  /** Subject prefix, also the streams' name prefix: `vigie` in production, unique per test run. */
  prefix: string;
  jobsStream: string;
  deadStream: string;
  consumer: string;
  jobSubject(kind: string): string;
  deadSubject(kind: string): string;
  /** Where bank changes are announced (see services/banks). */
  noticeSubject(name: string): string;
}

export function layoutFor(prefix: string): JetStreamLayout {
  if (!/^[a-z][a-z0-9_-]{0,31}$/.test(prefix)) throw new TypeError(`NATS prefix "${prefix}" is not a short lower-case name`);
  const upper = prefix.toUpperCase().replace(/-/g, '_');
  return {
    prefix,
    jobsStream: `${upper}_JOBS`,
    deadStream: `${upper}_JOBS_DEAD`,
    consumer: 'workers',
    jobSubject: (kind) => `${prefix}.jobs.${kind}`,
    deadSubject: (kind) => `${prefix}.dead.${kind}`,
    noticeSubject: (name) => `${prefix}.notice.${name}`,
  };
}

export interface StreamSettings {
  /** The consumer's AckWait: how long a delivery is a worker's before it is redelivered (the lease). */
  ackWaitMs: number;
  /** JetStream stops delivering a message after this many deliveries; the queue dead-letters before it. */
  maxDeliver: number;
  /** How long a publish's Nats-Msg-Id is remembered: a relay that republishes within it stores nothing twice. */
  duplicateWindowMs: number;
}

export async function ensureStreams(jsm: JetStreamManager, layout: JetStreamLayout, settings: StreamSettings): Promise<void> {
  const jobs = {
    name: layout.jobsStream,
    subjects: [`${layout.prefix}.jobs.>`],
    // Work queue: a message is gone once a worker acknowledges it.
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    discard: DiscardPolicy.New,
    duplicate_window: nanos(settings.duplicateWindowMs),
  };
  const dead = {
    name: layout.deadStream,
    subjects: [`${layout.prefix}.dead.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    duplicate_window: nanos(settings.duplicateWindowMs),
  };
  for (const config of [jobs, dead]) {
    try {
      await jsm.streams.info(config.name);
      await jsm.streams.update(config.name, config);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await jsm.streams.add(config);
    }
  }
  const consumer = {
    durable_name: layout.consumer,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(settings.ackWaitMs),
    max_deliver: settings.maxDeliver,
    // Enough for every worker's prefetch; a message past it waits in the stream.
    max_ack_pending: 10_000,
  };
  try {
    await jsm.consumers.info(layout.jobsStream, layout.consumer);
    await jsm.consumers.update(layout.jobsStream, layout.consumer, consumer);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await jsm.consumers.add(layout.jobsStream, consumer);
  }
}

function isNotFound(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /not found/i.test(message);
}
