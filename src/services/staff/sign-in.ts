// Staff sign-in: password and TOTP code, both always checked, with one answer for every
// failure so that a caller learns neither which factor was wrong nor whether the user
// exists. The moderation log does record why (for whoever reads the audit trail: a right
// password with wrong codes means the password has leaked). Failures are throttled per
// address and per account separately (lockout.ts), with the counts in the database so that
// every API process sees the same ones.
import { openTotpSecret, sealTotpSecret, staffSecretKey } from '../../store/staff-secrets.js';
import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Store } from '../../store/store.js';
import type { Config } from '../../config/config.js';
import type { Metrics } from '../metrics.js';
import type { PayloadOf } from '../../moderation/payloads.js';
import type { NewEvent } from '../../moderation/events.js';
import {
  accountFailures,
  countAddressFailures,
  deleteExpiredSessionsOf,
  findStaffByUsername,
  insertSession,
  insertSignInFailure,
  isKnownAddress,
  lockStaff,
  rememberAddress,
  recordSignInFailure,
  recordSignInSuccess,
  replacePasswordHash,
  toStaffView,
  type StaffView,
} from '../../store/staff-store.js';
import { hashingFor, hashPassword, needsRehash, spendVerificationTime, verifyPassword } from './password-hash.js';
import { checkTotp } from './totp.js';
import { WINDOW_MS, addressKey, addressThrottled, afterFailure, lockApplies, raisesAlert, type LockScope } from './lockout.js';
import { ABSOLUTE_MS, hashToken, newToken } from './session-policy.js';
import { normaliseUsername } from './staff-enrolment.js';

export interface SignInInput {
  username: string;
  password: string;
  totp: string;
  ip: string;
}

export type SignInResult = { ok: true; staff: StaffView; token: string; csrfToken: string; expiresAt: string; lastSeenAt: string } | { ok: false };

type FailureReason = 'unknown_user' | 'disabled' | 'locked' | 'throttled' | 'password' | 'totp' | 'totp_replayed' | 'password_and_totp';

/** Never the username itself when it is unknown: people type passwords into that field. */
function usernameDigest(username: string): string {
  return createHash('sha256').update(username).digest('hex').slice(0, 16);
}

export interface SignInDeps {
  store: Store;
  config: Config;
  now(): Date;
  /** Counts alerts (vigie_staff_sign_in_alerts_total). */
  metrics?: Pick<Metrics, 'staffSignInAlerts'>;
}

/** What an admin is told about a staff user under attack; also logged as a warning. */
export interface SignInAlert {
  staffId: string;
  kind: 'burst' | 'lock';
  failures: number;
  unknownAddresses: number;
  lockedUntil?: string;
  lockScope?: LockScope;
}

export async function signIn(ctx: SignInDeps, input: SignInInput, log?: Pick<Logger, 'warn'>): Promise<SignInResult> {
  const now = ctx.now();
  const at = now.toISOString();
  const since = new Date(now.getTime() - WINDOW_MS).toISOString();
  const hashing = hashingFor(ctx.config);
  const username = normaliseUsername(input.username);
  const address = addressKey(input.ip);
  const found = await findStaffByUsername(ctx.store.db, username);

  // An address that failed too often lately is refused before anything is checked: its
  // guesses cost it nothing more, and they no longer count against the account.
  if (addressThrottled(await countAddressFailures(ctx.store.db, address, since))) {
    await ctx.store.write((w) =>
      w.append([
        {
          type: 'staff.sign_in_failed',
          subject: found ? { kind: 'staff', id: found.id } : { kind: 'system', id: 'staff-sign-in' },
          actor: { kind: 'anonymous', id: null },
          at,
          reason: 'throttled',
          payload: found ? { ip: input.ip } : { usernameDigest: usernameDigest(username), ip: input.ip },
        },
      ]),
    );
    return { ok: false };
  }

  if (!found) {
    await spendVerificationTime(input.password, hashing);
    await ctx.store.write(async (w) => {
      await insertSignInFailure(w.tx, { id: randomUUID(), address, staffId: null, knownAddress: false, at });
      await w.append([
        {
          type: 'staff.sign_in_failed',
          subject: { kind: 'system', id: 'staff-sign-in' },
          actor: { kind: 'anonymous', id: null },
          at,
          reason: 'unknown_user',
          payload: { usernameDigest: usernameDigest(username), ip: input.ip },
        },
      ]);
    });
    return { ok: false };
  }

  // The slow hash runs outside the transaction so that it never holds the writer lock.
  const passwordOk = await verifyPassword(found.password_hash, input.password);
  const sealingKey = await staffSecretKey(ctx.store);
  let resealed: string | undefined;

  let alert: SignInAlert | undefined;
  const result = await ctx.store.write(async (w): Promise<SignInResult> => {
    const row = await lockStaff(w.tx, ctx.store.dialect, found.id);
    const known = row ? await isKnownAddress(w.tx, row.id, address) : false;
    let reason: FailureReason | null = null;
    let step = 0;
    if (!row) reason = 'unknown_user';
    else if (Number(row.disabled) === 1) reason = 'disabled';
    else if (lockApplies({ lockedUntil: row.locked_until, lockScope: lockScopeOf(row.lock_scope) }, known, now.getTime())) reason = 'locked';
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
      const events: NewEvent[] = [];
      // Attempts on a locked or disabled account do not extend the lock: an attacker could
      // otherwise keep a colleague out for as long as they liked.
      if (row && reason !== 'disabled' && reason !== 'locked') {
        await insertSignInFailure(w.tx, { id: randomUUID(), address, staffId: row.id, knownAddress: known, at });
        const recent = await accountFailures(w.tx, row.id, since);
        const state = { lockedUntil: row.locked_until, lockScope: lockScopeOf(row.lock_scope) };
        const counters = afterFailure(
          { failedAttempts: Number(row.failed_attempts), knownAddress: known, distinctUnknownAddresses: recent.distinctUnknownAddresses, state },
          now.getTime(),
        );
        await recordSignInFailure(w.tx, row.id, counters);
        payload.failedAttempts = counters.failedAttempts;
        payload.knownAddress = known;
        if (counters.lockStarted && counters.lockedUntil) {
          payload.lockedUntil = counters.lockedUntil;
          payload.lockScope = counters.lockScope ?? 'all';
        }
        if (raisesAlert(recent.failures, counters.lockStarted)) {
          alert = {
            staffId: row.id,
            kind: counters.lockStarted ? 'lock' : 'burst',
            failures: recent.failures,
            unknownAddresses: recent.distinctUnknownAddresses,
            ...(counters.lockStarted && counters.lockedUntil ? { lockedUntil: counters.lockedUntil, lockScope: counters.lockScope ?? 'all' } : {}),
          };
          const { staffId: _s, kind: _k, ...facts } = alert;
          events.push({
            type: 'staff.sign_in_alert',
            subject: { kind: 'staff', id: row.id },
            actor: { kind: 'system', id: null },
            at,
            reason: alert.kind === 'lock' ? 'lock_started' : 'burst_of_failures',
            payload: { ip: input.ip, windowMinutes: WINDOW_MS / 60_000, ...facts },
          });
        }
      }
      await w.append([
        { type: 'staff.sign_in_failed', subject: { kind: 'staff', id: found.id }, actor: { kind: 'anonymous', id: null }, at, reason, payload },
        ...events,
      ]);
      return { ok: false };
    }

    await recordSignInSuccess(w.tx, row.id, step, resealed);
    await rememberAddress(w.tx, row.id, address, at);
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

  if (alert) {
    // Only once the alert's event is committed.
    ctx.metrics?.staffSignInAlerts.inc({ kind: alert.kind });
    log?.warn({ ...alert, ip: input.ip }, `staff sign-in alert: ${alert.kind === 'lock' ? 'an account lock started' : 'a burst of failed sign-ins'}`);
  }

  if (result.ok && needsRehash(found.password_hash, hashing)) {
    await replacePasswordHash(ctx.store, found.id, found.password_hash, await hashPassword(input.password, hashing));
  }
  return result;
}

function lockScopeOf(stored: string | null): LockScope | null {
  return stored === 'unknown' ? 'unknown' : stored === null ? null : 'all';
}
