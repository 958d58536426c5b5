// `vigie bank export --name NAME [--format F]`: the bank's live entries on standard output.
import { parseArgs } from 'node:util';
import { configFrom, dataOption, openStore } from '../options.js';
import { BANK_FORMATS, serialiseBankList, type BankEntry, type BankFormat } from '../../match/index.js';
import { bankEntries, findBank } from '../../store/bank-store.js';

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...dataOption, name: { type: 'string' }, format: { type: 'string', default: 'lines' } } });
  if (!values.name || !(BANK_FORMATS as readonly string[]).includes(values.format!)) {
    process.stderr.write(`usage: vigie bank export --name NAME [--format ${BANK_FORMATS.join('|')}] [--data DIR]\n`);
    return 2;
  }
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
    process.stdout.write(serialiseBankList(values.format as BankFormat, entries, bank.hashType));
    return 0;
  } finally {
    await store.close();
  }
}
