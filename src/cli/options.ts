// Options that several commands share: where the data lives and which database to use.
// Loaded by every command's grammar (src/cli/grammar/), so it stays light: the store is
// imported only when a command opens it (through src/main/open-store.ts).
import { InvalidArgumentError, Option } from 'commander';
import { loadConfig, type Config, type ConfigOverrides } from '../config/config.js';
import type { Store } from '../store/store.js';

export interface DataOptions {
  data?: string | undefined;
}

export function dataOption(): Option {
  return new Option('--data <dir>', 'data folder: the SQLite database (unless DATABASE_URL is set) and media files').default(
    undefined,
    '$VIGIE_DATA or ./data',
  );
}

/** An option that takes a whole number within bounds; commander reports a bad value with `what`. */
export function wholeNumber(flag: string, min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isSafeInteger(n) || n < min || n > max) {
      const range =
        max === Number.MAX_SAFE_INTEGER ? (min === 1 ? 'a positive integer' : `a whole number of at least ${min}`) : `a whole number from ${min} to ${max}`;
      throw new InvalidArgumentError(`${flag} takes ${range}.`);
    }
    return n;
  };
}

export function configFrom(values: { data?: string | undefined; port?: number | undefined }): Config {
  const overrides: ConfigOverrides = {};
  if (values.data) overrides.store = { dataDir: values.data };
  if (values.port !== undefined) overrides.http = { port: values.port };
  return loadConfig(overrides);
}

export async function openStore(config: Config, migrate = true): Promise<Store> {
  const { openStore: open } = await import('../main/open-store.js');
  return open(config, migrate);
}
