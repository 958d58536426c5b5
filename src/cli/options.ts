// Options that several commands share: where the data lives and which database to use.
import { loadConfig, type Config } from '../config.js';
import { Store } from '../store/store.js';

export const dataOption = { data: { type: 'string' as const } };

export function configFrom(values: { data?: string | undefined; port?: string | undefined }): Config {
  const overrides: Partial<Config> = {};
  if (values.data) overrides.dataDir = values.data;
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got "${values.port}"`);
    overrides.port = port;
  }
  return loadConfig(overrides);
}

export function openStore(config: Config, migrate = true): Promise<Store> {
  return Store.open({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, sqliteSynchronous: config.sqliteSynchronous }, { migrate });
}
