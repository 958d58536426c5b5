// `vigie bank export --name NAME [--format F]`: the bank's live entries on standard output.
import { configFrom, openStore } from '../options.js';
import type { BankExportOptions } from '../grammar/bank-export.js';
import { serialiseBankList, type BankEntry } from '../../match/index.js';
import { bankEntries, findBank } from '../../store/bank-store.js';

export async function run(values: BankExportOptions): Promise<number> {
  const store = await openStore(configFrom(values));
  try {
    const bank = await findBank(store, values.name);
    if (!bank) {
      process.stderr.write(`no bank named ${values.name}\n`);
      return 1;
    }
    const entries: BankEntry[] = [];
    for await (const e of bankEntries(store, bank.id)) {
      entries.push({
        hash: e.hash,
        ...(e.label !== null ? { label: e.label } : {}),
        ...(e.sourceId !== null ? { sourceId: e.sourceId } : {}),
        ...(e.contributor !== null ? { contributor: e.contributor } : {}),
        ...(e.extra ? { extra: e.extra } : {}),
      });
    }
    process.stdout.write(serialiseBankList(values.format, entries, bank.hashType));
    return 0;
  } finally {
    await store.close();
  }
}
