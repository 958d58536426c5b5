// `vigie vault migrate`: seals the clear media files a version before the vault left, in
// place (each written aside, flushed and renamed, so it can be stopped and run again). A
// server does the same on start; this is for doing it ahead of an upgrade, or checking it.
import { configFrom } from '../options.js';
import type { VaultMigrateOptions } from '../grammar/vault-migrate.js';
import { openVault, sealClearMedia } from '../../services/vault/vault-keys.js';

export async function run(values: VaultMigrateOptions): Promise<number> {
  const config = configFrom(values);
  const vault = await openVault(config.store.dataDir, {
    key: config.secrets.vaultKey,
    keyFile: config.vault.keyFile,
    previousKeyFiles: config.vault.previousKeyFiles,
  });
  if (vault.keyCreated) process.stderr.write(`vault master key created at ${vault.keyFrom}: back it up\n`);
  const report = await sealClearMedia(vault, new Date());
  process.stdout.write(`${JSON.stringify({ ...report, keyFrom: vault.keyFrom })}\n`);
  if (report.mismatched.length > 0)
    process.stderr.write(`${report.mismatched.length} clear file(s) did not match their digest: sealed as they were; reading them is refused\n`);
  if (report.unknownKey > 0) process.stderr.write(`${report.unknownKey} object(s) are wrapped by a master key that is not configured\n`);
  return report.unknownKey > 0 ? 1 : 0;
}
