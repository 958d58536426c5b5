// Helpers for the staff tests: an app with cheap password hashing, staff users made
// directly through enrolment, and sign-in that returns the cookie and CSRF token.
import assert from 'node:assert/strict';
import * as OTPAuth from 'otpauth';
import { buildTestApp, type TestApp } from '../support/app.js';
import type { Store } from '../../src/store/store.js';
import type { ConfigOverrides } from '../../src/config/config.js';
import type { PasswordHashing } from '../../src/services/staff/password-hash.js';
import { enrolStaff } from '../../src/services/staff/staff-enrolment.js';
import { totpCode } from '../../src/services/staff/totp.js';
import type { Role } from '../../src/services/staff/roles.js';

// Far below production on purpose: these tests check behaviour, not hashing cost.
export const CHEAP_HASHING: PasswordHashing = { memoryCost: 256, timeCost: 1, parallelism: 1 };

export const PASSWORD = 'plum orchard lantern 42';

export function staffTestApp(store: Store, overrides: ConfigOverrides = {}): Promise<TestApp> {
  return buildTestApp(store, { passwordHashing: CHEAP_HASHING, ...overrides });
}

export interface TestStaff {
  id: string;
  username: string;
  role: Role;
  secret: string;
  password: string;
}

export function secretOf(otpauthUri: string): string {
  const parsed = OTPAuth.URI.parse(otpauthUri);
  assert.ok(parsed instanceof OTPAuth.TOTP);
  return parsed.secret.base32;
}

/** `platforms`: the platforms the member may see; every platform when left out. */
export async function addStaff(t: TestApp, username: string, role: Role, password = PASSWORD, platforms?: string[]): Promise<TestStaff> {
  const { staff, otpauthUri } = await enrolStaff(
    t.ctx.store,
    { username, role, password, platforms },
    CHEAP_HASHING,
    { kind: 'system', id: null },
    t.clock.now.toISOString(),
    null,
  );
  return { id: staff.id, username, role, secret: secretOf(otpauthUri), password };
}

export function codeFor(t: TestApp, who: TestStaff, offsetMs = 0): string {
  return totpCode(who.secret, t.clock.now.getTime() + offsetMs);
}

export interface Session {
  cookie: string;
  csrf: string;
  /** Headers for a request in this session, with the CSRF token. */
  headers(): Record<string, string>;
}

let nextAddress = 1;
/** A fresh client address per call, so that the per-IP sign-in limit does not bind across tests. */
export function freshAddress(): string {
  nextAddress++;
  return `10.${(nextAddress >> 16) & 255}.${(nextAddress >> 8) & 255}.${nextAddress & 255}`;
}

export async function attemptSignIn(t: TestApp, body: Record<string, unknown>, remoteAddress = freshAddress()) {
  return t.app.inject({ method: 'POST', url: '/v1/staff/session', remoteAddress, payload: body });
}

export async function signIn(t: TestApp, who: TestStaff): Promise<Session> {
  const res = await attemptSignIn(t, { username: who.username, password: who.password, totp: codeFor(t, who) });
  assert.equal(res.statusCode, 200, res.body);
  const cookie = res.cookies.find((c) => c.name === 'vigie_session');
  assert.ok(cookie, 'a session cookie is set');
  const csrf = res.json().csrfToken as string;
  return { cookie: cookie.value, csrf, headers: () => ({ cookie: `vigie_session=${cookie.value}`, 'x-csrf-token': csrf }) };
}

/** Moves the test clock on: one TOTP step is 30 s, so a user can sign in again without replay. */
export function advance(t: TestApp, ms: number): void {
  t.clock.now = new Date(t.clock.now.getTime() + ms);
}
