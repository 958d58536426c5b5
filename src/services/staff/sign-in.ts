// Staff sign-in: password and TOTP code, both always checked, with one answer for every
// failure so that a caller learns neither which factor was wrong nor whether the user
// exists. The moderation log does record why (for whoever reads the audit trail: a right
// password with wrong codes means the password has leaked).
import { openTotpSecret, sealTotpSecret, staffSecretKey } from '../../store/staff-secrets.js';
import { createHash } from 'node:crypto';
import type { Store } from '../../store/store.js';
import type { Config } from '../../config/config.js';
import type { PayloadOf } from '../../moderation/payloads.js';
import {
  deleteExpiredSessionsOf,
  findStaffByUsername,
  insertSession,
  lockStaff,
  recordSignInFailure,
  recordSignInSuccess,
  replacePasswordHash,
  toStaffView,
  type StaffView,
} from '../../store/staff-store.js';
import { hashingFor, hashPassword, needsRehash, spendVerificationTime, verifyPassword } from './password-hash.js';
import { checkTotp } from './totp.js';
import { afterFailure, isLocked } from './lockout.js';
import { ABSOLUTE_MS, hashToken, newToken } from './session-policy.js';
import { normaliseUsername } from './staff-enrolment.js';

export interface SignInInput {
  username: string;
  password: string;
  totp: string;
  ip: string;
}

export type SignInResult = { ok: true; staff: StaffView; token: string; csrfToken: string; expiresAt: string; lastSeenAt: string } | { ok: false };

type FailureReason = 'unknown_user' | 'disabled' | 'locked' | 'password' | 'totp' | 'totp_replayed' | 'password_and_totp';

/** Never the username itself when it is unknown: people type passwords into that field. */
function usernameDigest(username: string): string {
  return createHash('sha256').update(username).digest('hex').slice(0, 16);
}

export interface SignInDeps {
  store: Store;
  config: Config;
  now(): Date;
}

export async function signIn(ctx: SignInDeps, input: SignInInput): Promise<SignInResult> {
  const now = ctx.now();
  const at = now.toISOString();
  const hashing = hashingFor(ctx.config);
  const username = normaliseUsername(input.username);
  const found = await findStaffByUsername(ctx.store.db, username);

  if (!found) {
    await spendVerificationTime(input.password, hashing);
    await ctx.store.write((w) =>
      w.append([
        {
          type: 'staff.sign_in_failed',
          subject: { kind: 'system', id: 'staff-sign-in' },
          actor: { kind: 'anonymous', id: null },
          at,
          reason: 'unknown_user',
          payload: { usernameDigest: usernameDigest(username), ip: input.ip },
        },
      ]),
    );
    return { ok: false };
  }

  // The slow hash runs outside the transaction so that it never holds the writer lock.
  const passwordOk = await verifyPassword(found.password_hash, input.password);
  const sealingKey = await staffSecretKey(ctx.store);
  let resealed: string | undefined;

  const result = await ctx.store.write(async (w): Promise<SignInResult> => {
    const row = await lockStaff(w.tx, ctx.store.dialect, found.id);
    let reason: FailureReason | null = null;
    let step = 0;
    if (!row) reason = 'unknown_user';
    else if (Number(row.disabled) === 1) reason = 'disabled';
    else if (isLocked(row.locked_until, now.getTime())) reason = 'locked';
    else {
      const stored = openTotpSecret(sealingKey, row.id, row.totp_secret);
      // A secret from before sealing is sealed now that it is known to be in use.
      if (!stored.sealed) resealed = sealTotpSecret(sealingKey, row.id, stored.secret);
      const totp = checkTotp(stored.secret, input.totp, now.getTime(), Number(row.totp_last_step));
      // A password changed while we were hashing counts as wrong: we verified the old one.
      const passwordStillOk = passwordOk && row.password_hash === found.password_hash;
      if (totp.ok) step = totp.step;
      if (!passwordStillOk && !totp.ok) reason = 'password_and_totp';
      else if (!passwordStillOk) reason = 'password';
      else if (!totp.ok) reason = totp.reason === 'replayed' ? 'totp_replayed' : 'totp';
    }

    if (reason !== null || !row) {
      const payload: PayloadOf<'staff.sign_in_failed'> = { ip: input.ip };
      // Attempts on a locked or disabled account do not extend the lock: an attacker could
      // otherwise keep a colleague out for as long as they liked.
      if (row && reason !== 'disabled' && reason !== 'locked') {
        const counters = afterFailure(Number(row.failed_attempts), now.getTime());
        await recordSignInFailure(w.tx, row.id, counters);
        payload.failedAttempts = counters.failedAttempts;
        if (counters.lockedUntil) payload.lockedUntil = counters.lockedUntil;
      }
      await w.append([{ type: 'staff.sign_in_failed', subject: { kind: 'staff', id: found.id }, actor: { kind: 'anonymous', id: null }, at, reason, payload }]);
      return { ok: false };
    }

    await recordSignInSuccess(w.tx, row.id, step, resealed);
    await deleteExpiredSessionsOf(w.tx, row.id, at);
    const token = newToken();
    const idHash = hashToken(token);
    const csrfToken = newToken();
    const expiresAt = new Date(now.getTime() + ABSOLUTE_MS).toISOString();
    await insertSession(w.tx, { id_hash: idHash, staff_id: row.id, csrf_token: csrfToken, created_at: at, expires_at: expiresAt, last_seen_at: at });
    await w.append([
      {
        type: 'staff.signed_in',
        subject: { kind: 'staff', id: row.id },
        actor: { kind: 'staff', id: row.id },
        at,
        reason: null,
        // A prefix of the stored hash names the session in the log (to match its sign-out)
        // without giving anything that could be replayed.
        payload: { ip: input.ip, session: idHash.slice(0, 16) },
      },
    ]);
    return { ok: true, staff: toStaffView({ ...row, failed_attempts: 0, locked_until: null }), token, csrfToken, expiresAt, lastSeenAt: at };
  });

  if (result.ok && needsRehash(found.password_hash, hashing)) {
    await replacePasswordHash(ctx.store, found.id, found.password_hash, await hashPassword(input.password, hashing));
  }
  return result;
}
