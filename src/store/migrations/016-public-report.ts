// The public report page's anti-abuse bookkeeping, kept in the database so that it holds
// across API processes: each proof-of-work nonce once used, until its token would have
// expired anyway (a replayed solution is refused), and counters per fixed time window for
// each client address (as a keyed hash, never the address itself) and for the page as a
// whole.
import type { Kysely } from 'kysely';

export function publicReport() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('report_challenge_nonces')
        .addColumn('nonce', 'text', (c) => c.primaryKey())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('report_challenge_nonces_expiry').on('report_challenge_nonces').column('expires_at').execute();

      await db.schema
        .createTable('report_rate_windows')
        .addColumn('bucket', 'text', (c) => c.notNull())
        .addColumn('window_start', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('report_rate_windows_pk', ['bucket', 'window_start'])
        .execute();
      await db.schema.createIndex('report_rate_windows_start').on('report_rate_windows').column('window_start').execute();
    },
  };
}
