// The command line of `vigie platform add`.
import type { Command } from 'commander';
import { examples } from '../help.js';
import { dataOption, type DataOptions } from '../options.js';

export interface PlatformAddOptions extends DataOptions {
  name: string;
}

export function register(parent: Command): Command {
  return parent
    .command('add')
    .description('register another platform that this vigie serves; its keys, ids, webhooks and block registry are its own')
    .argument('<id>', 'a short lower-case id: letters, digits and inner hyphens, up to 32 characters')
    .requiredOption('--name <name>', 'the name staff see')
    .addOption(dataOption())
    .addHelpText(
      'after',
      examples(['vigie platform add forum-2 --name "Second forum"', 'then: vigie apikey create --platform forum-2 --name "forum-2 ingest"']) +
        '\nA single platform needs none of this: it is the "default" platform, there from the start.\n',
    )
    .action(async (id: string, options: PlatformAddOptions) => {
      const { run } = await import('../commands/platform-add.js');
      process.exitCode = await run(id, options);
    });
}
