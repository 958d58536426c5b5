// The command line of `vigie platform list`.
import type { Command } from 'commander';
import { dataOption, type DataOptions } from '../options.js';

export interface PlatformListOptions extends DataOptions {
  json?: boolean;
}

export function register(parent: Command): Command {
  return parent
    .command('list')
    .description('list the platforms this vigie serves (tab-separated, with a header)')
    .option('--json', 'one JSON array instead', false)
    .addOption(dataOption())
    .action(async (options: PlatformListOptions) => {
      const { run } = await import('../commands/platform-list.js');
      process.exitCode = await run(options);
    });
}
