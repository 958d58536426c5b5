// The change counters behind the in-memory copies that follow the database (the block
// registry, migration 005; the banks, migration 009): one row per feed whose version every
// writer takes, under the row's lock, and stamps on the rows it touches, so that a reader
// that has seen version N catches up by reading the rows above N.
import { sql } from 'kysely';
import type { Store } from './store.js';
import type { InTx } from './unit-of-work.js';

export type ChangeFeed = 'block_registry_state' | 'bank_state';

/**
 * Takes the feed's next version, in the caller's transaction. The counter row's lock
 * serialises the feed's writers, so versions become visible in the order they were taken.
 */
export async function nextVersion(tx: InTx, feed: ChangeFeed): Promise<number> {
  const row = await tx
    .updateTable(feed)
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', 1)
    .returning('version')
    .executeTakeFirstOrThrow();
  return Number(row.version);
}

/**
 * The version every committed change of the feed is at or below. On PostgreSQL the share
 * lock first waits for a writer holding the counter to end; SQLite has one writer anyway.
 */
export async function committedVersion(store: Store, feed: ChangeFeed): Promise<number> {
  if (store.dialect === 'postgres') {
    return store.db.transaction().execute(async (tx) => {
      const row = await sql<{ version: string | number }>`select version from ${sql.table(feed)} where id = 1 for share`.execute(tx);
      return Number(row.rows[0]!.version);
    });
  }
  const row = await store.db.selectFrom(feed).select('version').where('id', '=', 1).executeTakeFirstOrThrow();
  return Number(row.version);
}
