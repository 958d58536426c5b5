// The public report page's anti-abuse rows (migration 016): proof-of-work nonces used once,
// and request counters per fixed window. In the database so that every API process sees the
// same ones; the signing key is derived from the server secret, so that every process with
// the same secret accepts the same tokens.
import { hkdfSync } from 'node:crypto';
import { sql } from 'kysely';
import type { Store } from './store.js';
import type { Tx } from './transaction.js';
import { loadServerSecret } from './server-secret.js';

/** The key report-page challenges are signed with (derived once per store). */
export function reportChallengeKey(store: Store): Promise<Buffer> {
  return store.memo('report-challenge-key', async () =>
    Buffer.from(
      hkdfSync('sha256', await loadServerSecret(store.location.dataDir, store.location.serverSecret), Buffer.alloc(0), 'vigie public report challenge v1', 32),
    ),
  );
}

/** False when the nonce was used already: the solution is a replay. */
export async function useNonce(tx: Tx, nonce: string, expiresAt: string): Promise<boolean> {
  const r = await tx
    .insertInto('report_challenge_nonces')
    .values({ nonce, expires_at: expiresAt })
    .onConflict((oc) => oc.column('nonce').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Adds one to the bucket's count for this window, atomically, and answers the new count. */
export async function countInWindow(tx: Tx, bucket: string, windowStart: string): Promise<number> {
  const row = await tx
    .insertInto('report_rate_windows')
    .values({ bucket, window_start: windowStart, count: 1 })
    .onConflict((oc) => oc.columns(['bucket', 'window_start']).doUpdateSet({ count: sql<number>`report_rate_windows.count + 1` }))
    .returning('count')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Drops nonces whose tokens have expired and windows that have closed: neither can matter again. */
export async function pruneReportChallenges(tx: Tx, now: string, windowsBefore: string): Promise<void> {
  await tx.deleteFrom('report_challenge_nonces').where('expires_at', '<', now).execute();
  await tx.deleteFrom('report_rate_windows').where('window_start', '<', windowsBefore).execute();
}
