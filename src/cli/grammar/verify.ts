// The command line of `vigie verify`.
import type { Command } from 'commander';
import { examples } from '../help.js';
import { dataOption, type DataOptions } from '../options.js';

export interface VerifyOptions extends DataOptions {
  json?: boolean;
}

export function register(parent: Command): Command {
  return parent
    .command('verify')
    .description('check the moderation log: every hash, every link, and the cached state')
    .addOption(dataOption())
    .option('--json', 'print the report as one JSON object', false)
    .addHelpText(
      'after',
      examples(
        ['vigie verify --data /var/lib/vigie', 'exit 0 when everything holds; otherwise the first bad event and every other problem, exit 1'],
        ['vigie verify --json > verify-report.json', 'keep the report'],
      ),
    )
    .action(async (options: VerifyOptions) => {
      const { run } = await import('../commands/verify.js');
      process.exitCode = await run(options);
    });
}
