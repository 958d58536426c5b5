// The server secret that keys the block registry's hashes. From VIGIE_SERVER_SECRET when set
// (the way to give several API nodes the same one), otherwise from <data dir>/keys/server.key,
// created on first use. Losing it makes every registry entry unmatchable: back it up.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createKeyFileOnce } from './key-file.js';

export const SERVER_SECRET_ENV = 'VIGIE_SERVER_SECRET';

export function serverKeyPath(dataDir: string): string {
  return join(dataDir, 'keys', 'server.key');
}

/** 256 bits: what the keyed hashes of identifiers and sealed secrets need (KeyedHasher checks it again). */
const MIN_SECRET_BYTES = 32;

function decode(text: string, where: string): Buffer {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) throw new Error(`${where} is not base64`);
  const secret = Buffer.from(trimmed, 'base64');
  // The message names the length only: the value must never reach a log.
  if (secret.length < MIN_SECRET_BYTES) throw new Error(`${where} holds ${secret.length} bytes; at least ${MIN_SECRET_BYTES} are needed`);
  return secret;
}

/** `configured`: VIGIE_SERVER_SECRET as the configuration read it; otherwise the data folder's key file, made on first use. */
export async function loadServerSecret(dataDir: string, configured?: string): Promise<Buffer> {
  if (configured !== undefined && configured !== '') return decode(configured, SERVER_SECRET_ENV);
  const path = serverKeyPath(dataDir);
  try {
    return decode(await readFile(path, 'utf8'), path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await createKeyFileOnce(path, MIN_SECRET_BYTES);
  return decode(await readFile(path, 'utf8'), path);
}
