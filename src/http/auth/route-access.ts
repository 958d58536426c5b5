// Makes "every staff route declares who may call it" a property of the app rather than of
// each author's care. Under the guarded prefixes a route must declare `config.access` and
// list the matching `requirePermission` hook; a route that does not is refused when it is
// registered, and, for routes registered before this check was installed, refused on
// every request (it fails closed instead of answering).
import type { FastifyRequest, RouteOptions } from 'fastify';
import type { App } from '../app.js';
import { Problem } from '../problem.js';
import { isAccess, type Access, type StaffGuard } from './staff-guard.js';

export const GUARDED_PREFIXES = [
  '/v1/staff',
  '/v1/admin',
  '/v1/log',
  '/v1/queues',
  '/v1/cases',
  '/v1/reporters',
  '/v1/exceptions',
  '/v1/holds',
  '/v1/evidence',
  '/v1/cybertips',
  '/v1/referrals',
  '/v1/review',
] as const;

export function isGuardedUrl(url: string): boolean {
  return GUARDED_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`) || url.startsWith(`${p}?`));
}

const declared = new WeakMap<object, Map<string, Access>>();

/** "METHOD url" → the access each guarded route declared, for tests and for docs. */
export function declaredAccess(app: App): ReadonlyMap<string, Access> {
  return declared.get(app) ?? new Map();
}

function hooksOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function enforceDeclaredAccess(app: App, guard: StaffGuard): void {
  const registry = new Map<string, Access>();
  declared.set(app, registry);

  app.addHook('onRoute', (route: RouteOptions) => {
    if (!isGuardedUrl(route.url)) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const access = (route.config as { access?: unknown } | undefined)?.access;
    const where = `${methods.join(',')} ${route.url}`;
    if (!isAccess(access)) throw new Error(`${where} must declare config.access: a permission, 'signed-in' or 'public'`);
    if (access !== 'public') {
      const listed = hooksOf(route.onRequest).some((h) => (h as { access?: unknown }).access === access);
      if (!listed) throw new Error(`${where} declares access ${access} but does not list requirePermission('${access}') in onRequest`);
    }
    for (const m of methods) registry.set(`${m} ${route.url}`, access);
  });

  // Root hooks apply to every route, including those registered earlier; this is the
  // safety net for them, and a second check for the rest.
  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    const url = request.routeOptions.url;
    if (url === undefined || !isGuardedUrl(url)) return;
    const access = request.routeOptions.config.access;
    if (!isAccess(access)) {
      request.log.error({ route: url, method: request.method }, 'staff route without a declared access refused');
      throw new Problem(500, 'Internal Server Error', 'this route declares no permission and is refused');
    }
    await guard.authorize(request, reply, access);
  });
}
