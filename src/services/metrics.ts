// Prometheus metrics, one registry per app so that tests do not share counters.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Store } from '../store/store.js';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  contentIngested: Counter<'outcome'>;
  ingestBatchSize: Histogram;
  staffSignInAlerts: Counter<'kind'>;
  /** Media items the hash pool could not take (queue full, closing, a worker lost): the post was answered 503. */
  mediaHashRejected: Counter<'reason'>;
  /**
   * Media items ingest could not PDQ-hash (so they can match a bank only by MD5 or
   * SHA-256), by reason: over-pixel-cap, unsupported-format, undecodable.
   */
  mediaNotPdqHashed: Counter<'reason'>;
}

export function createMetrics(store?: Store): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'vigie_' });
  if (store?.dialect === 'sqlite') sqliteMetrics(registry, store);
  if (store) cybertipMetrics(registry, store);
  return {
    registry,
    httpDuration: new Histogram({
      name: 'vigie_http_request_duration_seconds',
      help: 'HTTP request duration by route',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    contentIngested: new Counter({
      name: 'vigie_content_ingested_total',
      help: 'Content items by ingest outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    ingestBatchSize: new Histogram({
      name: 'vigie_ingest_batch_size',
      help: 'Items written per ingest transaction (group commit)',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers: [registry],
    }),
    staffSignInAlerts: new Counter({
      name: 'vigie_staff_sign_in_alerts_total',
      help: 'Staff users under attack: a burst of failed sign-ins (burst) or a lock that started (lock)',
      labelNames: ['kind'],
      registers: [registry],
    }),
    mediaHashRejected: new Counter({
      name: 'vigie_media_hash_rejected_total',
      help: 'Posts answered 503 because their media could not be hashed now, by reason (queue-full, closed, worker-failed)',
      labelNames: ['reason'],
      registers: [registry],
    }),
    mediaNotPdqHashed: new Counter({
      name: 'vigie_media_not_pdq_hashed_total',
      help: 'Images at ingest that got no PDQ hash and can match a bank only by MD5 or SHA-256, by reason (over-pixel-cap, unsupported-format, undecodable)',
      labelNames: ['reason'],
      registers: [registry],
    }),
  };
}

/**
 * SQLite's durability and checkpoints (src/store/wal-sync.ts, checkpointer.ts), read at
 * each scrape: commits per flush shows the group commit at work, a failed flush needs a
 * restart, and a log that keeps growing means the checkpoint thread falls behind.
 */
/** Read from the database at scrape time, so every API process reports the same numbers. */
function cybertipMetrics(registry: Registry, store: Store): void {
  new Gauge({
    name: 'vigie_cybertip_drafts_overdue',
    help: 'CyberTipline drafts still waiting for the legal role past their deadline',
    registers: [registry],
    async collect() {
      const at = new Date().toISOString();
      const row = await store.db
        .selectFrom('cybertip_reports')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'draft')
        .where('approve_by', '<', at)
        .executeTakeFirst();
      this.set(Number(row?.n ?? 0));
    },
  });
  new Gauge({
    name: 'vigie_cybertip_reports_failed',
    help: 'CyberTipline reports whose filing stopped on an error a person must look at',
    registers: [registry],
    async collect() {
      const row = await store.db
        .selectFrom('cybertip_reports')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('failed_at', 'is not', null)
        .where('status', 'not in', ['finished', 'retracted'])
        .executeTakeFirst();
      this.set(Number(row?.n ?? 0));
    },
  });
}

function sqliteMetrics(registry: Registry, store: Store): void {
  const gauge = (name: string, help: string, read: () => number | undefined) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const v = read();
        if (v !== undefined) this.set(v);
      },
    });
  gauge('vigie_sqlite_commits_total', 'Transactions committed with their log flushed off the event loop', () => store.wal?.counts.commits);
  gauge('vigie_sqlite_wal_flushes_total', 'Flushes of the write-ahead log to disk (one serves every commit before it)', () => store.wal?.counts.flushes);
  gauge('vigie_sqlite_wal_flush_failed', '1 once a flush of the write-ahead log failed: nothing is acknowledged until vigie restarts', () =>
    store.wal ? (store.wal.failure ? 1 : 0) : undefined,
  );
  gauge('vigie_sqlite_checkpoints_total', 'Background checkpoints that copied frames into the database file', () => store.checkpoints?.runs);
  gauge('vigie_sqlite_wal_frames', 'Frames in the write-ahead log at the last background checkpoint', () => store.checkpoints?.log);
}
