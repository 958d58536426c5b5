// Revoking a platform API key: it stops working (within the platform routes' key cache)
// and the log says who revoked it.
import type { Store } from '../../store/store.js';
import { markApiKeyRevoked } from '../../store/api-keys.js';
import type { Actor } from '../../moderation/events.js';
import { notFound } from '../errors.js';

/** Throws a not-found service error when no active key has this id (unknown, or already revoked). */
export async function revokeApiKey(store: Store, id: string, actor: Actor, at: string): Promise<void> {
  await store.write(async (w) => {
    if (!(await markApiKeyRevoked(w.tx, id, at))) throw notFound(`no active API key with id ${id}`);
    await w.append([{ type: 'api_key.revoked', subject: { kind: 'api_key', id }, actor, at, reason: null, payload: {} }]);
  });
}
