// The vault's master keys. The current key comes from VIGIE_VAULT_KEY (base64 of 32 bytes,
// the way to give several processes the same key without a shared file), else from the file
// VIGIE_VAULT_KEY_FILE, else from <data dir>/keys/vault.key, created on first start (mode
// 0600) so that one command starts a working server; the log says so, since a key beside the
// data it protects guards against a stolen disk image of the media folder only, not of the
// whole data folder. Earlier keys stay readable during a rotation: the files listed in
// VIGIE_VAULT_PREVIOUS_KEY_FILES, and <data dir>/keys/vault.key.previous, which
// `vigie vault rotate-key` leaves when it replaces the default key.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createKeyFileOnce } from './key-file.js';
import { KEY_BYTES, keyring, type Keyring } from '../vault/envelope.js';

export interface VaultKeySource {
  /** VIGIE_VAULT_KEY as read by the configuration (a secret). */
  key?: string | undefined;
  keyFile?: string | undefined;
  previousKeyFiles?: readonly string[] | undefined;
}

export function defaultVaultKeyPath(dataDir: string): string {
  return join(dataDir, 'keys', 'vault.key');
}

export function previousVaultKeyPath(dataDir: string): string {
  return join(dataDir, 'keys', 'vault.key.previous');
}

/** A key as text (base64 of 32 bytes); the message names the place and the length, never the value. */
export function decodeVaultKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) throw new Error(`${where} is not base64`);
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`${where} holds ${key.length} bytes; a vault key is ${KEY_BYTES}`);
  return key;
}

export async function readVaultKeyFile(path: string): Promise<Buffer> {
  return decodeVaultKey(await readFile(path, 'utf8'), path);
}

async function readIfPresent(path: string): Promise<Buffer | undefined> {
  try {
    return await readVaultKeyFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Writes a new random key to `path` (mode 0600); another process that won the race keeps its key. */
export async function createVaultKeyFile(path: string): Promise<void> {
  await createKeyFileOnce(path, KEY_BYTES);
}

/** The keyring and where its current key came from; `created` when the default key file was made now. */
export async function loadVaultKeys(dataDir: string, source: VaultKeySource = {}): Promise<{ ring: Keyring; from: string; created: boolean }> {
  const previous: Buffer[] = [];
  for (const p of source.previousKeyFiles ?? []) previous.push(await readVaultKeyFile(p));
  if (source.key) return { ring: keyring(decodeVaultKey(source.key, 'VIGIE_VAULT_KEY'), previous), from: 'VIGIE_VAULT_KEY', created: false };
  if (source.keyFile) return { ring: keyring(await readVaultKeyFile(source.keyFile), previous), from: source.keyFile, created: false };
  const path = defaultVaultKeyPath(dataDir);
  let created = false;
  let key = await readIfPresent(path);
  if (!key) {
    await createVaultKeyFile(path);
    created = true;
    key = await readVaultKeyFile(path);
  }
  const left = await readIfPresent(previousVaultKeyPath(dataDir));
  if (left) previous.push(left);
  return { ring: keyring(key, previous), from: path, created };
}
