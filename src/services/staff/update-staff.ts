// An admin changes a staff user: role, display name, disabled, a lockout cleared, a
// password or second factor reset. Every change is one event naming what changed (never a
// secret); a reset ends the user's sessions; the last active admin cannot be demoted.
import type { Store } from '../../store/store.js';
import type { Config } from '../../config/config.js';
import { staffSecretKey } from '../../store/staff-secrets.js';
import {
  applyStaffChanges,
  countOtherActiveAdmins,
  deleteSessionsOf,
  findStaffById,
  lockStaff,
  toStaffView,
  type StaffChanges,
  type StaffView,
} from '../../store/staff-store.js';
import type { Actor } from '../../moderation/events.js';
import type { PayloadOf } from '../../moderation/payloads.js';
import { ServiceError, conflict, notFound } from '../errors.js';
import { hashingFor, hashPassword } from './password-hash.js';
import { passwordWeakness } from './password-policy.js';
import { enrolmentUri, newTotpSecret } from './totp.js';
import type { Role } from './roles.js';
import { requireEveryPlatform, type PlatformAccess } from '../platforms/platform-access.js';

/** A change the password policy refuses; the HTTP layer answers 422. */
export class StaffChangeRefused extends ServiceError {
  override readonly name = 'StaffChangeRefused';
  constructor(message: string) {
    super('unprocessable', message);
  }
}

export interface StaffChangeRequest {
  role?: Role | undefined;
  displayName?: string | undefined;
  disabled?: boolean | undefined;
  unlock?: boolean | undefined;
  password?: string | undefined;
  resetTotp?: boolean | undefined;
  reason?: string | undefined;
}

export async function updateStaff(
  ctx: { store: Store; config: Config },
  id: string,
  body: StaffChangeRequest,
  actor: Actor,
  at: string,
  access: PlatformAccess,
): Promise<{ staff: StaffView; changed: boolean; otpauthUri?: string }> {
  // A member limited to some platforms must not reset the password of one who sees them all.
  requireEveryPlatform(access, 'changing a staff member');
  let passwordHash: string | undefined;
  if (body.password !== undefined) {
    const target = await findStaffById(ctx.store.db, id);
    if (!target) throw notFound(`no staff user with id ${id}`);
    const weakness = passwordWeakness(body.password, target.username);
    if (weakness) throw new StaffChangeRefused(weakness);
    // Hashed before the transaction: the slow part must not hold the writer lock.
    passwordHash = await hashPassword(body.password, hashingFor(ctx.config));
  }
  const totpSecret = body.resetTotp ? newTotpSecret() : undefined;
  const sealingKey = totpSecret !== undefined ? await staffSecretKey(ctx.store) : undefined;
  return ctx.store.write(async (w) => {
    const row = await lockStaff(w.tx, ctx.store.dialect, id);
    if (!row) throw notFound(`no staff user with id ${id}`);
    const before = toStaffView(row);
    const diff: PayloadOf<'staff.updated'>['changes'] = {};
    const changes: StaffChanges = {};
    if (body.role !== undefined && body.role !== before.role) {
      changes.role = body.role;
      diff.role = { from: before.role, to: body.role };
    }
    if (body.displayName !== undefined && body.displayName !== before.displayName) {
      changes.displayName = body.displayName;
      diff.displayName = { from: before.displayName, to: body.displayName };
    }
    if (body.disabled !== undefined && body.disabled !== before.disabled) {
      changes.disabled = body.disabled;
      diff.disabled = { from: before.disabled, to: body.disabled };
    }
    if (body.unlock && (before.lockedUntil !== null || Number(row.failed_attempts) > 0)) {
      changes.unlock = true;
      diff.unlocked = { lockedUntil: before.lockedUntil, failedAttempts: Number(row.failed_attempts) };
    }
    if (passwordHash !== undefined) {
      changes.passwordHash = passwordHash;
      diff.password = { reset: true };
    }
    if (totpSecret !== undefined) {
      changes.totpSecret = totpSecret;
      diff.totp = { reset: true };
    }
    if (Object.keys(diff).length === 0) return { staff: before, changed: false };

    const losesAdmin = before.role === 'admin' && !before.disabled && ((changes.role !== undefined && changes.role !== 'admin') || changes.disabled === true);
    if (losesAdmin && (await countOtherActiveAdmins(w.tx, id)) === 0) {
      throw conflict('this is the last active admin: make another admin first, or nobody could manage staff');
    }

    await applyStaffChanges(w.tx, id, changes, sealingKey);
    const payload: PayloadOf<'staff.updated'> = { changes: diff };
    // A reset means someone else may hold the old credentials: their sessions end too.
    if (changes.disabled === true || passwordHash !== undefined || totpSecret !== undefined) payload.sessionsEnded = await deleteSessionsOf(w.tx, id);
    await w.append([{ type: 'staff.updated', subject: { kind: 'staff', id }, actor, at, reason: body.reason ?? null, payload }]);
    const after = await lockStaff(w.tx, ctx.store.dialect, id);
    return { staff: toStaffView(after!), changed: true, ...(totpSecret ? { otpauthUri: enrolmentUri(totpSecret, row.username) } : {}) };
  });
}
