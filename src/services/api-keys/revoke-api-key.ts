// Revoking a platform API key: it stops working (within the platform routes' key cache)
// and the log says who revoked it.
import type { Store } from '../../store/store.js';
import { apiKeyById, markApiKeyRevoked } from '../../store/api-keys.js';
import type { Actor } from '../../moderation/events.js';
import { notFound } from '../errors.js';
import { sees, type PlatformAccess } from '../platforms/platform-access.js';

/** Throws a not-found service error when no active key has this id (unknown, already revoked, or of a platform the caller does not see). */
export async function revokeApiKey(store: Store, id: string, actor: Actor, at: string, access: PlatformAccess): Promise<void> {
  await store.write(async (w) => {
    const row = await apiKeyById(w.tx, id);
    if (!row || !sees(access, row.platform_id) || !(await markApiKeyRevoked(w.tx, id, at))) throw notFound(`no active API key with id ${id}`);
    await w.append([{ type: 'api_key.revoked', subject: { kind: 'api_key', id }, actor, at, reason: null, payload: {} }]);
  });
}
