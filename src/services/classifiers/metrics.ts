// What classifier calls came to, by provider, for Prometheus. A worker-only process has no
// /metrics route: its counts live in its own registry (and its failures in the job table).
import { Counter, type Registry } from 'prom-client';

export type ClassifierOutcome =
  'finding' | 'nothing' | 'refused-input' | 'budget-spent' | 'breaker-open' | 'rate-limited' | 'timeout' | 'error' | 'provider-refused';

export interface ClassifierMetrics {
  calls: Counter<'provider' | 'outcome'>;
}

export function createClassifierMetrics(registry: Registry): ClassifierMetrics {
  const existing = registry.getSingleMetric('vigie_classifier_calls_total');
  return {
    calls:
      (existing as Counter<'provider' | 'outcome'> | undefined) ??
      new Counter({
        name: 'vigie_classifier_calls_total',
        help: 'Classifier calls by provider and outcome (finding, nothing, refused-input, budget-spent, breaker-open, rate-limited, timeout, error, provider-refused)',
        labelNames: ['provider', 'outcome'],
        registers: [registry],
      }),
  };
}
