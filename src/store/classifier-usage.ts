// The classifier budget: calls per provider per period, spent in one statement so that
// several processes never spend past the limit between them.
import { sql } from 'kysely';
import type { Store } from './store.js';

/**
 * Counts one call against the provider's budget for the period if fewer than `limit` were
 * made; false when the budget is spent (nothing is counted then).
 */
export async function spendClassifierCall(store: Store, provider: string, period: string, limit: number): Promise<boolean> {
  if (limit <= 0) return false;
  const row = await store.db
    .insertInto('classifier_usage')
    .values({ provider, period, calls: 1 })
    .onConflict((oc) =>
      oc
        .columns(['provider', 'period'])
        .doUpdateSet({ calls: sql<number>`classifier_usage.calls + 1` })
        .where('classifier_usage.calls', '<', limit),
    )
    .returning('calls')
    .executeTakeFirst();
  return row !== undefined;
}

export async function classifierCalls(store: Store, provider: string, period: string): Promise<number> {
  const row = await store.db.selectFrom('classifier_usage').select('calls').where('provider', '=', provider).where('period', '=', period).executeTakeFirst();
  return row ? Number(row.calls) : 0;
}
