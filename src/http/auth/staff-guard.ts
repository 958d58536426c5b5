// Staff authentication on each request: the session cookie, the CSRF header on unsafe
// methods, and the permission the route needs. Routes declare what they need as
// `config.access`; `requirePermission(access)` is the hook that checks it.
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { AppContext } from '../context.js';
import { Problem } from '../problem.js';
import { can, isPermission, permissionsOf, type Permission } from '../../services/staff/roles.js';
import { CSRF_HEADER, SESSION_COOKIE, clearCookieOptions, hashToken, idleExpiry, sameToken } from '../../services/staff/session-policy.js';
import { checkSession } from '../../services/staff/check-session.js';
import type { StaffView } from '../../store/staff-store.js';
import type { Actor } from '../../moderation/events.js';
import type { PlatformAccess } from '../../services/platforms/platform-access.js';

/** A permission, or: anyone signed in ('signed-in'), or anyone at all ('public', sign-in only). */
export type Access = Permission | 'signed-in' | 'public';

export interface SignedInStaff extends StaffView {
  sessionHash: string;
  csrfToken: string;
  sessionExpiresAt: string;
  idleExpiresAt: string;
  permissions: Permission[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    staff?: SignedInStaff;
  }
}

export function isAccess(value: unknown): value is Access {
  return value === 'signed-in' || value === 'public' || (typeof value === 'string' && isPermission(value));
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The hook a route lists so that `onRoute` can check it matches the declared access. */
export type AccessHook = onRequestHookHandler & { access: Access };

/** The platforms the signed-in member may see (null: every platform). */
export function staffAccess(request: FastifyRequest): PlatformAccess {
  if (!request.staff) throw new Error('staff route without staff authentication');
  return request.staff.platforms;
}

export function staffActor(request: FastifyRequest): Actor {
  if (!request.staff) throw new Error('staff route without staff authentication');
  return { kind: 'staff', id: request.staff.id };
}

export function staffGuard(ctx: AppContext) {
  async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<SignedInStaff> {
    if (request.staff) return request.staff;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) throw new Problem(401, 'Unauthorized', 'sign in first (POST /v1/staff/session)');
    const idHash = hashToken(token);
    const session = await checkSession(ctx.store, idHash, ctx.now());
    if (!session) {
      void reply.clearCookie(SESSION_COOKIE, clearCookieOptions(ctx.config.http.secureCookies));
      throw new Problem(401, 'Unauthorized', 'the session has ended; sign in again');
    }
    const staff: SignedInStaff = {
      ...session.staff,
      sessionHash: idHash,
      csrfToken: session.csrfToken,
      sessionExpiresAt: session.expiresAt,
      idleExpiresAt: idleExpiry(session.lastSeenAt),
      permissions: permissionsOf(session.staff.role),
    };
    request.staff = staff;
    return staff;
  }

  async function authorize(request: FastifyRequest, reply: FastifyReply, access: Access): Promise<void> {
    if (access === 'public') return;
    const staff = await authenticate(request, reply);
    if (UNSAFE.has(request.method)) {
      // The cookie rides along on any request the browser sends; the header proves the
      // request came from a page that could read the token, i.e. our own console.
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameToken(sent, staff.csrfToken)) {
        throw new Problem(403, 'Forbidden', `send the session's CSRF token in the ${CSRF_HEADER} header`);
      }
    }
    if (access !== 'signed-in' && !can(staff.role, access)) {
      throw new Problem(403, 'Forbidden', `the role ${staff.role} lacks the permission ${access}`);
    }
  }

  function requirePermission(access: Access): AccessHook {
    // Runs at onRequest, before the body is parsed or validated: a caller without the right
    // learns nothing about the route's schema and costs no parsing.
    const hook = async function (this: unknown, request: FastifyRequest, reply: FastifyReply) {
      await authorize(request, reply, access);
    };
    return Object.assign(hook, { access }) as unknown as AccessHook;
  }

  return { authenticate, authorize, requirePermission };
}

export type StaffGuard = ReturnType<typeof staffGuard>;
