// Prometheus metrics, one registry per app so that tests do not share counters.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  contentIngested: Counter<'outcome'>;
  ingestBatchSize: Histogram;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'vigie_' });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'vigie_http_request_duration_seconds',
      help: 'HTTP request duration by route',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    contentIngested: new Counter({ name: 'vigie_content_ingested_total', help: 'Content items by ingest outcome', labelNames: ['outcome'], registers: [registry] }),
    ingestBatchSize: new Histogram({
      name: 'vigie_ingest_batch_size',
      help: 'Items written per ingest transaction (group commit)',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers: [registry],
    }),
  };
}
