// Staff accounts, for admins: POST/GET /v1/staff/users, PATCH /v1/staff/users/{id}.
import { z } from 'zod';
import type { App } from '../app.js';
import { isoNow, type AppContext } from '../context.js';
import { staffAccess, staffActor, type StaffGuard } from '../auth/staff-guard.js';
import { ROLES } from '../../services/staff/roles.js';
import { hashingFor } from '../../services/staff/password-hash.js';
import { enrolStaff } from '../../services/staff/staff-enrolment.js';
import { updateStaff } from '../../services/staff/update-staff.js';
import { listStaff } from '../../services/staff/list-staff.js';
import { NO_STORE, StaffOut } from './staff-schemas.js';
import { PlatformId, Reason, idString, textString } from '../schemas/strings.js';

const CreateBody = z.strictObject({
  username: idString({ min: 1, max: 64 }),
  role: z.enum(ROLES),
  displayName: textString({ min: 1, max: 100 }).optional(),
  password: textString({ min: 1, max: 1024 }).describe('At least 12 characters; give it to the person over a separate channel'),
  platforms: z.array(PlatformId).min(1).max(100).optional().describe('The platforms the member may see; every platform when left out'),
});

const ChangeBody = z
  .strictObject({
    role: z.enum(ROLES).optional(),
    displayName: textString({ min: 1, max: 100, trim: true }).optional(),
    disabled: z.boolean().optional().describe('Disabling ends every session of the user at once'),
    unlock: z.literal(true).optional().describe('Clears a lockout after failed sign-ins'),
    password: textString({ min: 1, max: 1024 }).optional().describe('Sets a new password (a forgotten one); ends every session of the user'),
    resetTotp: z.literal(true).optional().describe('Makes a new TOTP secret (a lost authenticator); answers its enrolment URI once and ends every session'),
    reason: Reason.optional().describe('Why, for the audit trail'),
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
      const enrolled = await enrolStaff(ctx.store, request.body, hashingFor(ctx.config), staffActor(request), isoNow(ctx), staffAccess(request));
      return reply.code(201).headers(NO_STORE).send(enrolled);
    },
  );

  app.get(
    '/v1/staff/users',
    {
      schema: { summary: 'List staff users', tags: ['staff'], security, response: { 200: z.object({ staff: z.array(StaffOut) }) } },
      ...manage,
    },
    async (request) => ({ staff: await listStaff(ctx.store, staffAccess(request)) }),
  );

  app.patch(
    '/v1/staff/users/:id',
    {
      schema: {
        summary: "Change a staff user's role or display name, disable or re-enable, clear a lockout, or reset their password or second factor",
        tags: ['staff'],
        security,
        params: z.strictObject({ id: idString({ min: 1, max: 100 }) }),
        body: ChangeBody,
        response: { 200: z.object({ staff: StaffOut, changed: z.boolean(), otpauthUri: z.string().optional() }) },
      },
      ...manage,
    },
    async (request, reply) => {
      void reply.headers(NO_STORE);
      return updateStaff(ctx, request.params.id, request.body, staffActor(request), isoNow(ctx), staffAccess(request));
    },
  );
}
