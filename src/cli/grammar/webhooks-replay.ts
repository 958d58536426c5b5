// The command line of `vigie webhooks replay`.
import { Option, type Command } from 'commander';
import { examples } from '../help.js';
import { dataOption, wholeNumber, type DataOptions } from '../options.js';

export interface WebhooksReplayOptions extends DataOptions {
  id?: string;
  allDead?: boolean;
  endpoint?: string;
  limit?: number;
  reason?: string;
}

export function register(parent: Command): Command {
  return parent
    .command('replay')
    .description("send webhook deliveries again, with their original idempotency keys; the server's workers send them")
    .addOption(new Option('--id <id>', 'the one delivery to send again').conflicts(['allDead', 'endpoint', 'limit']))
    .option('--all-dead', 'every dead delivery')
    .option('--endpoint <id>', 'with --all-dead: only those of this endpoint')
    .addOption(new Option('--limit <n>', 'with --all-dead: at most this many').argParser(wholeNumber('--limit', 1, 10_000)).default(undefined, '1000'))
    .option('--reason <text>', 'why, recorded in the log', 'vigie webhooks replay')
    .addOption(dataOption())
    .addHelpText(
      'after',
      examples(
        ['vigie webhooks replay --id whd_0190a1b2-…', 'one delivery'],
        ['vigie webhooks replay --all-dead --endpoint whe_0190c3d4-… --reason "receiver fixed"', 'every dead delivery of one endpoint'],
      ) + '\nThe replayed ids go to stdout, one a line; a summary goes to stderr.\n',
    )
    .action(async (options: WebhooksReplayOptions, command: Command) => {
      // commander has no "exactly one of"; --id excludes the others above.
      if (options.id === undefined && !options.allDead) command.error('error: give --id ID or --all-dead', { code: 'vigie.missingChoice' });
      const { run } = await import('../commands/webhooks-replay.js');
      process.exitCode = await run(options);
    });
}
