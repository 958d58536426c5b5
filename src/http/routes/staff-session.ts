// POST /v1/staff/session (sign in), DELETE /v1/staff/session (sign out), GET /v1/staff/me.
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import { isoNow, type AppContext } from '../context.js';
import { discardSession, signOut } from '../../services/staff/sign-out.js';
import { Problem } from '../problem.js';
import { signIn } from '../../services/staff/sign-in.js';
import { staffActor, type StaffGuard } from '../auth/staff-guard.js';
import { permissionsOf } from '../../services/staff/roles.js';
import { SESSION_COOKIE, clearCookieOptions, cookieOptions, idleExpiry } from '../../services/staff/session-policy.js';
import { NO_STORE, SessionOut } from './staff-schemas.js';
import { idString, textString } from '../schemas/strings.js';

// Per client address, on top of the per-user lockout: this is what slows down trying one
// common password against many usernames.
const SIGN_INS_PER_MINUTE = 10;

const FAILED = 'sign-in failed: wrong username, password or code, or the account is locked or disabled';

const SignInBody = z.strictObject({
  username: idString({ min: 1, max: 128 }),
  password: textString({ min: 1, max: 1024 }),
  totp: z.string().regex(/^\d{6}$/, 'a 6-digit code from the authenticator app'),
});

/** A cross-site form can send text/plain or multipart, never application/json without a preflight. */
async function requireJson(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new Problem(415, 'Unsupported Media Type', 'sign in with a JSON body (content-type: application/json)');
}

export function registerStaffSessionRoutes(app: App, ctx: AppContext, guard: StaffGuard): void {
  app.post(
    '/v1/staff/session',
    {
      schema: {
        summary: 'Sign in with username, password and TOTP code; sets the vigie_session cookie',
        tags: ['staff'],
        body: SignInBody,
        response: { 200: SessionOut },
      },
      config: {
        access: 'public',
        rateLimit: { max: Math.max(1, Math.min(SIGN_INS_PER_MINUTE, ctx.config.http.rateLimitPerIp)), timeWindow: '1 minute' },
      },
      onRequest: requireJson,
    },
    async (request, reply) => {
      const { username, password, totp } = request.body;
      const result = await signIn(ctx, { username, password, totp, ip: request.ip }, request.log);
      if (!result.ok) throw new Problem(401, 'Unauthorized', FAILED);
      const previous = request.cookies[SESSION_COOKIE];
      // The browser's old session is being replaced; leaving it valid would only help
      // whoever else might hold that token.
      if (previous) await discardSession(ctx.store, previous);
      void reply.setCookie(SESSION_COOKIE, result.token, cookieOptions(ctx.config.http.secureCookies)).headers(NO_STORE);
      return {
        staff: result.staff,
        permissions: permissionsOf(result.staff.role),
        csrfToken: result.csrfToken,
        expiresAt: result.expiresAt,
        idleExpiresAt: idleExpiry(result.lastSeenAt),
      };
    },
  );

  app.delete(
    '/v1/staff/session',
    {
      schema: { summary: 'Sign out: ends this session', tags: ['staff'], security: [{ staffSession: [] }], response: { 204: z.null() } },
      config: { access: 'signed-in' },
      onRequest: guard.requirePermission('signed-in'),
    },
    async (request, reply) => {
      const staff = request.staff!;
      await signOut(ctx.store, staff.id, staff.sessionHash, staffActor(request), isoNow(ctx));
      return reply.clearCookie(SESSION_COOKIE, clearCookieOptions(ctx.config.http.secureCookies)).code(204).send(null);
    },
  );

  app.get(
    '/v1/staff/me',
    {
      schema: {
        summary: 'Who is signed in, with what permissions, until when',
        tags: ['staff'],
        security: [{ staffSession: [] }],
        response: { 200: SessionOut },
      },
      config: { access: 'signed-in' },
      onRequest: guard.requirePermission('signed-in'),
    },
    async (request, reply) => {
      const { sessionHash: _h, csrfToken, sessionExpiresAt, idleExpiresAt, permissions, ...staff } = request.staff!;
      void reply.headers(NO_STORE);
      return { staff, permissions, csrfToken, expiresAt: sessionExpiresAt, idleExpiresAt };
    },
  );
}
