// `vigie cybertip list`: one JSON line per CyberTipline report, newest first.
import { configFrom, openStore } from '../options.js';
import type { CybertipListOptions } from '../grammar/cybertip.js';
import { listCybertipViews } from '../../services/cybertip/read-reports.js';

export async function run(values: CybertipListOptions): Promise<number> {
  const store = await openStore(configFrom(values));
  try {
    const reports = await listCybertipViews(store, null, { status: values.status ? [values.status] : undefined, limit: values.limit ?? 1000 }, new Date());
    for (const r of reports) {
      process.stdout.write(
        `${JSON.stringify({ id: r.id, caseId: r.caseId, status: r.status, ncmecReportId: r.ncmecReportId, accountId: r.accountId, draftedAt: r.draftedAt, finishedAt: r.finishedAt })}\n`,
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}
