// Shapes shared by the staff routes. Responses are declared so that the serializer drops
// anything else a row might carry (a hash, a secret) even if a handler passed it along.
import { z } from 'zod';
import { PERMISSIONS } from '../../services/staff/roles.js';

export const StaffOut = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
  platforms: z.array(z.string()).readonly().nullable().describe('The platforms the member may see; null: every platform'),
});

export const SessionOut = z.object({
  staff: StaffOut,
  permissions: z.array(z.enum(PERMISSIONS)),
  csrfToken: z.string().describe('Send it back in the x-csrf-token header on every POST, PUT, PATCH and DELETE'),
  expiresAt: z.string().describe('The session ends then whatever happens'),
  idleExpiresAt: z.string().describe('The session ends then unless used before'),
});

export const NO_STORE = { 'cache-control': 'no-store' };
