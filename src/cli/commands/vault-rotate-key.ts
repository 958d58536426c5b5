// `vigie vault rotate-key`: wraps every data key under the new master key. Prints one JSON
// line; exit 1 while objects remain under another key (a server wrote some meanwhile: run
// it again once every process reads the new key).
import { resolve } from 'node:path';
import { configFrom } from '../options.js';
import type { VaultRotateKeyOptions } from '../grammar/vault-rotate-key.js';
import { rotateVaultKey } from '../../services/vault/vault-keys.js';

export async function run(values: VaultRotateKeyOptions): Promise<number> {
  const config = configFrom(values);
  const report = await rotateVaultKey(
    config.store.dataDir,
    { key: config.secrets.vaultKey, keyFile: config.vault.keyFile, previousKeyFiles: config.vault.previousKeyFiles },
    resolve(values.newKeyFile),
  );
  process.stdout.write(`${JSON.stringify(report)}\n`);
  const left = Object.entries(report.remaining).filter(([k]) => k !== report.newKeyId);
  if (left.length > 0) {
    process.stderr.write(`objects still under other keys: ${left.map(([k, n]) => `${k}: ${n}`).join(', ')}\n`);
    return 1;
  }
  if (!report.installedDefault) process.stderr.write('done: set VIGIE_VAULT_KEY_FILE (or VIGIE_VAULT_KEY) to the new key and restart every process\n');
  return 0;
}
