// The webhook signature: `vigie-signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]`, each v1
// an HMAC-SHA256 of "<t>.<body>" under one secret. Pure (no clock, no I/O), so that vigie
// signs and a platform verifies with the same code.
//
// The timestamp is inside the MAC so that a captured message cannot be replayed later with a
// fresh timestamp; the tolerance bounds how long a captured one stays usable. Several v1 values
// let a sender sign with an old and a new secret while a receiver moves from one to the other.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'vigie-signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

type Body = string | Uint8Array;

/** Hex HMAC-SHA256 of "<timestamp>.<body>"; the body must be the exact bytes sent. */
export function signatureOf(secret: string, timestamp: number, body: Body): string {
  assertTimestamp(timestamp);
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The header value for `body` sent at `timestamp` (unix seconds), one v1 per secret. */
export function sign(secret: string | readonly string[], timestamp: number, body: Body): string {
  const secrets = typeof secret === 'string' ? [secret] : secret;
  if (secrets.length === 0) throw new TypeError('sign needs at least one secret');
  return [`t=${timestamp}`, ...secrets.map((s) => `v1=${signatureOf(s, timestamp, body)}`)].join(',');
}

export type VerifyFailure = 'malformed' | 'stale' | 'mismatch';
export type Verified = { ok: true; timestamp: number } | { ok: false; reason: VerifyFailure };

interface ParsedHeader {
  timestamp: number;
  v1: Buffer[];
}

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** undefined if the header is not of the documented shape (unknown schemes are ignored, not refused). */
export function parseSignatureHeader(header: string): ParsedHeader | undefined {
  let timestamp: number | undefined;
  const v1: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return undefined;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (timestamp !== undefined || !/^[0-9]{1,12}$/.test(value)) return undefined;
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!HEX_SHA256.test(value)) return undefined;
      v1.push(Buffer.from(value, 'hex'));
    }
  }
  if (timestamp === undefined || v1.length === 0) return undefined;
  return { timestamp, v1 };
}

/**
 * Checks a received message. `secret` may list several secrets (the receiver's side of a
 * rotation); `now` is a Date or milliseconds since the epoch; the timestamp may be off by
 * `toleranceSeconds` either way, which also absorbs clock skew between the two hosts.
 */
export function verifySignature(
  secret: string | readonly string[],
  header: string | undefined | null,
  body: Body,
  now: Date | number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): Verified {
  if (!header) return { ok: false, reason: 'malformed' };
  const parsed = parseSignatureHeader(header);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const nowSeconds = Math.floor((typeof now === 'number' ? now : now.getTime()) / 1000);
  if (!(Math.abs(nowSeconds - parsed.timestamp) <= toleranceSeconds)) return { ok: false, reason: 'stale' };
  const secrets = typeof secret === 'string' ? [secret] : secret;
  for (const s of secrets) {
    const expected = Buffer.from(signatureOf(s, parsed.timestamp, body), 'hex');
    // Equal lengths are guaranteed by the header check, which timingSafeEqual requires.
    for (const candidate of parsed.v1) if (timingSafeEqual(expected, candidate)) return { ok: true, timestamp: parsed.timestamp };
  }
  return { ok: false, reason: 'mismatch' };
}

function assertTimestamp(t: number): void {
  if (!Number.isInteger(t) || t < 0 || t > 999_999_999_999) throw new RangeError(`not a unix time in seconds: ${t}`);
}
