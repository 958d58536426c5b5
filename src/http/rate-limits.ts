// The request limits every route shares (docs/operator-guide.md, "Rate limits"):
//
// - per client address, in an app-level onRequest hook, before authentication and before
//   the body is read: every route but /health. The one exception is a platform route called
//   with a well-formed Bearer credential: a platform's backend sends all its traffic from a
//   few addresses, so a request whose key is valid counts against the key's limit instead,
//   and a request whose key is wrong counts against its address. An address that has used
//   up its budget is refused before its key is even looked up.
// - per platform API key, keyed on the key's id once the key is known (platform.ts): one
//   budget per key across all platform routes, however the Authorization header is spelt.
//
// Both count in this process's memory (@fastify/rate-limit's local store): with several API
// processes each enforces its own share. They are flood guards, not quotas; what must hold
// across processes (sign-in throttling) is counted in the database.
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { App } from './app.js';
import { Problem } from './problem.js';
import { parseBearer } from './auth/authorization-header.js';
import { KeyWindows } from './key-window.js';

/** Paths a load balancer polls: never limited, so that a flood cannot make a healthy node look dead. */
export const UNLIMITED_PATHS: ReadonlySet<string> = new Set(['/health']);

/** What platform authentication (platform.ts) calls, in this order. */
export interface PlatformLimits {
  /** Before a presented key is looked up: refuses an address whose budget is spent. */
  addressBeforeLookup(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** The presented key is unknown or revoked: the request counts against its address. */
  addressAfterFailure(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** The key is valid: the request counts against the key. */
  key(request: FastifyRequest, reply: FastifyReply, keyId: string): Promise<void>;
}

/** Marks a hook as platform authentication, so that its routes are recognised (onRoute below). */
export const PLATFORM_AUTH = Symbol('vigie.platformAuth');

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on routes whose onRequest authenticates a platform key. */
    platformAuth?: boolean;
  }
}

type Limiter = ReturnType<App['createRateLimit']>;
type Outcome = Awaited<ReturnType<Limiter>>;

function refuse(reply: FastifyReply, r: Outcome & { isAllowed: false }, what: string): never {
  void reply.header('x-ratelimit-limit', r.max).header('x-ratelimit-remaining', 0).header('x-ratelimit-reset', r.ttlInSeconds);
  void reply.header('retry-after', r.ttlInSeconds);
  throw new Problem(429, 'Too Many Requests', `limit of ${r.max} requests per minute ${what} reached; retry in ${r.ttlInSeconds} s`);
}

async function count(limiter: Limiter, request: FastifyRequest, reply: FastifyReply, what: string): Promise<void> {
  const r = await limiter(request);
  if (r.isAllowed) return;
  if (r.isExceeded) refuse(reply, r, what);
  void reply.header('x-ratelimit-limit', r.max).header('x-ratelimit-remaining', r.remaining).header('x-ratelimit-reset', r.ttlInSeconds);
}

function hooksOf(h: RouteOptions['onRequest']): unknown[] {
  return h === undefined ? [] : Array.isArray(h) ? h : [h];
}

/** Installs the per-address limit on every route (call before registering routes); answers what platform authentication calls. */
export function installRateLimits(app: App, limits: { perIp: number; perKey: number }): PlatformLimits {
  const perIp = app.createRateLimit({ max: limits.perIp, timeWindow: '1 minute' });
  const BY_ADDRESS = 'per client address';

  app.addHook('onRoute', (route) => {
    if (hooksOf(route.onRequest).some((h) => typeof h === 'function' && PLATFORM_AUTH in h)) {
      route.config = { ...(route.config ?? {}), platformAuth: true };
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    // Counted (or not) by platform authentication, once it knows whether the key is valid.
    // Checked first: it is the hottest case, and needs no look at the URL.
    if (request.routeOptions.config?.platformAuth) {
      request.bearer = parseBearer(request.headers.authorization);
      if (request.bearer.ok) return;
    }
    const url = request.url;
    const query = url.indexOf('?');
    if (UNLIMITED_PATHS.has(query < 0 ? url : url.slice(0, query))) return;
    await count(perIp, request, reply, BY_ADDRESS);
  });

  // Keyed on the key's id, never on the raw header (key-window.ts says why it is not the plugin).
  const perKey = new KeyWindows(limits.perKey);

  return {
    async addressBeforeLookup(request, reply) {
      const r = await perIp(request, { increment: false });
      if (!r.isAllowed && r.remaining <= 0) refuse(reply, r, BY_ADDRESS);
    },
    addressAfterFailure: (request, reply) => count(perIp, request, reply, BY_ADDRESS),
    async key(_request, reply, keyId) {
      const r = perKey.take(keyId);
      void reply.header('x-ratelimit-limit', r.max).header('x-ratelimit-remaining', r.remaining).header('x-ratelimit-reset', r.resetSeconds);
      if (!r.allowed) {
        void reply.header('retry-after', r.resetSeconds);
        throw new Problem(429, 'Too Many Requests', `limit of ${r.max} requests per minute per API key reached; retry in ${r.resetSeconds} s`);
      }
    },
  };
}
