// The platforms vigie serves, as rows. What a platform id may be and what the log says of
// a new one is decided in services/platforms.
import type { Selectable } from 'kysely';
import type { PlatformTable } from './database.js';
import type { Tx } from './transaction.js';
import type { InTx } from './unit-of-work.js';

export type PlatformRow = Selectable<PlatformTable>;

export interface PlatformInfo {
  id: string;
  name: string;
  createdAt: string;
}

export function toPlatformInfo(row: PlatformRow): PlatformInfo {
  return { id: row.id, name: row.name, createdAt: row.created_at };
}

/** False when a platform with this id already exists. */
export async function insertPlatform(tx: InTx, row: PlatformRow): Promise<boolean> {
  const r = await tx
    .insertInto('platforms')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function platformRows(db: Tx): Promise<PlatformRow[]> {
  return db.selectFrom('platforms').selectAll().orderBy('id').execute();
}

export async function platformById(db: Tx, id: string): Promise<PlatformRow | undefined> {
  return db.selectFrom('platforms').selectAll().where('id', '=', id).executeTakeFirst();
}
