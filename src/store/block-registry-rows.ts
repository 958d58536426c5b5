// The block registry's tables: keyed hashes of suspended accounts' identifiers, and the
// version counter that lets every process's memory copy follow them (migration 005). The
// rules (which identifiers, how they are hashed, what matches) live in
// services/block-registry; this file only reads and writes rows.
import { sql } from 'kysely';
import type { Store } from './store.js';
import type { Tx } from './transaction.js';
import type { InTx } from './unit-of-work.js';
import { nextVersion } from './change-counters.js';
import type { BlockRegistryTable } from './database.js';

/** Rows per insert statement: one account sends at most a few hundred identifiers. */
const INSERT_CHUNK = 500;
const PAGE = 5000;

export type RegistryRow = Pick<BlockRegistryTable, 'account_id' | 'key_hash' | 'kind' | 'strength' | 'expires_at' | 'lifted_at' | 'version'>;
export type NewRegistryRow = Omit<BlockRegistryTable, 'version'>;

/** Records `fingerprint` if none is recorded yet, and returns the one recorded. */
export async function recordSecretFingerprint(store: Store, fingerprint: string): Promise<string | null> {
  return store.write(async (w) => {
    await w.tx
      .updateTable('block_registry_state')
      .set({ secret_fingerprint: fingerprint })
      .where('id', '=', 1)
      .where('secret_fingerprint', 'is', null)
      .execute();
    const row = await w.tx.selectFrom('block_registry_state').select('secret_fingerprint').where('id', '=', 1).executeTakeFirstOrThrow();
    return row.secret_fingerprint;
  });
}

/** Writes entries (new, or revived if lifted) stamped with a fresh version, in the caller's transaction. */
export async function upsertRegistryRows(tx: InTx, rows: readonly NewRegistryRow[]): Promise<void> {
  const version = await nextVersion(tx, 'block_registry_state');
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await tx
      .insertInto('block_registry')
      .values(rows.slice(i, i + INSERT_CHUNK).map((r) => ({ ...r, version })))
      .onConflict((oc) =>
        oc.columns(['account_id', 'key_hash']).doUpdateSet((eb) => ({
          strength: eb.ref('excluded.strength'),
          expires_at: eb.ref('excluded.expires_at'),
          lifted_at: null,
          version: eb.ref('excluded.version'),
        })),
      )
      .execute();
  }
}

/** Marks an account's live entries lifted, in the caller's transaction; returns how many. */
export async function liftRegistryRows(tx: InTx, accountId: string, at: string): Promise<number> {
  const version = await nextVersion(tx, 'block_registry_state');
  const result = await tx
    .updateTable('block_registry')
    .set({ lifted_at: at, version })
    .where('account_id', '=', accountId)
    .where('lifted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Deletes IP entries that expired before `now`; returns how many. */
export async function deleteExpiredIpRows(store: Store, now: Date): Promise<number> {
  const result = await store.transaction((tx) =>
    tx.deleteFrom('block_registry').where('kind', '=', 'ip').where('expires_at', 'is not', null).where('expires_at', '<', now.toISOString()).executeTakeFirst(),
  );
  return Number(result.numDeletedRows);
}

/**
 * Every row written after version `since`, in version order, page by page; returns the
 * highest version read. On PostgreSQL a share lock on the counter row first waits for any
 * transaction holding it (a block or a lift in flight) to end, so the reads after it, in
 * fresh snapshots, see what it wrote; SQLite has one writer anyway.
 */
export async function readRegistryChanges(store: Store, since: number, apply: (row: RegistryRow) => void): Promise<number> {
  if (store.dialect === 'postgres') {
    return store.db.transaction().execute(async (tx) => {
      await sql`select version from block_registry_state where id = 1 for share`.execute(tx);
      return readPages(tx, since, apply);
    });
  }
  return readPages(store.db, since, apply);
}

async function readPages(tx: Tx, since: number, apply: (row: RegistryRow) => void): Promise<number> {
  let after: RegistryRow | null = null;
  let top = since;
  for (;;) {
    let q = tx.selectFrom('block_registry').select(['account_id', 'key_hash', 'kind', 'strength', 'expires_at', 'lifted_at', 'version']);
    if (after) {
      const a: RegistryRow = after;
      q = q.where((eb) => eb(eb.refTuple('version', 'account_id', 'key_hash'), '>', eb.tuple(a.version, a.account_id, a.key_hash)));
    } else {
      q = q.where('version', '>', since);
    }
    const rows = await q.orderBy('version').orderBy('account_id').orderBy('key_hash').limit(PAGE).execute();
    for (const r of rows) apply(r);
    if (rows.length > 0) {
      after = rows[rows.length - 1]!;
      top = Math.max(top, Number(after.version));
    }
    if (rows.length < PAGE) return top;
  }
}
