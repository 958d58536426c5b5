// The command line of `vigie vault rotate-key`.
import type { Command } from 'commander';
import { examples } from '../help.js';
import { dataOption, type DataOptions } from '../options.js';

export interface VaultRotateKeyOptions extends DataOptions {
  newKeyFile: string;
}

export function register(parent: Command): Command {
  return parent
    .command('rotate-key')
    .description('wrap every object’s data key under a new master key (no data is re-encrypted); safe to stop and run again')
    .addOption(dataOption())
    .requiredOption('--new-key-file <file>', 'the new master key: base64 of 32 random bytes (e.g. `openssl rand -base64 32 > new.key`)')
    .addHelpText(
      'after',
      examples(
        ['openssl rand -base64 32 > /etc/vigie/vault-2.key && chmod 600 /etc/vigie/vault-2.key', 'make a new key'],
        ['vigie vault rotate-key --data /var/lib/vigie --new-key-file /etc/vigie/vault-2.key', 'then point VIGIE_VAULT_KEY_FILE at it and restart'],
      ),
    )
    .action(async (options: VaultRotateKeyOptions) => {
      const { run } = await import('../commands/vault-rotate-key.js');
      process.exitCode = await run(options);
    });
}
