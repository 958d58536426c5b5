// Opening the vault (its master keys and its two trees), sealing the clear media a version
// before the vault left on disk, and rotating the master key.
import { join } from 'node:path';
import { rename, unlink, writeFile, readFile } from 'node:fs/promises';
import { masterKey, type Keyring } from '../../vault/envelope.js';
import { MediaFiles, mediaRoot } from '../../store/media-files.js';
import { VaultFiles, type RewrapReport, type SealReport, type WalkEntry } from '../../store/vault-files.js';
import { defaultVaultKeyPath, loadVaultKeys, previousVaultKeyPath, readVaultKeyFile, type VaultKeySource } from '../../store/vault-keys.js';
import type { VaultTrees } from './vault.js';

export type { VaultKeySource };

export interface OpenedVault extends VaultTrees {
  media: MediaFiles;
  ring: Keyring;
  /** Where the current key came from (a path or VIGIE_VAULT_KEY; never the key). */
  keyFrom: string;
  /** The default key file was made now (first start). */
  keyCreated: boolean;
}

export function snapshotsRoot(dataDir: string): string {
  return join(dataDir, 'vault', 'snapshots');
}

export async function openVault(dataDir: string, source: VaultKeySource): Promise<OpenedVault> {
  const { ring, from, created } = await loadVaultKeys(dataDir, source);
  return {
    media: new MediaFiles(mediaRoot(dataDir), ring),
    snapshots: new VaultFiles(snapshotsRoot(dataDir), ring, 'snapshot'),
    ring,
    keyFrom: from,
    keyCreated: created,
  };
}

/** Seals every clear media file (and marks the tree done); `onFile` after each (tests stop there). */
export async function sealClearMedia(vault: VaultTrees, now: Date, onFile?: (e: WalkEntry) => void | Promise<void>): Promise<SealReport> {
  const report = await vault.media.sealClear(onFile);
  if (report.unknownKey === 0) await vault.media.markSealed(now);
  return report;
}

/** On start: seals clear media once (a tree marked done is not walked again). Undefined when nothing was to do. */
export async function sealClearMediaOnStart(vault: VaultTrees, now: Date): Promise<SealReport | undefined> {
  if (await vault.media.sealedMarked()) return undefined;
  return sealClearMedia(vault, now);
}

export interface RotationReport {
  newKeyId: string;
  media: RewrapReport;
  snapshots: RewrapReport;
  /** Objects by the key that wraps them, after the run (all under newKeyId when done). */
  remaining: Record<string, number>;
  /** The data folder's default key file now holds the new key (the old one kept as vault.key.previous until nothing uses it). */
  installedDefault: boolean;
}

/**
 * Wraps every data key again under the key in `newKeyFile`, without re-encrypting data.
 * Safe to stop and run again: an object is rewritten whole (aside, flushed, renamed) and the
 * old key keeps reading what is not done. When the vault uses the data folder's default key
 * file, the new key replaces it once every object is done, the old key kept beside it until
 * a later run finds nothing wrapped by it.
 */
export async function rotateVaultKey(
  dataDir: string,
  source: VaultKeySource,
  newKeyFile: string,
  onFile?: (e: WalkEntry) => void | Promise<void>,
): Promise<RotationReport> {
  const vault = await openVault(dataDir, source);
  const to = masterKey(await readVaultKeyFile(newKeyFile));
  const media = await vault.media.rewrap(to, onFile);
  const snapshots = await vault.snapshots.rewrap(to, onFile);
  const counts = new Map<string, number>();
  for (const tree of [vault.media, vault.snapshots]) for (const [k, n] of await tree.keyUse()) counts.set(k, (counts.get(k) ?? 0) + n);
  const remaining = Object.fromEntries(counts);
  const done = [...counts.keys()].every((k) => k === to.id);
  let installedDefault = false;
  const usesDefault = !source.key && !source.keyFile;
  if (usesDefault && done) {
    const current = defaultVaultKeyPath(dataDir);
    if (vault.ring.current.id !== to.id) {
      // The old key first, so that a crash between the two writes leaves both readable.
      await replaceFile(previousVaultKeyPath(dataDir), await readFile(current));
      await replaceFile(current, await readFile(newKeyFile));
    } else {
      // A second run after the switch: nothing is wrapped by the previous key any more.
      await unlink(previousVaultKeyPath(dataDir)).catch(() => undefined);
    }
    installedDefault = true;
  }
  return { newKeyId: to.id, media, snapshots, remaining, installedDefault };
}

async function replaceFile(path: string, bytes: Buffer): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, bytes, { mode: 0o600, flush: true });
  await rename(tmp, path);
}
