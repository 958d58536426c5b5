// `vigie verify`: exit 0 when every hash, link and cached state holds; otherwise print the
// first bad event and every other problem, and exit 1. On a terminal, stderr shows how
// many events have been checked.
import { configFrom, openStore } from '../options.js';
import type { VerifyOptions } from '../grammar/verify.js';
import { count, createProgress } from '../progress.js';
import { verifyLog } from '../../store/verify.js';

/** verifyLog with the progress callback it is to take (see the note at its call). */
type VerifyLogWithProgress = (...args: [...Parameters<typeof verifyLog>, { onProgress?: (eventsChecked: number) => void }?]) => ReturnType<typeof verifyLog>;

export async function run(values: VerifyOptions): Promise<number> {
  const store = await openStore(configFrom(values), false);
  const progress = createProgress(process.stderr);
  try {
    const started = Date.now();
    const checked = (events: number | null) =>
      progress.update(() => `checking the moderation log${events === null ? '…' : `: ${count(events)} events, ${Math.round((Date.now() - started) / 1000)} s`}`);
    checked(null);
    // verifyLog is to take { onProgress } (reported for the merge); until it does, the extra
    // argument is ignored and the line above stays up while it runs.
    const report = await (verifyLog as VerifyLogWithProgress)(store, { onProgress: checked });
    progress.done();
    if (values.json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } else if (report.ok) {
      process.stdout.write(`ok: ${report.events} events in ${report.partitions} partitions; every hash, link and cached state holds\n`);
    } else {
      if (report.firstBadEvent) {
        const b = report.firstBadEvent;
        process.stdout.write(`FIRST BAD EVENT: seq ${b.seq} (partition ${b.partition}, position ${b.partitionSeq}): ${b.problem}\n`);
      }
      for (const p of report.problems) process.stdout.write(`PROBLEM: ${p}\n`);
    }
    return report.ok ? 0 : 1;
  } finally {
    progress.done();
    await store.close();
  }
}
