// `vigie verify`: exit 0 when every hash, link, payload and cached state holds; otherwise
// print every bad event (the first 100, and how many in all) and every other problem, and
// exit 1. On a terminal, stderr shows how many events have been checked.
import { configFrom, openStore } from '../options.js';
import type { VerifyOptions } from '../grammar/verify.js';
import { count, createProgress } from '../progress.js';
import { verifyLog } from '../../services/log/verify-log.js';

export async function run(values: VerifyOptions): Promise<number> {
  const store = await openStore(configFrom(values), false);
  const progress = createProgress(process.stderr);
  try {
    const started = Date.now();
    const checked = (events: number | null) =>
      progress.update(
        () => `checking the moderation log${events === null ? '…' : `: ${count(events)} events, ${Math.round((Date.now() - started) / 1000)} s`}`,
      );
    checked(null);
    const report = await verifyLog(store, { onProgress: checked });
    progress.done();
    if (values.json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } else if (report.ok) {
      process.stdout.write(`ok: ${report.events} events in ${report.partitions} partitions; every hash, link and cached state holds\n`);
    } else {
      for (const b of report.badEvents) process.stdout.write(`BAD EVENT: seq ${b.seq} (partition ${b.partition}, position ${b.partitionSeq}): ${b.problem}\n`);
      if (report.badEventCount > report.badEvents.length) process.stdout.write(`... and ${report.badEventCount - report.badEvents.length} more bad events\n`);
      if (report.badEventCount > 0) process.stdout.write(`${report.badEventCount} bad event(s) in ${report.events}\n`);
      for (const p of report.problems) process.stdout.write(`PROBLEM: ${p}\n`);
    }
    return report.ok ? 0 : 1;
  } finally {
    progress.done();
    await store.close();
  }
}
