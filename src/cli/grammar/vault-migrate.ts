// The command line of `vigie vault migrate`.
import type { Command } from 'commander';
import { examples } from '../help.js';
import { dataOption, type DataOptions } from '../options.js';

export type VaultMigrateOptions = DataOptions;

export function register(parent: Command): Command {
  return parent
    .command('migrate')
    .description('seal (encrypt in place) every media file a version before the vault stored in clear; safe to stop and run again')
    .addOption(dataOption())
    .addHelpText('after', examples(['vigie vault migrate --data /var/lib/vigie', 'prints one JSON line: files sealed, already sealed, under an unknown key']))
    .action(async (options: VaultMigrateOptions) => {
      const { run } = await import('../commands/vault-migrate.js');
      process.exitCode = await run(options);
    });
}
