// Staff password hashes: argon2id. Verification reads the cost from the stored hash, so
// raising the cost later only needs new hashes (rehashed at the next sign-in).
import argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import type { Config } from '../../config/config.js';

export interface PasswordHashing {
  /** KiB of memory per hash. */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

// Above OWASP's current minimum for argon2id (19 MiB, 2 passes, 1 lane): more memory is
// the cost that hurts an attacker's GPUs most while keeping one sign-in near 0.1-0.2 s.
export const PRODUCTION_HASHING: PasswordHashing = { memoryCost: 65536, timeCost: 2, parallelism: 1 };

declare module '../../config/config.js' {
  interface Config {
    /** Cost of new staff password hashes; unset means PRODUCTION_HASHING. Tests set a cheap one. */
    passwordHashing?: PasswordHashing;
  }
}

export function hashingFor(config: Pick<Config, 'passwordHashing'>): PasswordHashing {
  return config.passwordHashing ?? PRODUCTION_HASHING;
}

export function hashPassword(password: string, hashing: PasswordHashing): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, ...hashing });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    // A malformed stored hash must read as "wrong password", never as a server error that
    // would tell a caller this username exists.
    return false;
  }
}

export function needsRehash(hash: string, hashing: PasswordHashing): boolean {
  try {
    return argon2.needsRehash(hash, hashing);
  } catch {
    return true;
  }
}

const decoys = new Map<string, Promise<string>>();

/**
 * Spends the time of one verification for a username that does not exist, so that the
 * answer's timing does not tell which usernames are staff.
 */
export async function spendVerificationTime(password: string, hashing: PasswordHashing): Promise<void> {
  const key = `${hashing.memoryCost}:${hashing.timeCost}:${hashing.parallelism}`;
  let decoy = decoys.get(key);
  if (!decoy) {
    decoy = hashPassword(randomBytes(24).toString('base64url'), hashing);
    decoys.set(key, decoy);
  }
  await verifyPassword(await decoy, password);
}
