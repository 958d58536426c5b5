// The real pieces wired together for delivery tests: a JobStore and a Worker on a clock the
// test moves, the webhook handler, and actions logged with their deliveries as the
// enforcement code logs them.
import type { Store } from '../../../src/store/store.js';
import { JobStore } from '../../../src/store/job-store.js';
import { HandlerRegistry } from '../../../src/work/handlers.js';
import { Worker, type JobReport } from '../../../src/work/worker.js';
import { registerWebhookHandlers } from '../../../src/services/webhooks/deliver.js';
import { enqueueActionDeliveries, type CreatedDelivery, type DeliveryOptions } from '../../../src/services/webhooks/outbox.js';
import type { ActionKind, EventOf, LoggedEvent, NewEvent, SubjectRef } from '../../../src/moderation/events.js';
import type { PayloadOf } from '../../../src/moderation/payloads.js';
import { fakeClock, type FakeClock } from '../../work/support.js';
import type { DestinationPolicy } from '../../../src/services/webhooks/destination.js';

// The receivers of these tests listen on 127.0.0.1: the development switch
// (VIGIE_WEBHOOKS_ALLOW_PRIVATE) lets deliveries reach them. destination.test.ts shows what
// happens without it.
export const LOOPBACK_ALLOWED: DestinationPolicy = { allowPrivate: true };

export interface Harness {
  clock: FakeClock;
  jobs: JobStore;
  worker: Worker;
  reports: JobReport[];
  /** Runs every job that is due now, until none is. */
  drain(): Promise<void>;
  /** Drains, moves the clock to the next queued job, and again, until the queue is empty or `maxSteps` is reached. */
  runToQuiet(maxSteps?: number): Promise<void>;
  logActions(events: NewEvent[], options?: DeliveryOptions): Promise<{ logged: LoggedEvent[]; deliveries: CreatedDelivery[] }>;
}

// A request timeout far below production so that the late-answer case stays fast.
export const TEST_REQUEST_TIMEOUT_MS = 250;

export function webhookHarness(store: Store, destinations: DestinationPolicy = LOOPBACK_ALLOWED): Harness {
  const clock = fakeClock();
  // No jitter: retry delays are exactly 5 s, 10 s, 20 s... so a run is reproducible.
  const jobs = new JobStore(store, { now: clock.now, random: () => 0 });
  const handlers = registerWebhookHandlers(new HandlerRegistry(), { store, now: clock.now, requestTimeoutMs: TEST_REQUEST_TIMEOUT_MS, destinations });
  const reports: JobReport[] = [];
  // One at a time, so that the receiver sees requests in a known order.
  const worker = new Worker(jobs, handlers, { now: clock.now, workerId: 'webhook-test', concurrency: 1, leaseMs: 60_000, onSettled: (r) => reports.push(r) });

  const drain = async () => {
    while ((await worker.runOnce()) > 0) await worker.idle();
  };

  return {
    clock,
    jobs,
    worker,
    reports,
    drain,
    async runToQuiet(maxSteps = 50) {
      for (let step = 0; step < maxSteps; step++) {
        await drain();
        const next = await store.db
          .selectFrom('jobs')
          .select((eb) => eb.fn.min('run_at').as('at'))
          .where('status', '=', 'queued')
          .executeTakeFirst();
        if (!next?.at) return;
        const wait = Date.parse(next.at) - clock.now().getTime();
        if (wait > 0) clock.advance(wait);
      }
      throw new Error(`the queue was still busy after ${maxSteps} steps`);
    },
    async logActions(events, options) {
      return jobs.store.write(async (w) => {
        const { logged } = await w.append(events);
        const deliveries = await enqueueActionDeliveries(w, jobs, logged, options);
        return { logged, deliveries };
      });
    },
  };
}

export function actionEvent(
  clock: FakeClock,
  action: ActionKind,
  subject: SubjectRef,
  extra: Partial<PayloadOf<'action.taken'>> = {},
): EventOf<'action.taken'> {
  return {
    type: 'action.taken',
    subject,
    actor: { kind: 'staff', id: 'stf_reviewer' },
    at: clock.iso(),
    reason: 'confirmed by a reviewer',
    payload: { action, clauses: ['content.link-to-material'], caseId: 'case-1', ...extra },
  };
}
