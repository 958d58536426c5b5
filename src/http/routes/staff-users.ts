// Staff accounts, for admins: POST/GET /v1/staff/users, PATCH /v1/staff/users/{id}.
import { staffSecretKey } from '../../store/staff-secrets.js';
import { z } from 'zod';
import type { App } from '../app.js';
import { isoNow, type AppContext } from '../context.js';
import { Problem } from '../problem.js';
import { staffActor, type StaffGuard } from '../auth/staff-guard.js';
import { ROLES } from '../auth/roles.js';
import { hashingFor, hashPassword } from '../auth/password-hash.js';
import { passwordWeakness } from '../auth/password-policy.js';
import { enrolmentUri, newTotpSecret } from '../auth/totp.js';
import { EnrolmentRefused, enrolStaff } from '../auth/staff-enrolment.js';
import {
  StaffUsernameTaken,
  applyStaffChanges,
  countOtherActiveAdmins,
  deleteSessionsOf,
  findStaffById,
  listStaff,
  lockStaff,
  toStaffView,
  type StaffChanges,
} from '../../store/staff-store.js';
import type { PayloadOf } from '../../moderation/payloads.js';
import { NO_STORE, StaffOut } from './staff-schemas.js';

const CreateBody = z.strictObject({
  username: z.string().min(1).max(64),
  role: z.enum(ROLES),
  displayName: z.string().min(1).max(100).optional(),
  password: z.string().min(1).max(1024).describe('At least 12 characters; give it to the person over a separate channel'),
});

const ChangeBody = z
  .strictObject({
    role: z.enum(ROLES).optional(),
    displayName: z.string().trim().min(1).max(100).optional(),
    disabled: z.boolean().optional().describe('Disabling ends every session of the user at once'),
    unlock: z.literal(true).optional().describe('Clears a lockout after failed sign-ins'),
    password: z.string().min(1).max(1024).optional().describe('Sets a new password (a forgotten one); ends every session of the user'),
    resetTotp: z.literal(true).optional().describe('Makes a new TOTP secret (a lost authenticator); answers its enrolment URI once and ends every session'),
    reason: z.string().trim().min(1).max(500).optional().describe('Why, for the audit trail'),
  })
  .refine((b) => [b.role, b.displayName, b.disabled, b.unlock, b.password, b.resetTotp].some((v) => v !== undefined), {
    message: 'give at least one of role, displayName, disabled, unlock, password, resetTotp',
  });

export function registerStaffUserRoutes(app: App, ctx: AppContext, guard: StaffGuard): void {
  const manage = { config: { access: 'staff:manage' as const }, onRequest: guard.requirePermission('staff:manage') };
  const security = [{ staffSession: [] }];

  app.post(
    '/v1/staff/users',
    {
      schema: {
        summary: 'Create a staff user; answers the TOTP enrolment URI, shown this once',
        tags: ['staff'],
        security,
        body: CreateBody,
        response: { 201: z.object({ staff: StaffOut, otpauthUri: z.string() }) },
      },
      ...manage,
    },
    async (request, reply) => {
      try {
        const enrolled = await enrolStaff(ctx.store, request.body, hashingFor(ctx.config), staffActor(request), isoNow(ctx));
        return reply.code(201).headers(NO_STORE).send(enrolled);
      } catch (err) {
        if (err instanceof EnrolmentRefused) throw new Problem(422, 'Unprocessable Content', err.message);
        if (err instanceof StaffUsernameTaken) throw new Problem(409, 'Conflict', err.message);
        throw err;
      }
    },
  );

  app.get(
    '/v1/staff/users',
    {
      schema: { summary: 'List staff users', tags: ['staff'], security, response: { 200: z.object({ staff: z.array(StaffOut) }) } },
      ...manage,
    },
    async () => ({ staff: (await listStaff(ctx.store.db)).map(toStaffView) }),
  );

  app.patch(
    '/v1/staff/users/:id',
    {
      schema: {
        summary: "Change a staff user's role or display name, disable or re-enable, clear a lockout, or reset their password or second factor",
        tags: ['staff'],
        security,
        params: z.strictObject({ id: z.string().min(1).max(100) }),
        body: ChangeBody,
        response: { 200: z.object({ staff: StaffOut, changed: z.boolean(), otpauthUri: z.string().optional() }) },
      },
      ...manage,
    },
    async (request, reply) => {
      const { id } = request.params;
      const body = request.body;
      const at = isoNow(ctx);
      const actor = staffActor(request);
      let passwordHash: string | undefined;
      if (body.password !== undefined) {
        const target = await findStaffById(ctx.store.db, id);
        if (!target) throw new Problem(404, 'Not Found', `no staff user with id ${id}`);
        const weakness = passwordWeakness(body.password, target.username);
        if (weakness) throw new Problem(422, 'Unprocessable Content', weakness);
        // Hashed before the transaction: the slow part must not hold the writer lock.
        passwordHash = await hashPassword(body.password, hashingFor(ctx.config));
      }
      const totpSecret = body.resetTotp ? newTotpSecret() : undefined;
      const sealingKey = totpSecret !== undefined ? await staffSecretKey(ctx.store) : undefined;
      void reply.headers(NO_STORE);
      return ctx.store.write(async (w) => {
        const row = await lockStaff(w.tx, ctx.store.dialect, id);
        if (!row) throw new Problem(404, 'Not Found', `no staff user with id ${id}`);
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
          throw new Problem(409, 'Conflict', 'this is the last active admin: make another admin first, or nobody could manage staff');
        }

        await applyStaffChanges(w.tx, id, changes, sealingKey);
        const payload: PayloadOf<'staff.updated'> = { changes: diff };
        // A reset means someone else may hold the old credentials: their sessions end too.
        if (changes.disabled === true || passwordHash !== undefined || totpSecret !== undefined) payload.sessionsEnded = await deleteSessionsOf(w.tx, id);
        await w.append([{ type: 'staff.updated', subject: { kind: 'staff', id }, actor, at, reason: body.reason ?? null, payload }]);
        const after = await lockStaff(w.tx, ctx.store.dialect, id);
        return { staff: toStaffView(after!), changed: true, ...(totpSecret ? { otpauthUri: enrolmentUri(totpSecret, row.username) } : {}) };
      });
    },
  );
}
