// The command line of `vigie bank import`.
import { Option, type Command } from 'commander';
import { BANK_FORMATS, HASH_TYPES, type BankFormat, type HashType } from '../../match/index.js';
import { examples } from '../help.js';
import { dataOption, type DataOptions } from '../options.js';

export interface BankImportOptions extends DataOptions {
  name: string;
  verified: boolean;
  format: BankFormat;
  /** Undefined when not given: a new bank is then PDQ, an existing one keeps its own. */
  hashType?: HashType;
  source: string;
  listVersion?: string;
  listDate?: string;
}

export function register(parent: Command): Command {
  return parent
    .command('import')
    .description('import a hash list into a bank, creating the bank the first time')
    .argument('<file>', 'the list to import')
    .requiredOption('--name <name>', 'the bank')
    .option('--verified', 'matches on this bank may be actioned without a person (set when the bank is created)', false)
    .addOption(new Option('--format <format>', 'how the list is written').choices(BANK_FORMATS).default('lines'))
    .addOption(
      new Option('--hash-type <type>', 'what the hashes are').choices(HASH_TYPES).default(undefined, 'pdq for a new bank; an existing bank keeps its own'),
    )
    .option(
      '--source <source>',
      "where the list comes from, kept as the bank's provenance (new bank); take-it-down for NCMEC's Take It Down list, handled apart (docs/take-it-down.md)",
      'internal',
    )
    .option('--list-version <version>', "the list's own version, recorded with the import")
    .option('--list-date <date>', "the list's publication date (new bank)")
    .addOption(dataOption())
    .addHelpText(
      'after',
      examples(
        ['vigie bank import --name internal-pdq hashes.txt', 'one PDQ hash per line; reviewers see every match'],
        [
          'vigie bank import --name partner --verified --source partner-x --list-version 2024-06 --format csv partner.csv',
          'a vetted list whose matches may be actioned without a person',
        ],
        ['vigie bank import --name te --format threatexchange-csv export.csv', 'a ThreatExchange CSV export'],
        [
          'vigie bank import --name take-it-down-md5 --source take-it-down --hash-type md5 tid.txt',
          'a Take It Down list: matches are removed, the account goes to a person (never --verified)',
        ],
      ) + '\nBad lines are named on stderr and skipped. On a terminal, progress is shown on stderr.\n',
    )
    .action(async (file: string, options: BankImportOptions) => {
      const { run } = await import('../commands/bank-import.js');
      process.exitCode = await run(file, options);
    });
}
