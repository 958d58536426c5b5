// Platform authentication: `Authorization: Bearer <api key>`, with scopes. It runs as an
// onRequest hook, before the body is read or parsed: a request without a valid key is
// refused 401 for the price of its headers, however large the body it announces. The
// header is parsed once, strictly (authorization-header.ts), and the per-key rate limit
// counts the key's id, not the header's spelling. Keys found are kept for a few seconds so
// that a stream of posts does not cost a lookup each; a revoked key stops working within
// that time.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { findApiKey } from '../../services/api-keys/authenticate-key.js';
import type { ApiKeyInfo, ApiScope } from '../../store/api-keys.js';
import type { AppContext } from '../context.js';
import { Problem } from '../problem.js';
import type { Actor } from '../../moderation/events.js';
import { PLATFORM_AUTH, type PlatformLimits } from '../rate-limits.js';
import { parseBearer, type BearerParse } from './authorization-header.js';

const CACHE_MS = 10_000;

declare module 'fastify' {
  interface FastifyRequest {
    apiKey?: ApiKeyInfo;
    /** The Authorization header as parsed by the per-address limit's hook, so that it is parsed once. */
    bearer?: BearerParse;
  }
}

export type ScopeHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
export type RequireScope = (scope: ApiScope) => ScopeHook;

const HOW = 'send the platform API key as "Authorization: Bearer <key>"';

export function platformAuth(ctx: AppContext, limits: PlatformLimits): RequireScope {
  const cache = new Map<string, { info: ApiKeyInfo | null; until: number }>();

  /** A key known valid within the last few seconds: no lookup needed. */
  function knownValid(key: string): ApiKeyInfo | null {
    const hit = cache.get(key);
    return hit && hit.until > Date.now() ? hit.info : null;
  }

  async function lookup(key: string): Promise<ApiKeyInfo | null> {
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && hit.until > now) return hit.info;
    const info = await findApiKey(ctx.store, key);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { info, until: now + CACHE_MS });
    return info;
  }

  /** For onRequest: authenticates, counts the request against its key (or, with a wrong key, its address), checks the scope. */
  return function requireScope(scope: ApiScope): ScopeHook {
    const hook: ScopeHook = async (request, reply) => {
      const parsed = request.bearer ?? parseBearer(request.headers.authorization);
      if (!parsed.ok) {
        const why = parsed.reason === 'missing' ? 'no API key' : parsed.reason === 'scheme' ? 'not a Bearer credential' : 'a malformed Authorization header';
        void reply.header('www-authenticate', 'Bearer');
        throw new Problem(401, 'Unauthorized', `${why}: ${HOW}`);
      }
      // An address that spent its budget on bad keys gets no more lookups, unless this key
      // is one already known to be valid (a platform behind the same address goes on).
      let info = knownValid(parsed.token);
      if (!info) {
        await limits.addressBeforeLookup(request, reply);
        info = await lookup(parsed.token);
      }
      if (!info) {
        await limits.addressAfterFailure(request, reply);
        void reply.header('www-authenticate', 'Bearer error="invalid_token"');
        throw new Problem(401, 'Unauthorized', 'unknown or revoked API key');
      }
      await limits.key(request, reply, info.id);
      if (!info.scopes.includes(scope)) throw new Problem(403, 'Forbidden', `this API key lacks the scope ${scope}`);
      request.apiKey = info;
    };
    return Object.assign(hook, { [PLATFORM_AUTH]: true });
  };
}

/** The platform the request's key acts for: every id the request names is that platform's. */
export function callerPlatform(request: FastifyRequest): string {
  if (!request.apiKey) throw new Error('platform route without platform authentication');
  return request.apiKey.platform;
}

export function platformActor(request: FastifyRequest): Actor {
  if (!request.apiKey) throw new Error('platform route without platform authentication');
  return { kind: 'api_key', id: request.apiKey.id };
}
