// `vigie webhooks replay --id ID | --all-dead`: sends dead (or delivered) webhook deliveries
// again, with their original idempotency keys. The jobs are queued in the database; the
// server's workers pick them up at their next poll. Each replay is logged, by "cli".
import { parseArgs } from 'node:util';
import { configFrom, dataOption, openStore } from '../options.js';
import { jobQueueFor } from '../../main/compose.js';
import { replayDeadDeliveries, replayDelivery } from '../../services/webhooks/replay.js';

const USAGE = 'usage: vigie webhooks replay (--id ID | --all-dead [--endpoint ID] [--limit N]) [--reason TEXT] [--data DIR]\n';

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...dataOption, id: { type: 'string' }, 'all-dead': { type: 'boolean' }, endpoint: { type: 'string' }, limit: { type: 'string' }, reason: { type: 'string' } },
  });
  const allDead = values['all-dead'] === true;
  if ((values.id === undefined) === !allDead || (values.id !== undefined && (values.endpoint !== undefined || values.limit !== undefined))) {
    process.stderr.write(USAGE);
    return 2;
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 10_000)) {
    process.stderr.write(`--limit must be a whole number from 1 to 10000, got "${values.limit}"\n`);
    return 2;
  }
  const actor = { kind: 'system' as const, id: 'cli' };
  const reason = values.reason?.trim() || 'vigie webhooks replay';
  const store = await openStore(configFrom(values));
  try {
    const jobs = jobQueueFor(store);
    const at = new Date().toISOString();
    if (values.id !== undefined) {
      const result = await replayDelivery(store, jobs, values.id, actor, at, { reason });
      if (result.replayed) {
        process.stdout.write(`${values.id}\n`);
        process.stderr.write(`replayed 1 delivery; the server's workers will send it\n`);
        return 0;
      }
      const why = { not_found: 'there is no such delivery', in_flight: 'it is still being attempted', endpoint_inactive: 'its endpoint is switched off' }[result.reason];
      process.stderr.write(`${values.id} was not replayed: ${why}\n`);
      return 1;
    }
    const summary = await replayDeadDeliveries(store, jobs, actor, at, { endpointId: values.endpoint, limit, reason });
    for (const id of summary.replayed) process.stdout.write(`${id}\n`);
    const skipped = summary.skipped.length > 0 ? `; ${summary.skipped.length} left dead because their endpoint is switched off` : '';
    const more = summary.more ? '; more remain, run it again' : '';
    process.stderr.write(`replayed ${summary.replayed.length} dead deliveries${skipped}${more}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
