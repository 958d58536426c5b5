// The TOTP second factor (RFC 6238 as authenticator apps speak it: SHA-1, 6 digits, 30 s).
// A code is accepted one step either side of now, to allow for clock drift, and never
// twice: the caller stores the step accepted and passes it back as `lastStep`.
import { timingSafeEqual } from 'node:crypto';
import * as OTPAuth from 'otpauth';

export const TOTP_ISSUER = 'vigie';
const PERIOD_S = 30;
const DIGITS = 6;
const WINDOW = 1;

/** A new random secret, base32 (160 bits, the HMAC-SHA-1 key size RFC 4226 recommends). */
export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

function totpFor(secretBase32: string, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: TOTP_ISSUER,
    label,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD_S,
  });
}

/** The otpauth:// URI an authenticator app enrols from (usually shown as a QR code). */
export function enrolmentUri(secretBase32: string, username: string): string {
  return totpFor(secretBase32, username).toString();
}

export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / PERIOD_S);
}

/** The code for a time; for tests and for tools, never sent anywhere by the server. */
export function totpCode(secretBase32: string, nowMs: number): string {
  return totpFor(secretBase32, 'code').generate({ timestamp: nowMs });
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'wrong' | 'replayed' };

/** Pure: whether `code` is good at `nowMs` for a user whose last accepted step was `lastStep`. */
export function checkTotp(secretBase32: string, code: string, nowMs: number, lastStep: number): TotpCheck {
  const given = Buffer.from(code.padEnd(DIGITS, ' ').slice(0, 16));
  const now = totpStep(nowMs);
  let matched: number | null = null;
  let replayed = false;
  // Every step in the window is computed and compared, matching or not, so the time taken
  // does not depend on which step (if any) matched.
  for (let step = now - WINDOW; step <= now + WINDOW; step++) {
    const expected = Buffer.from(totpFor(secretBase32, 'code').generate({ timestamp: step * PERIOD_S * 1000 }));
    const same = expected.length === given.length && timingSafeEqual(expected, given);
    if (!same) continue;
    if (step > lastStep) matched = step;
    else replayed = true;
  }
  if (matched !== null) return { ok: true, step: matched };
  return { ok: false, reason: replayed ? 'replayed' : 'wrong' };
}
