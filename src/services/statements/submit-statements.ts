// Sends the statements the Transparency Database has not accepted yet, oldest first, in
// batches of 100, and records each answer: accepted (with the database's uuid and the exact
// body sent), held already (a duplicate puid: accepted before), refused (kept with the
// reason, not sent again until an operator looks), or left for the next run (the database
// unreachable or failing). Safe to run from several processes: a statement sent twice is a
// duplicate puid, recorded as accepted.
import type { Store } from '../../store/store.js';
import { markRefused, markSubmitted, unsubmitted } from '../../store/statements.js';
import type { StatementSettings } from '../../policy/statement-of-reasons.js';
import { BATCH_MAX, type TransparencyDatabase } from './transparency-database.js';
import { dsaStatementOf } from './statement-view.js';

export interface SubmitDeps {
  store: Store;
  database: TransparencyDatabase;
  settings: StatementSettings;
  now(): Date;
}

export interface SubmitSummary {
  accepted: number;
  duplicates: number;
  refused: number;
  retry: number;
}

export async function submitPendingStatements(deps: SubmitDeps, maxBatches = 10): Promise<SubmitSummary> {
  const summary: SubmitSummary = { accepted: 0, duplicates: 0, refused: 0, retry: 0 };
  for (let batch = 0; batch < maxBatches; batch++) {
    const rows = await unsubmitted(deps.store.db, BATCH_MAX);
    if (rows.length === 0) break;
    const bodies = new Map(rows.map((r) => [r.puid, dsaStatementOf(r, deps.settings)]));
    const results = await deps.database.submit([...bodies.values()]);
    const at = deps.now().toISOString();
    await deps.store.transaction(async (tx) => {
      for (const r of results) {
        const body = JSON.stringify(bodies.get(r.puid));
        if (r.outcome === 'accepted') await markSubmitted(tx, r.puid, at, r.uuid, body);
        else if (r.outcome === 'duplicate') await markSubmitted(tx, r.puid, at, null, body);
        else if (r.outcome === 'refused') await markRefused(tx, r.puid, r.error.slice(0, 2000));
      }
    });
    for (const r of results) summary[r.outcome === 'accepted' ? 'accepted' : r.outcome === 'duplicate' ? 'duplicates' : r.outcome]++;
    // An unreachable database is tried again at the next run, not hammered now.
    if (results.some((r) => r.outcome === 'retry') || rows.length < BATCH_MAX) break;
  }
  return summary;
}
