// `vigie bank import --name NAME [--verified] [--format F] [--hash-type T] FILE`
// On a terminal, stderr shows which phase a long import is in (lists run to millions of lines).
import { readFile } from 'node:fs/promises';
import { configFrom, openStore } from '../options.js';
import type { BankImportOptions } from '../grammar/bank-import.js';
import { count, createProgress } from '../progress.js';
import { importBankList } from '../../services/banks/import-bank-list.js';
import { ServiceError } from '../../services/errors.js';
import { TAKE_IT_DOWN } from '../../match/bank.js';

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
    let total = '';
    const importing = (into: string, done: number | null) =>
      progress.update(() => `importing into ${into}: ${done === null ? `${total} entries…` : `${count(done)} of ${total} entries`}`);
    let into = values.name;
    const { bank, parsed, summary } = await importBankList(
      store,
      {
        name: values.name,
        hashType: values.hashType,
        source: values.source,
        listVersion: values.listVersion,
        listDate: values.listDate,
        verified: values.verified,
        format: values.format,
        text,
      },
      { kind: 'system', id: 'cli' },
      new Date().toISOString(),
      {
        onBankCreated: (b) => process.stderr.write(`created bank ${b.name} (${b.hashType}, source ${b.source}${handling(b)})\n`),
        // Parsing is synchronous and has no callback: one line says what it is doing.
        onParsing: () => progress.update(() => `parsing ${count(lineCount(text))} lines of ${file}…`),
        onParsed: (p, b) => {
          progress.done();
          for (const issue of p.issues) process.stderr.write(`${file}:${issue.line}: ${issue.message} (skipped)\n`);
          total = count(p.entries.length);
          into = b.name;
          importing(into, null);
        },
        onProgress: (done) => importing(into, done),
      },
    );
    progress.done();
    process.stdout.write(
      `${bank.name}: ${summary.added.length} added, ${summary.unchanged} already present, ${parsed.duplicates} duplicate lines folded, ${parsed.issues.length} bad lines skipped\n`,
    );
    return parsed.entries.length === 0 && parsed.issues.length > 0 ? 1 : 0;
  } catch (err) {
    // A bank of another hash type (conflict), or a bank name that is not allowed (invalid).
    if (!(err instanceof ServiceError && (err.kind === 'conflict' || err.kind === 'invalid'))) throw err;
    progress.done();
    process.stderr.write(`${err.message}\n`);
    return 2;
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

function handling(b: { source: string; verified: boolean }): string {
  if (b.source === TAKE_IT_DOWN) return ': Take It Down, matches are removed and the account goes to a person (docs/take-it-down.md)';
  return b.verified ? ', verified: matches may be actioned without a person' : ', matches go to review';
}
