// `vigie bank export --name NAME [--format F]`: the bank's live entries on standard output.
import { configFrom, openStore } from '../options.js';
import type { BankExportOptions } from '../grammar/bank-export.js';
import { exportBank } from '../../services/banks/export-bank.js';
import { ServiceError } from '../../services/errors.js';

export async function run(values: BankExportOptions): Promise<number> {
  const store = await openStore(configFrom(values));
  try {
    process.stdout.write(await exportBank(store, values.name, values.format));
    return 0;
  } catch (err) {
    if (!(err instanceof ServiceError && err.kind === 'not-found')) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  } finally {
    await store.close();
  }
}
