// The deadline check (services/deadlines/check-deadlines.ts), run by the API processes: each
// run raises the alerts not raised yet (once across processes) and sets the metrics every
// process exports from the database's view, so that any API node's /metrics tells the truth:
//   vigie_queue_overdue{queue}          items past their target now
//   vigie_deadline_breaches_total{queue} alerts this process raised
import { Counter, Gauge } from 'prom-client';
import type { Logger } from 'pino';
import type { Services } from '../services/services.js';
import type { PeriodicTask } from './periodic.js';
import { checkDeadlines } from '../services/deadlines/check-deadlines.js';

export function deadlineCheckTask(s: Services, logger?: Logger): PeriodicTask[] {
  const api = s.api;
  if (!api) return [];
  const registry = api.metrics.registry;
  // Built once per registry: a second set of tasks over the same services reuses them.
  const overdue =
    (registry.getSingleMetric('vigie_queue_overdue') as Gauge<'queue'> | undefined) ??
    new Gauge({
      name: 'vigie_queue_overdue',
      help: 'Open cases and appeals past their queue’s time-to-action target',
      labelNames: ['queue'],
      registers: [registry],
    });
  const breaches =
    (registry.getSingleMetric('vigie_deadline_breaches_total') as Counter<'queue'> | undefined) ??
    new Counter({
      name: 'vigie_deadline_breaches_total',
      help: 'Deadline alerts raised by this process',
      labelNames: ['queue'],
      registers: [registry],
    });
  return [
    {
      name: 'deadline check',
      roles: ['api'],
      everyMs: s.config.deadlines.checkEveryMs,
      run: async () => {
        const done = await checkDeadlines({
          store: s.store,
          jobs: s.jobs,
          targetsMs: s.config.deadlines.targetsMs,
          appealTargetMs: s.config.appeals.deadlineMs,
          now: s.now,
        });
        for (const [queue, n] of Object.entries(done.overdue)) overdue.set({ queue }, n);
        for (const b of done.breached) breaches.inc({ queue: b.queue });
        if (done.breached.length > 0) logger?.warn({ breached: done.breached.map((b) => `${b.kind} ${b.id} (${b.queue})`) }, 'time-to-action targets missed');
      },
    },
  ];
}
