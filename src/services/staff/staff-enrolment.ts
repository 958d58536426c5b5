// Creating a staff user, the same way from the API and from `vigie staff add`: the
// username and password are checked, the password hashed, a TOTP secret made, and the
// enrolment URI returned once (only the server keeps the secret afterwards).
import { randomUUID } from 'node:crypto';
import type { Store } from '../../store/store.js';
import { findStaffByUsername, insertStaff, isUniqueViolation, toStaffView, type StaffRow, type StaffView } from '../../store/staff-store.js';
import { sealTotpSecret, staffSecretKey } from '../../store/staff-secrets.js';
import { ServiceError } from '../errors.js';
import type { Actor } from '../../moderation/events.js';
import { isRole, ROLES } from './roles.js';
import { passwordWeakness } from './password-policy.js';
import { hashPassword, type PasswordHashing } from './password-hash.js';
import { enrolmentUri, newTotpSecret } from './totp.js';
import { requireEveryPlatform, type PlatformAccess } from '../platforms/platform-access.js';
import { requirePlatform } from '../platforms/platforms.js';

// Lower case only, so that "Alice" and "alice" cannot be two people.
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;

/** The username, role, display name or password is refused (the HTTP layer answers 422, `vigie staff add` exits 1). */
export class EnrolmentRefused extends ServiceError {
  override readonly name = 'EnrolmentRefused';
  constructor(message: string) {
    super('unprocessable', message);
  }
}

/** A conflict: the username is someone else's already. */
export class StaffUsernameTaken extends ServiceError {
  constructor(readonly username: string) {
    super('conflict', `a staff user named ${username} already exists`);
  }
}

export function normaliseUsername(raw: string): string {
  return raw.trim().toLowerCase();
}

export interface Enrolment {
  staff: StaffView;
  otpauthUri: string;
}

export async function enrolStaff(
  store: Store,
  input: { username: string; role: string; displayName?: string | undefined; password: string; platforms?: readonly string[] | null | undefined },
  hashing: PasswordHashing,
  actor: Actor,
  at: string,
  access: PlatformAccess,
  reason: string | null = null,
): Promise<Enrolment> {
  // A member limited to some platforms could otherwise make one who sees them all.
  requireEveryPlatform(access, 'adding a staff member');
  const platforms = input.platforms ? [...new Set(input.platforms)].sort() : null;
  if (platforms?.length === 0) throw new EnrolmentRefused('a staff member limited to platforms needs at least one');
  for (const p of platforms ?? []) await requirePlatform(store, p);
  const username = normaliseUsername(input.username);
  if (!USERNAME_PATTERN.test(username)) {
    throw new EnrolmentRefused('a username is 3 to 64 characters: letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  if (!isRole(input.role)) throw new EnrolmentRefused(`unknown role "${input.role}"; roles: ${ROLES.join(', ')}`);
  const displayName = (input.displayName ?? username).trim();
  if (displayName.length === 0 || displayName.length > 100) throw new EnrolmentRefused('a display name is 1 to 100 characters');
  const weakness = passwordWeakness(input.password, username);
  if (weakness) throw new EnrolmentRefused(weakness);

  const totpSecret = newTotpSecret();
  const id = `stf_${randomUUID()}`;
  const row: StaffRow = {
    id,
    username,
    display_name: displayName,
    role: input.role,
    password_hash: await hashPassword(input.password, hashing),
    // Only the server can read the secret back: it is sealed with a key derived from the server secret.
    totp_secret: sealTotpSecret(await staffSecretKey(store), id, totpSecret),
    totp_last_step: 0,
    failed_attempts: 0,
    locked_until: null,
    lock_scope: null,
    disabled: 0,
    created_at: at,
    platforms_json: platforms ? JSON.stringify(platforms) : null,
  };
  try {
    await store.write(async (w) => {
      if (await findStaffByUsername(w.tx, username)) throw new StaffUsernameTaken(username);
      await insertStaff(w.tx, row);
      await w.append([
        {
          type: 'staff.created',
          subject: { kind: 'staff', id },
          actor,
          at,
          reason,
          payload: { username, displayName, role: input.role, ...(platforms ? { platforms } : {}) },
        },
      ]);
    });
  } catch (err) {
    // Two concurrent creations on PostgreSQL both pass the check; the unique index decides.
    if (isUniqueViolation(err)) throw new StaffUsernameTaken(username);
    throw err;
  }
  return { staff: toStaffView(row), otpauthUri: enrolmentUri(totpSecret, username) };
}
