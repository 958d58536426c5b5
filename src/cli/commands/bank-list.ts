// `vigie bank list`: one line per bank.
import { configFrom, openStore } from '../options.js';
import type { BankListOptions } from '../grammar/bank-list.js';
import { listBanks } from '../../services/banks/find-bank.js';

export async function run(values: BankListOptions): Promise<number> {
  const store = await openStore(configFrom(values));
  try {
    const banks = await listBanks(store);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(banks)}\n`);
      return 0;
    }
    process.stdout.write('name\thash_type\tsource\tverified\tentries\tlist_version\tupdated_at\n');
    for (const b of banks) {
      process.stdout.write(`${b.name}\t${b.hashType}\t${b.source}\t${b.verified ? 'yes' : 'no'}\t${b.entries}\t${b.listVersion ?? ''}\t${b.updatedAt}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
