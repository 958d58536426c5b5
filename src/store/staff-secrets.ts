// Staff TOTP secrets are sealed at rest (AES-256-GCM) with a key derived from the server
// secret (server-secret.ts): a copy of the database alone, a backup or a dump, does not
// give anyone the second factor of every reviewer. The staff id is bound in as associated
// data, so a sealed secret copied onto another account does not open. Rows written before
// sealing existed hold the secret in clear; they still open, and are sealed again at the
// next sign-in.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Store } from './store.js';
import { loadServerSecret } from './server-secret.js';

const PREFIX = 'v1.';

/** The sealing key for this store's staff secrets (derived once per store; a failure is tried again). */
export function staffSecretKey(store: Store): Promise<Buffer> {
  return store.memo('staff-secret-key', async () =>
    Buffer.from(
      hkdfSync('sha256', await loadServerSecret(store.location.dataDir, store.location.serverSecret), Buffer.alloc(0), 'vigie staff totp secret v1', 32),
    ),
  );
}

export function sealTotpSecret(key: Buffer, staffId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(staffId, 'utf8'));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

export class StaffSecretError extends Error {
  override readonly name = 'StaffSecretError';
}

/** The secret in clear, and whether it was stored sealed. Throws StaffSecretError when it does not open. */
export function openTotpSecret(key: Buffer, staffId: string, stored: string): { secret: string; sealed: boolean } {
  // A base32 secret in clear never starts with the prefix (lower case and a dot).
  if (!stored.startsWith(PREFIX)) return { secret: stored, sealed: false };
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
  if (raw.length < 12 + 16 + 1) throw new StaffSecretError(`the second factor of ${staffId} is damaged`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(staffId, 'utf8'));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    const secret = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
    return { secret, sealed: true };
  } catch {
    // The message never carries the stored value.
    throw new StaffSecretError(
      `the second factor of ${staffId} does not open with this server secret (was VIGIE_SERVER_SECRET or data/keys/server.key changed?)`,
    );
  }
}
