// The command line of `vigie apikey create`.
import { Option, type Command } from 'commander';
import { API_SCOPES, type ApiScope } from '../../services/api-keys/api-key-hash.js';
import { examples } from '../help.js';
import { dataOption, type DataOptions } from '../options.js';

export interface ApikeyCreateOptions extends DataOptions {
  name: string;
  scope?: ApiScope[];
  platform?: string;
}

export function register(parent: Command): Command {
  return parent
    .command('create')
    .description('create a platform API key; it is printed once, on stdout, and only its hash is kept')
    .requiredOption('--name <name>', 'what the key is for, shown in the console and the log')
    .addOption(new Option('--scope <scope...>', 'what the key may do; repeat or list several').choices(API_SCOPES).default(undefined, 'every scope'))
    .option('--platform <id>', 'the platform the key acts for (vigie platform list)', 'default')
    .addOption(dataOption())
    .addHelpText(
      'after',
      examples(
        ['vigie apikey create --name "upload service" > upload.key', 'a key with every scope, saved to a file'],
        ['vigie apikey create --name "signup checks" --scope signups:check', 'a key that may only check sign-ups'],
        ['vigie apikey create --name "forum-2 ingest" --platform forum-2', 'a key for another platform (vigie platform add)'],
      ),
    )
    .action(async (options: ApikeyCreateOptions) => {
      const { run } = await import('../commands/apikey-create.js');
      process.exitCode = await run(options);
    });
}
