// `vigie bank import --name NAME [--verified] [--format F] [--hash-type T] FILE`
// On a terminal, stderr shows which phase a long import is in (lists run to millions of lines).
import { readFile } from 'node:fs/promises';
import { configFrom, openStore } from '../options.js';
import type { BankImportOptions } from '../grammar/bank-import.js';
import { count, createProgress } from '../progress.js';
import { parseBankList } from '../../match/index.js';
import { createBank, findBank, importEntries } from '../../store/bank-store.js';

export async function run(file: string, values: BankImportOptions): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    process.stderr.write(`cannot read ${file}: ${(err as Error).message}\n`);
    return 1;
  }
  const store = await openStore(configFrom(values));
  const progress = createProgress(process.stderr);
  try {
    const actor = { kind: 'system' as const, id: 'cli' };
    const at = new Date().toISOString();
    let bank = await findBank(store, values.name);
    const hashType = values.hashType ?? 'pdq';
    if (!bank) {
      bank = await createBank(
        store,
        {
          name: values.name,
          hashType,
          source: values.source,
          listVersion: values.listVersion ?? null,
          listDate: values.listDate ?? null,
          verified: values.verified,
        },
        actor,
        at,
      );
      process.stderr.write(
        `created bank ${bank.name} (${bank.hashType}, source ${bank.source}${bank.verified ? ', verified: matches may be actioned without a person' : ', matches go to review'})\n`,
      );
    } else if (values.hashType !== undefined && bank.hashType !== hashType) {
      process.stderr.write(`bank ${bank.name} holds ${bank.hashType} hashes, not ${hashType}\n`);
      return 2;
    }
    // parseBankList is synchronous and has no callback: one line says what it is doing.
    progress.update(() => `parsing ${count(lineCount(text))} lines of ${file}…`);
    const parsed = parseBankList(values.format, text, bank.hashType);
    progress.done();
    for (const issue of parsed.issues) process.stderr.write(`${file}:${issue.line}: ${issue.message} (skipped)\n`);
    const total = count(parsed.entries.length);
    const into = bank.name;
    const importing = (done: number | null) =>
      progress.update(() => `importing into ${into}: ${done === null ? `${total} entries…` : `${count(done)} of ${total} entries`}`);
    importing(null);
    const summary = await importEntries(store, bank, parsed.entries, actor, at, values.listVersion, { onProgress: importing });
    progress.done();
    process.stdout.write(
      `${bank.name}: ${summary.added.length} added, ${summary.unchanged} already present, ${parsed.duplicates} duplicate lines folded, ${parsed.issues.length} bad lines skipped\n`,
    );
    return parsed.entries.length === 0 && parsed.issues.length > 0 ? 1 : 0;
  } finally {
    progress.done();
    await store.close();
  }
}

function lineCount(text: string): number {
  let n = text.length > 0 && !text.endsWith('\n') ? 1 : 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
