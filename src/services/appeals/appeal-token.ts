// The token a platform puts in its notice to a suspended or locked user: it names the action
// and when it stops being good, signed with a key derived from the server secret
// (store/appeal-token-key.ts). Whoever holds it may appeal that action and read how the
// appeal stands, nothing more; it carries no personal data.
//
//   act_<hash>.<expiry, epoch seconds>.<HMAC-SHA256, base64url>
import { createHmac, timingSafeEqual } from 'node:crypto';

export type TokenReading = { ok: true; actionId: string; expiresAt: Date } | { ok: false; why: 'malformed' | 'forged' | 'expired' };

const SHAPE = /^(act_[0-9a-f]{64})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

function mac(key: Buffer, actionId: string, expires: number): string {
  return createHmac('sha256', key).update(`vigie appeal\n${actionId}\n${expires}`).digest('base64url');
}

export function mintAppealToken(key: Buffer, actionId: string, expiresAt: Date): string {
  const expires = Math.floor(expiresAt.getTime() / 1000);
  return `${actionId}.${expires}.${mac(key, actionId, expires)}`;
}

export function readAppealToken(key: Buffer, token: string, now: Date): TokenReading {
  const m = SHAPE.exec(token);
  if (!m) return { ok: false, why: 'malformed' };
  const [, actionId, exp, given] = m as unknown as [string, string, string, string];
  const expires = Number(exp);
  const expected = Buffer.from(mac(key, actionId, expires));
  if (!timingSafeEqual(expected, Buffer.from(given))) return { ok: false, why: 'forged' };
  if (expires * 1000 <= now.getTime()) return { ok: false, why: 'expired' };
  return { ok: true, actionId, expiresAt: new Date(expires * 1000) };
}
