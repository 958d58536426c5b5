// Keyed hashes of canonical identifiers. A plain hash of an email or a phone number can be
// reversed by hashing every plausible value; with a server secret in the key, a copy of the
// database alone reveals nothing, and the same identifier still always gives the same hash.
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { IdentifierKind } from './identifiers.js';

export const MIN_SECRET_BYTES = 32;

export class KeyedHasher {
  private readonly key: KeyObject;

  constructor(secret: Buffer) {
    if (secret.length < MIN_SECRET_BYTES) throw new Error(`the server secret must be at least ${MIN_SECRET_BYTES} bytes, got ${secret.length}`);
    this.key = createSecretKey(secret);
  }

  /** HMAC-SHA256(secret, kind ":" value), hex. The kind keeps a device id and a payment id with the same text apart. */
  hash(kind: IdentifierKind, value: string): string {
    return createHmac('sha256', this.key).update(`${kind}:${value}`, 'utf8').digest('hex');
  }

  /**
   * A value that tells whether two processes hold the same secret without revealing it.
   * Its input can never be a `kind:value` pair, so it cannot collide with an entry.
   */
  fingerprint(): string {
    return createHmac('sha256', this.key).update('vigie server secret fingerprint', 'utf8').digest('hex');
  }
}
