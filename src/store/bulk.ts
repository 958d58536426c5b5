// Many rows in or out at once, the way each database does it fastest: PostgreSQL wants
// few round trips (multi-row statements); SQLite runs in-process, where one cached
// single-row statement repeated beats a fresh multi-row statement parsed every time.
import type { Insertable, Selectable } from 'kysely';
import type { Database, Dialect } from './database.js';
import type { Tx } from './transaction.js';

type Table = keyof Database;

export async function insertRows<T extends Table>(tx: Tx, dialect: Dialect, table: T, rows: Insertable<Database[T]>[], chunk = 500): Promise<void> {
  if (rows.length === 0) return;
  if (dialect === 'sqlite') {
    for (const row of rows) await tx.insertInto(table).values(row as never).execute();
    return;
  }
  for (let i = 0; i < rows.length; i += chunk) await tx.insertInto(table).values(rows.slice(i, i + chunk) as never).execute();
}

/** Rows of a table whose `id` is in `ids`, selecting `columns`. */
export async function selectByIds<T extends 'accounts' | 'content' | 'cases', C extends keyof Selectable<Database[T]> & string>(
  tx: Tx,
  dialect: Dialect,
  table: T,
  columns: readonly C[],
  ids: readonly string[],
): Promise<Pick<Selectable<Database[T]>, C>[]> {
  const unique = [...new Set(ids)];
  const out: Pick<Selectable<Database[T]>, C>[] = [];
  const query = (list: string[]) =>
    (tx.selectFrom(table as 'accounts') as any).select(columns).where('id', list.length === 1 ? '=' : 'in', list.length === 1 ? list[0] : list).execute() as Promise<Pick<Selectable<Database[T]>, C>[]>;
  if (dialect === 'sqlite') {
    for (const id of unique) out.push(...(await query([id])));
    return out;
  }
  for (let i = 0; i < unique.length; i += 500) out.push(...(await query(unique.slice(i, i + 500))));
  return out;
}
