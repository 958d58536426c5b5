// Many rows in or out at once, the way each database does it fastest: PostgreSQL wants
// few round trips (multi-row statements); SQLite runs in-process, where one cached
// single-row statement repeated beats a fresh multi-row statement parsed every time.
// For SQLite the SQL text is built by Kysely once per batch and run with each row's
// parameters, so that neither Kysely's compiler nor SQLite's parser runs per row.
import { CompiledQuery, type Insertable, type Selectable } from 'kysely';
import type { Database, Dialect } from './database.js';
import type { Tx } from './transaction.js';

type Table = keyof Database;

function rowParams(columns: readonly string[], row: Record<string, unknown>): unknown[] {
  return columns.map((c) => row[c]);
}

export async function insertRows<T extends Table>(tx: Tx, dialect: Dialect, table: T, rows: Insertable<Database[T]>[], chunk = 500): Promise<void> {
  if (rows.length === 0) return;
  if (dialect === 'sqlite') {
    const first = rows[0] as Record<string, unknown>;
    const columns = Object.keys(first);
    const text = tx.insertInto(table).values(first as never).compile().sql;
    for (const row of rows) await tx.executeQuery(CompiledQuery.raw(text, rowParams(columns, row as Record<string, unknown>)));
    return;
  }
  for (let i = 0; i < rows.length; i += chunk) await tx.insertInto(table).values(rows.slice(i, i + chunk) as never).execute();
}

/** SQLite: inserts each row and returns the value of `column` that the database gave it. */
export async function insertRowsReturning<T extends Table>(tx: Tx, table: T, rows: Insertable<Database[T]>[], column: string): Promise<number[]> {
  if (rows.length === 0) return [];
  const first = rows[0] as Record<string, unknown>;
  const columns = Object.keys(first);
  const text = (tx.insertInto(table).values(first as never) as any).returning(column).compile().sql as string;
  const out: number[] = [];
  for (const row of rows) {
    const result = await tx.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, rowParams(columns, row as Record<string, unknown>)));
    out.push(Number(result.rows[0]![column]));
  }
  return out;
}

/** Rows of a table whose `id` is in `ids`, selecting `columns`. */
export async function selectByIds<T extends 'accounts' | 'content' | 'cases', C extends keyof Selectable<Database[T]> & string>(
  tx: Tx,
  dialect: Dialect,
  table: T,
  columns: readonly C[],
  ids: readonly string[],
): Promise<Pick<Selectable<Database[T]>, C>[]> {
  type Row = Pick<Selectable<Database[T]>, C>;
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  // Kysely cannot type a select over a union of tables; the columns are checked above.
  const base = () => (tx.selectFrom(table as 'accounts') as any).select(columns);
  const out: Row[] = [];
  if (dialect === 'sqlite') {
    const text = base().where('id', '=', unique[0]).compile().sql as string;
    for (const id of unique) out.push(...((await tx.executeQuery<Row>(CompiledQuery.raw(text, [id]))).rows));
    return out;
  }
  for (let i = 0; i < unique.length; i += 500) out.push(...((await base().where('id', 'in', unique.slice(i, i + 500)).execute()) as Row[]));
  return out;
}
