// Where a process's store lives, from its configuration, and opening it: for `vigie serve`
// and for every command that reads or writes the database (cli/options.ts loads this only
// when a command runs, so the command line's grammar stays light).
import type { Config } from '../config/config.js';
import type { DatabaseConfig } from '../store/connect.js';
import { Store } from '../store/store.js';

export function storeLocation(config: Config): DatabaseConfig {
  return {
    databaseUrl: config.secrets.databaseUrl,
    dataDir: config.store.dataDir,
    sqliteSynchronous: config.store.sqliteSynchronous,
    serverSecret: config.secrets.serverSecret,
  };
}

/** Opens the store (applying pending migrations unless `migrate` is false). */
export function openStore(config: Config, migrate = true): Promise<Store> {
  return Store.open(storeLocation(config), { migrate });
}
