// Bank imports started from the console, as rows (migration 017): the list waits in its row
// until a worker has imported it; the row says how far the import got. The rules are in
// services/banks/bank-imports.ts; this file only persists.
import type { Selectable } from 'kysely';
import type { BankImportTable } from './database.js';
import type { Tx } from './transaction.js';
import type { InTx } from './unit-of-work.js';

export type BankImportRow = Selectable<BankImportTable>;

export async function insertBankImport(tx: InTx, row: BankImportRow): Promise<void> {
  await tx.insertInto('bank_imports').values(row).execute();
}

export async function bankImportById(db: Tx, id: string): Promise<BankImportRow | undefined> {
  return db.selectFrom('bank_imports').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateBankImport(
  db: Tx,
  id: string,
  change: Partial<Pick<BankImportRow, 'status' | 'done' | 'total' | 'added' | 'unchanged' | 'errors_json' | 'list_text' | 'finished_at'>>,
  at: string,
): Promise<void> {
  await db
    .updateTable('bank_imports')
    .set({ ...change, updated_at: at })
    .where('id', '=', id)
    .execute();
}

/**
 * Takes the import for one run, unless another run holds it (false). `lease` is the time it
 * runs out, then "|" and the run's own token: it compares as the time does.
 */
export async function leaseBankImport(db: Tx, id: string, now: string, lease: string): Promise<boolean> {
  const r = await db
    .updateTable('bank_imports')
    .set({ lease_until: lease })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Gives the import back, if this run still holds it. */
export async function releaseBankImport(db: Tx, id: string, lease: string): Promise<void> {
  await db.updateTable('bank_imports').set({ lease_until: null }).where('id', '=', id).where('lease_until', '=', lease).execute();
}

export async function recentBankImports(db: Tx, limit: number): Promise<Omit<BankImportRow, 'list_text' | 'lease_until'>[]> {
  return db
    .selectFrom('bank_imports')
    .select([
      'id',
      'bank_name',
      'status',
      'options_json',
      'done',
      'total',
      'added',
      'unchanged',
      'errors_json',
      'created_by',
      'created_at',
      'updated_at',
      'finished_at',
    ])
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}
