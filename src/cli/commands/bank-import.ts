// `vigie bank import --name NAME [--verified] [--format F] [--hash-type T] FILE`
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { configFrom, dataOption, openStore } from '../options.js';
import { BANK_FORMATS, HASH_TYPES, parseBankList, type BankFormat, type HashType } from '../../match/index.js';
import { createBank, findBank, importEntries } from '../../store/bank-store.js';

const USAGE = `usage: vigie bank import --name NAME [--verified] [--format ${BANK_FORMATS.join('|')}] [--hash-type ${HASH_TYPES.join('|')}]
                         [--source SOURCE] [--list-version V] [--list-date DATE] [--data DIR] FILE
  --verified   matches on this bank may be actioned without a person (set when the bank is created)
`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...dataOption,
      name: { type: 'string' },
      verified: { type: 'boolean', default: false },
      format: { type: 'string', default: 'lines' },
      'hash-type': { type: 'string', default: 'pdq' },
      source: { type: 'string', default: 'internal' },
      'list-version': { type: 'string' },
      'list-date': { type: 'string' },
    },
  });
  const file = positionals[0];
  if (!values.name || !file || positionals.length > 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (!(BANK_FORMATS as readonly string[]).includes(values.format!)) {
    process.stderr.write(`unknown format "${values.format}"; formats: ${BANK_FORMATS.join(', ')}\n`);
    return 2;
  }
  if (!(HASH_TYPES as readonly string[]).includes(values['hash-type']!)) {
    process.stderr.write(`unknown hash type "${values['hash-type']}"; types: ${HASH_TYPES.join(', ')}\n`);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    process.stderr.write(`cannot read ${file}: ${(err as Error).message}\n`);
    return 1;
  }
  const store = await openStore(configFrom(values));
  try {
    const actor = { kind: 'system' as const, id: 'cli' };
    const at = new Date().toISOString();
    let bank = await findBank(store, values.name);
    const hashType = values['hash-type'] as HashType;
    if (!bank) {
      bank = await createBank(
        store,
        { name: values.name, hashType, source: values.source!, listVersion: values['list-version'] ?? null, listDate: values['list-date'] ?? null, verified: values.verified! },
        actor,
        at,
      );
      process.stderr.write(`created bank ${bank.name} (${bank.hashType}, source ${bank.source}${bank.verified ? ', verified: matches may be actioned without a person' : ', matches go to review'})\n`);
    } else if (bank.hashType !== hashType && args.includes('--hash-type')) {
      process.stderr.write(`bank ${bank.name} holds ${bank.hashType} hashes, not ${hashType}\n`);
      return 2;
    }
    const parsed = parseBankList(values.format as BankFormat, text, bank.hashType);
    for (const issue of parsed.issues) process.stderr.write(`${file}:${issue.line}: ${issue.message} (skipped)\n`);
    const summary = await importEntries(store, bank, parsed.entries, actor, at, values['list-version']);
    process.stdout.write(
      `${bank.name}: ${summary.added.length} added, ${summary.unchanged} already present, ${parsed.duplicates} duplicate lines folded, ${parsed.issues.length} bad lines skipped\n`,
    );
    return parsed.entries.length === 0 && parsed.issues.length > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}
