// The public report page's challenge, as values: a token the server signs when it serves the
// form, and the checks on what comes back. Pure (no clock, no randomness, no database): the
// service passes in the time, the nonce and the key.
//
// One token serves both ways of sending the form. With JavaScript the browser finds a
// number whose SHA-256 with the token starts with `bits` zero bits (a light proof of work,
// report-page script); without it, the form is accepted once `wait` seconds have passed since
// the token was served. Both numbers are inside the signature, so a client cannot lower
// them; the nonce is what makes each token usable once (the service records it).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface ChallengeTerms {
  issuedAtMs: number;
  /** 16 random bytes, base64url. */
  nonce: string;
  /** Leading zero bits the proof of work needs. */
  bits: number;
  /** Seconds after which the form is accepted without a proof of work. */
  waitSeconds: number;
}

export type ChallengeRefusal = 'malformed' | 'expired' | 'too-early' | 'wrong-solution';

const VERSION = 'v1';
const TOKEN = /^v1\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{22})\.(\d{1,2})\.(\d{1,4})\.([A-Za-z0-9_-]{43})$/;
const SOLUTION = /^\d{1,15}$/;
/** A token a little ahead of this node's clock (another node's) is still good. */
const CLOCK_SKEW_MS = 5_000;

export function signChallenge(key: Buffer, terms: ChallengeTerms): string {
  const body = `${VERSION}.${terms.issuedAtMs.toString(36)}.${terms.nonce}.${terms.bits}.${terms.waitSeconds}`;
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
}

/** The terms of a token this key signed; null for anything else. */
export function readChallenge(key: Buffer, token: string): ChallengeTerms | null {
  const m = TOKEN.exec(token);
  if (!m) return null;
  const body = token.slice(0, token.lastIndexOf('.'));
  const expected = createHmac('sha256', key).update(body).digest();
  const given = Buffer.from(m[5]!, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { issuedAtMs: parseInt(m[1]!, 36), nonce: m[2]!, bits: Number(m[3]), waitSeconds: Number(m[4]) };
}

/** Leading zero bits of SHA-256("<token>:<solution>"). */
export function workBits(token: string, solution: string): number {
  const digest = createHash('sha256').update(`${token}:${solution}`).digest();
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    bits += Math.clz32(byte) - 24;
    break;
  }
  return bits;
}

/**
 * Whether a form sent back with this token (and the browser's solution, if any) may be
 * accepted now. Refusals: a token not ours or not well-formed, one older than `ttlMs`, a
 * form without a solution sent before the wait is over, a solution that does not solve.
 */
export function checkChallenge(
  terms: ChallengeTerms,
  token: string,
  solution: string | undefined,
  nowMs: number,
  ttlMs: number,
): { ok: true } | { ok: false; refusal: ChallengeRefusal } {
  const age = nowMs - terms.issuedAtMs;
  if (age < -CLOCK_SKEW_MS || age > ttlMs) return { ok: false, refusal: 'expired' };
  if (solution === undefined || solution === '') {
    return age >= terms.waitSeconds * 1000 ? { ok: true } : { ok: false, refusal: 'too-early' };
  }
  if (!SOLUTION.test(solution)) return { ok: false, refusal: 'malformed' };
  return workBits(token, solution) >= terms.bits ? { ok: true } : { ok: false, refusal: 'wrong-solution' };
}

/** Finds a solution (the bench client and tests do; browsers run the same loop in the page's script). */
export function solveChallenge(token: string, bits: number): string {
  for (let n = 0; ; n++) {
    const s = String(n);
    if (workBits(token, s) >= bits) return s;
  }
}
