// The enabled classifier providers, built once per process from the configuration: one
// client each (its own breaker and rate limiter in this process, the budget in the
// database), and what ingest needs to queue work for them. A provider not listed in
// VIGIE_CLASSIFIERS has no client and gets no job: nothing is ever sent to it.
import type { Registry } from 'prom-client';
import type { ClassifiersConfig, ClassifierSecrets } from '../../config/classifiers.js';
import { adapterFor, type ClassifierProvider } from '../../detect/classifiers/index.js';
import type { Store } from '../../store/store.js';
import { spendClassifierCall } from '../../store/classifier-usage.js';
import type { JobQueue } from '../../work/queue.js';
import type { ClassifierQueueing } from './classifier-job.js';
import { createClassifierMetrics } from './metrics.js';
import { ProviderClient } from './provider-client.js';
import type { Fetch } from './send-request.js';

export function classifierClients(
  config: ClassifiersConfig,
  secrets: ClassifierSecrets,
  store: Store,
  options: { registry?: Registry | undefined; fetch?: Fetch; now?: () => number } = {},
): Map<ClassifierProvider, ProviderClient> {
  const metrics = options.registry ? createClassifierMetrics(options.registry) : undefined;
  const clients = new Map<ClassifierProvider, ProviderClient>();
  for (const provider of config.enabled) {
    const p = config.providers[provider];
    clients.set(
      provider,
      new ProviderClient(
        adapterFor(provider, { hive: config.hive }),
        {
          baseUrl: p.baseUrl,
          credentials: secrets[provider] ?? {},
          timeoutMs: p.timeoutMs,
          ratePerSecond: p.ratePerSecond,
          dailyBudget: p.dailyBudget,
          reviewAt: p.reviewAt,
          actAt: p.actAt,
          breakerFailures: config.breakerFailures,
          breakerCooldownMs: config.breakerCooldownMs,
        },
        {
          spendBudget: (name, period, limit) => spendClassifierCall(store, name, period, limit),
          metrics,
          ...(options.fetch ? { fetch: options.fetch } : {}),
          ...(options.now ? { now: options.now } : {}),
        },
      ),
    );
  }
  return clients;
}

export function classifierQueueing(config: ClassifiersConfig, jobs: JobQueue): ClassifierQueueing {
  return {
    jobs,
    providers: config.enabled.map((provider) => ({ provider, accepts: adapterFor(provider, { hive: config.hive }).accepts })),
    maxAttempts: config.maxAttempts,
  };
}
