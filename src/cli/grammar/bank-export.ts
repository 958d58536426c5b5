// The command line of `vigie bank export`.
import { Option, type Command } from 'commander';
import { BANK_FORMATS, type BankFormat } from '../../match/index.js';
import { examples } from '../help.js';
import { dataOption, type DataOptions } from '../options.js';

export interface BankExportOptions extends DataOptions {
  name: string;
  format: BankFormat;
}

export function register(parent: Command): Command {
  return parent
    .command('export')
    .description("print a bank's live entries on stdout")
    .requiredOption('--name <name>', 'the bank')
    .addOption(new Option('--format <format>', 'how the list is written').choices(BANK_FORMATS).default('lines'))
    .addOption(dataOption())
    .addHelpText(
      'after',
      examples(
        ['vigie bank export --name internal-pdq > internal-pdq.txt', 'one hash per line'],
        ['vigie bank export --name internal-pdq --format threatexchange-csv > te.csv', 'for a ThreatExchange upload'],
      ),
    )
    .action(async (options: BankExportOptions) => {
      const { run } = await import('../commands/bank-export.js');
      process.exitCode = await run(options);
    });
}
