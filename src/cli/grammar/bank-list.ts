// The command line of `vigie bank list`.
import type { Command } from 'commander';
import { examples } from '../help.js';
import { dataOption, type DataOptions } from '../options.js';

export interface BankListOptions extends DataOptions {
  json?: boolean;
}

export function register(parent: Command): Command {
  return parent
    .command('list')
    .description('list the banks with their provenance and sizes (tab-separated, with a header)')
    .option('--json', 'one JSON array instead', false)
    .addOption(dataOption())
    .addHelpText(
      'after',
      examples(
        ['vigie bank list', 'name, hash type, source, verified, entries, list version, last update'],
        ['vigie bank list --json | jq -r ".[].name"', 'just the names'],
      ),
    )
    .action(async (options: BankListOptions) => {
      const { run } = await import('../commands/bank-list.js');
      process.exitCode = await run(options);
    });
}
