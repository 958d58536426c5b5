// `vigie migrate`: applies the pending migrations and says which (or that there were none).
import { configFrom } from '../options.js';
import type { MigrateOptions } from '../grammar/migrate.js';
import { storeLocation } from '../../main/open-store.js';
import { migrateDatabase } from '../../services/log/migrate.js';

export async function run(values: MigrateOptions): Promise<number> {
  const { database, applied } = await migrateDatabase(storeLocation(configFrom(values)));
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : `${database}: already up to date\n`);
  return 0;
}
