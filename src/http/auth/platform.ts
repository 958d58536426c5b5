// Platform authentication: `Authorization: Bearer <api key>`, with scopes. Keys found are
// kept for a few seconds so that a stream of posts does not cost a lookup each; a revoked
// key stops working within that time.
import type { FastifyRequest } from 'fastify';
import { findApiKey } from '../../services/api-keys/authenticate-key.js';
import type { ApiKeyInfo, ApiScope } from '../../store/api-keys.js';
import type { AppContext } from '../context.js';
import { Problem } from '../problem.js';
import type { Actor } from '../../moderation/events.js';

const CACHE_MS = 10_000;

declare module 'fastify' {
  interface FastifyRequest {
    apiKey?: ApiKeyInfo;
  }
}

export function platformAuth(ctx: AppContext) {
  const cache = new Map<string, { info: ApiKeyInfo | null; until: number }>();

  async function lookup(key: string): Promise<ApiKeyInfo | null> {
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && hit.until > now) return hit.info;
    const info = await findApiKey(ctx.store, key);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { info, until: now + CACHE_MS });
    return info;
  }

  return function requireScope(scope: ApiScope) {
    return async (request: FastifyRequest): Promise<void> => {
      const header = request.headers.authorization;
      if (!header || !header.startsWith('Bearer ')) {
        throw new Problem(401, 'Unauthorized', 'send the platform API key as "Authorization: Bearer <key>"');
      }
      const info = await lookup(header.slice(7).trim());
      if (!info) throw new Problem(401, 'Unauthorized', 'unknown or revoked API key');
      if (!info.scopes.includes(scope)) throw new Problem(403, 'Forbidden', `this API key lacks the scope ${scope}`);
      request.apiKey = info;
    };
  };
}

export function platformActor(request: FastifyRequest): Actor {
  if (!request.apiKey) throw new Error('platform route without platform authentication');
  return { kind: 'api_key', id: request.apiKey.id };
}
