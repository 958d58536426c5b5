// `vigie webhooks replay --id ID | --all-dead`: sends dead (or delivered) webhook deliveries
// again, with their original idempotency keys. The jobs are queued in the database; the
// server's workers pick them up at their next poll. Each replay is logged, by "cli".
import { configFrom, openStore } from '../options.js';
import type { WebhooksReplayOptions } from '../grammar/webhooks-replay.js';
import { jobQueueFor } from '../../main/compose.js';
import { replayDeadDeliveries, replayDelivery } from '../../services/webhooks/replay.js';
import { EVERY_PLATFORM } from '../../services/platforms/platform-access.js';

export async function run(values: WebhooksReplayOptions): Promise<number> {
  const limit = values.limit;
  const actor = { kind: 'system' as const, id: 'cli' };
  const reason = values.reason?.trim() || 'vigie webhooks replay';
  const store = await openStore(configFrom(values));
  try {
    const jobs = jobQueueFor(store);
    const at = new Date().toISOString();
    if (values.id !== undefined) {
      const result = await replayDelivery(store, jobs, values.id, actor, at, EVERY_PLATFORM, { reason });
      if (result.replayed) {
        process.stdout.write(`${values.id}\n`);
        process.stderr.write(`replayed 1 delivery; the server's workers will send it\n`);
        return 0;
      }
      const why = { not_found: 'there is no such delivery', in_flight: 'it is still being attempted', endpoint_inactive: 'its endpoint is switched off' }[
        result.reason
      ];
      process.stderr.write(`${values.id} was not replayed: ${why}\n`);
      return 1;
    }
    const summary = await replayDeadDeliveries(store, jobs, actor, at, EVERY_PLATFORM, { endpointId: values.endpoint, limit, reason });
    for (const id of summary.replayed) process.stdout.write(`${id}\n`);
    const skipped = summary.skipped.length > 0 ? `; ${summary.skipped.length} left dead because their endpoint is switched off` : '';
    const more = summary.more ? '; more remain, run it again' : '';
    process.stderr.write(`replayed ${summary.replayed.length} dead deliveries${skipped}${more}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
