// Bringing a database's schema up to date (`vigie migrate`): the pending migrations are
// applied in order, and what was applied is reported. Store.open does the same on every
// start; this is for an operator who wants it done, and seen, beforehand.
import { openDatabase, type DatabaseConfig } from '../../store/connect.js';
import { migrateToLatest } from '../../store/migrate.js';

export interface Migrated {
  /** Which database, without its password. */
  database: string;
  /** The migrations applied now, in order; empty when it was up to date. */
  applied: string[];
}

export async function migrateDatabase(location: DatabaseConfig): Promise<Migrated> {
  const opened = openDatabase(location);
  try {
    const applied = await migrateToLatest(opened.db, opened.dialect, location.schema);
    return { database: opened.describe, applied };
  } finally {
    await opened.close();
  }
}
