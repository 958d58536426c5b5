// Staff users, their sessions, the addresses they signed in from and failed sign-ins. Rows
// only: the rules (password policy, TOTP, lockout, roles, session lifetimes) live in
// src/services/staff/ and reach the store as values.
import { sealTotpSecret } from './staff-secrets.js';
import { sql } from 'kysely';
import type { Dialect, StaffUserTable, StaffSessionTable } from './database.js';
import type { Store } from './store.js';
import type { Tx } from './transaction.js';
import type { InTx } from './unit-of-work.js';

export type StaffRow = StaffUserTable;
export type SessionRow = StaffSessionTable;

/** What may leave the store about a staff user: never the hash or the TOTP secret. */
export interface StaffView {
  id: string;
  username: string;
  displayName: string;
  role: string;
  disabled: boolean;
  lockedUntil: string | null;
  createdAt: string;
  /** The platforms the member may see; null: every platform. */
  platforms: readonly string[] | null;
}

export function toStaffView(row: StaffRow): StaffView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    disabled: Number(row.disabled) === 1,
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
    platforms: platformsOf(row.platforms_json),
  };
}

function platformsOf(json: string | null): readonly string[] | null {
  if (json === null) return null;
  const value: unknown = JSON.parse(json);
  // A column that does not hold a list of strings grants no platform rather than every one.
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export async function countStaff(store: Store): Promise<number> {
  const r = await store.db
    .selectFrom('staff_users')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findStaffByUsername(tx: Tx, username: string): Promise<StaffRow | undefined> {
  return tx.selectFrom('staff_users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findStaffById(tx: Tx, id: string): Promise<StaffRow | undefined> {
  return tx.selectFrom('staff_users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Reads a staff row and, on PostgreSQL, holds it until the transaction ends (SQLite's writer lock already does). */
export async function lockStaff(tx: Tx, dialect: Dialect, id: string): Promise<StaffRow | undefined> {
  let q = tx.selectFrom('staff_users').selectAll().where('id', '=', id);
  if (dialect === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function listStaff(tx: Tx): Promise<StaffRow[]> {
  return tx.selectFrom('staff_users').selectAll().orderBy('username').execute();
}

export async function insertStaff(tx: InTx, row: StaffRow): Promise<void> {
  await tx.insertInto('staff_users').values(row).execute();
}

/** A unique index refused the row (two concurrent creations on PostgreSQL both passed the check). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export async function recordSignInFailure(
  tx: Tx,
  id: string,
  counters: { failedAttempts: number; lockedUntil: string | null; lockScope: string | null },
): Promise<void> {
  await tx
    .updateTable('staff_users')
    .set({ failed_attempts: counters.failedAttempts, locked_until: counters.lockedUntil, lock_scope: counters.lockScope })
    .where('id', '=', id)
    .execute();
}

/** `resealed`: the TOTP secret sealed anew, for a row that still held it in clear. */
export async function recordSignInSuccess(tx: Tx, id: string, totpStep: number, resealed?: string): Promise<void> {
  await tx
    .updateTable('staff_users')
    .set({ failed_attempts: 0, locked_until: null, lock_scope: null, totp_last_step: totpStep, ...(resealed ? { totp_secret: resealed } : {}) })
    .where('id', '=', id)
    .execute();
}

// Failed sign-ins by address and account, for throttling across processes. Rows older than a
// day are dropped as new ones come: only the last WINDOW_MS is ever read.
const KEEP_FAILURES_MS = 24 * 60 * 60 * 1000;

export async function insertSignInFailure(
  tx: Tx,
  failure: { id: string; address: string; staffId: string | null; knownAddress: boolean; at: string },
): Promise<void> {
  await tx
    .insertInto('sign_in_failures')
    .values({ id: failure.id, address: failure.address, staff_id: failure.staffId, known_address: failure.knownAddress ? 1 : 0, at: failure.at })
    .execute();
  const cutoff = new Date(Date.parse(failure.at) - KEEP_FAILURES_MS).toISOString();
  await tx.deleteFrom('sign_in_failures').where('at', '<', cutoff).execute();
}

export async function countAddressFailures(tx: Tx, address: string, since: string): Promise<number> {
  const r = await tx
    .selectFrom('sign_in_failures')
    .select(sql<number>`count(*)`.as('n'))
    .where('address', '=', address)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The account's failures since `since`: all of them, and the distinct unknown addresses among them. */
export async function accountFailures(tx: Tx, staffId: string, since: string): Promise<{ failures: number; distinctUnknownAddresses: number }> {
  const r = await tx
    .selectFrom('sign_in_failures')
    .select([sql<number>`count(*)`.as('failures'), sql<number>`count(distinct case when known_address = 0 then address end)`.as('unknown')])
    .where('staff_id', '=', staffId)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return { failures: Number(r.failures), distinctUnknownAddresses: Number(r.unknown) };
}

export async function isKnownAddress(tx: Tx, staffId: string, address: string): Promise<boolean> {
  const r = await tx.selectFrom('staff_known_addresses').select('address').where('staff_id', '=', staffId).where('address', '=', address).executeTakeFirst();
  return r !== undefined;
}

export async function rememberAddress(tx: Tx, staffId: string, address: string, at: string): Promise<void> {
  await tx
    .insertInto('staff_known_addresses')
    .values({ staff_id: staffId, address, first_seen_at: at, last_seen_at: at })
    .onConflict((oc) => oc.columns(['staff_id', 'address']).doUpdateSet({ last_seen_at: at }))
    .execute();
}

/** Replaces a hash only if it is still the one that was verified (no lost concurrent change). */
export async function replacePasswordHash(store: Store, id: string, from: string, to: string): Promise<void> {
  await store.db.updateTable('staff_users').set({ password_hash: to }).where('id', '=', id).where('password_hash', '=', from).execute();
}

export interface StaffChanges {
  role?: string;
  displayName?: string;
  disabled?: boolean;
  /** Clears a lockout and the failure count. */
  unlock?: boolean;
  /** An admin's reset, for a forgotten password. */
  passwordHash?: string;
  /** A new second factor, for a lost authenticator: the old codes stop working. Sealed here with `key`. */
  totpSecret?: string;
}

export async function applyStaffChanges(tx: Tx, id: string, changes: StaffChanges, key?: Buffer): Promise<void> {
  const set: Partial<StaffRow> = {};
  if (changes.role !== undefined) set.role = changes.role;
  if (changes.displayName !== undefined) set.display_name = changes.displayName;
  if (changes.disabled !== undefined) set.disabled = changes.disabled ? 1 : 0;
  if (changes.unlock) {
    set.failed_attempts = 0;
    set.locked_until = null;
    set.lock_scope = null;
    // A fresh start: the failures that caused the lock no longer count towards the next one.
    await tx.deleteFrom('sign_in_failures').where('staff_id', '=', id).execute();
  }
  if (changes.passwordHash !== undefined) set.password_hash = changes.passwordHash;
  if (changes.totpSecret !== undefined) {
    if (!key) throw new Error('a new TOTP secret needs the sealing key');
    set.totp_secret = sealTotpSecret(key, id, changes.totpSecret);
    set.totp_last_step = 0;
  }
  if (Object.keys(set).length > 0) await tx.updateTable('staff_users').set(set).where('id', '=', id).execute();
}

/** Active admins other than `exceptId`: the last one may not be demoted or disabled. */
export async function countOtherActiveAdmins(tx: Tx, exceptId: string): Promise<number> {
  const r = await tx
    .selectFrom('staff_users')
    .select(sql<number>`count(*)`.as('n'))
    .where('role', '=', 'admin')
    .where('disabled', '=', 0)
    .where('id', '!=', exceptId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertSession(tx: Tx, session: SessionRow): Promise<void> {
  await tx.insertInto('staff_sessions').values(session).execute();
}

export interface SessionWithStaff {
  session: SessionRow;
  staff: StaffRow;
}

export async function findSession(tx: Tx, idHash: string): Promise<SessionWithStaff | undefined> {
  const session = await tx.selectFrom('staff_sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  if (!session) return undefined;
  const staff = await findStaffById(tx, session.staff_id);
  if (!staff) return undefined;
  return { session, staff };
}

export async function touchSession(tx: Tx, idHash: string, at: string): Promise<void> {
  await tx.updateTable('staff_sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(tx: Tx, idHash: string): Promise<boolean> {
  const r = await tx.deleteFrom('staff_sessions').where('id_hash', '=', idHash).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Ends every session of a user (disabled users are signed out everywhere at once). */
export async function deleteSessionsOf(tx: Tx, staffId: string): Promise<number> {
  const r = await tx.deleteFrom('staff_sessions').where('staff_id', '=', staffId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteExpiredSessionsOf(tx: Tx, staffId: string, now: string): Promise<void> {
  await tx.deleteFrom('staff_sessions').where('staff_id', '=', staffId).where('expires_at', '<=', now).execute();
}
