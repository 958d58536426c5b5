// The command line of `vigie migrate`.
import type { Command } from 'commander';
import { examples } from '../help.js';
import { dataOption, type DataOptions } from '../options.js';

export type MigrateOptions = DataOptions;

export function register(parent: Command): Command {
  return parent
    .command('migrate')
    .description('apply pending database migrations (serve also applies them when it starts)')
    .addOption(dataOption())
    .addHelpText(
      'after',
      examples(
        ['vigie migrate --data /var/lib/vigie', 'bring the SQLite database in /var/lib/vigie up to date'],
        ['DATABASE_URL=postgres://vigie@db/vigie vigie migrate', 'the same for PostgreSQL, before starting a new version'],
      ),
    )
    .action(async (options: MigrateOptions) => {
      const { run } = await import('../commands/migrate.js');
      process.exitCode = await run(options);
    });
}
