import { configFrom } from '../options.js';
import type { MigrateOptions } from '../grammar/migrate.js';
import { openDatabase } from '../../store/connect.js';
import { migrateToLatest } from '../../store/migrate.js';

export async function run(values: MigrateOptions): Promise<number> {
  const config = configFrom(values);
  const opened = openDatabase({ databaseUrl: config.secrets.databaseUrl, dataDir: config.store.dataDir });
  try {
    const applied = await migrateToLatest(opened.db, opened.dialect);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : `${opened.describe}: already up to date\n`);
    return 0;
  } finally {
    await opened.close();
  }
}
