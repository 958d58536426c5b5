// Many rows in or out at once, the way each database does it fastest: PostgreSQL wants
// few round trips (multi-row statements); SQLite runs in-process, where one cached
// single-row statement repeated beats a fresh multi-row statement parsed every time.
// For SQLite the SQL text is built by Kysely once per shape (table and columns) and run
// with each row's parameters on the transaction's connection (transaction.ts), so that
// neither Kysely's compiler nor its executor nor SQLite's parser runs per row.
import { CompiledQuery, type Insertable, type Selectable } from 'kysely';
import type { Database, Dialect } from './database.js';
import { sqliteOf, type Tx } from './transaction.js';

type Table = keyof Database;

function rowParams(columns: readonly string[], row: Record<string, unknown>): unknown[] {
  const out = new Array<unknown>(columns.length);
  for (let i = 0; i < columns.length; i++) out[i] = row[columns[i]!];
  return out;
}

// SQL text by shape: the same few statements are built over and over otherwise.
const sqlText = new Map<string, string>();
function cachedSql(key: string, build: () => string): string {
  let text = sqlText.get(key);
  if (text === undefined) {
    text = build();
    if (sqlText.size > 500) sqlText.clear();
    sqlText.set(key, text);
  }
  return text;
}

export async function insertRows<T extends Table>(tx: Tx, dialect: Dialect, table: T, rows: Insertable<Database[T]>[], chunk = 500): Promise<void> {
  if (rows.length === 0) return;
  if (dialect === 'sqlite') {
    const first = rows[0] as Record<string, unknown>;
    const columns = Object.keys(first);
    const text = cachedSql(
      `insert ${table} ${columns.join(',')}`,
      () =>
        tx
          .insertInto(table)
          .values(first as never)
          .compile().sql,
    );
    const sqlite = sqliteOf(tx);
    if (sqlite) {
      const stmt = sqlite.statement(text);
      for (const row of rows) stmt.run(rowParams(columns, row as Record<string, unknown>));
      return;
    }
    for (const row of rows) await tx.executeQuery(CompiledQuery.raw(text, rowParams(columns, row as Record<string, unknown>)));
    return;
  }
  for (let i = 0; i < rows.length; i += chunk)
    await tx
      .insertInto(table)
      .values(rows.slice(i, i + chunk) as never)
      .execute();
}

/** SQLite: inserts each row and returns the rowid the database gave it (its INTEGER PRIMARY KEY). */
export async function insertRowsReturningRowid<T extends Table>(tx: Tx, table: T, rows: Insertable<Database[T]>[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const first = rows[0] as Record<string, unknown>;
  const columns = Object.keys(first);
  const out: number[] = new Array(rows.length);
  const sqlite = sqliteOf(tx);
  if (sqlite) {
    const text = cachedSql(
      `insert ${table} ${columns.join(',')}`,
      () =>
        tx
          .insertInto(table)
          .values(first as never)
          .compile().sql,
    );
    const stmt = sqlite.statement(text);
    for (let i = 0; i < rows.length; i++) out[i] = Number(stmt.run(rowParams(columns, rows[i] as Record<string, unknown>)).lastInsertRowid);
    return out;
  }
  const text = cachedSql(
    `insert-returning ${table} ${columns.join(',')}`,
    () => (tx.insertInto(table).values(first as never) as any).returning('rowid').compile().sql as string,
  );
  for (let i = 0; i < rows.length; i++) {
    const result = await tx.executeQuery<{ rowid: number }>(CompiledQuery.raw(text, rowParams(columns, rows[i] as Record<string, unknown>)));
    out[i] = Number(result.rows[0]!.rowid);
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
    const text = cachedSql(`select ${table} ${columns.join(',')}`, () => base().where('id', '=', unique[0]).compile().sql as string);
    const sqlite = sqliteOf(tx);
    if (sqlite) {
      const stmt = sqlite.statement(text);
      for (const id of unique) {
        const row = stmt.get(id) as Row | undefined;
        if (row) out.push(row);
      }
      return out;
    }
    for (const id of unique) out.push(...(await tx.executeQuery<Row>(CompiledQuery.raw(text, [id]))).rows);
    return out;
  }
  for (let i = 0; i < unique.length; i += 500)
    out.push(
      ...((await base()
        .where('id', 'in', unique.slice(i, i + 500))
        .execute()) as Row[]),
    );
  return out;
}
