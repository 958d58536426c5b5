// Creating a platform API key, the same way from the admin API and `vigie apikey create`:
// the key is made here and shown once; only its hash is kept, and the log says who made it
// for which platform with which scopes.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Store } from '../../store/store.js';
import { insertApiKey } from '../../store/api-keys.js';
import type { Actor } from '../../moderation/events.js';
import { DEFAULT_PLATFORM } from '../../moderation/platform-ids.js';
import { invalid } from '../errors.js';
import { requirePlatform } from '../platforms/platforms.js';
import { platformMeant, type PlatformAccess } from '../platforms/platform-access.js';
import { API_SCOPES, hashApiKey, type ApiKeyInfo, type ApiScope } from './api-key-hash.js';

export async function createApiKey(
  store: Store,
  input: { name: string; scopes?: readonly ApiScope[]; platform?: string | undefined; actor: Actor; at: string },
  access: PlatformAccess,
): Promise<{ info: ApiKeyInfo; key: string }> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw invalid('an API key needs a name of 1 to 100 characters');
  const scopes = [...new Set(input.scopes ?? API_SCOPES)];
  if (scopes.length === 0) throw invalid('an API key needs at least one scope');
  const platform = platformMeant(access, input.platform);
  await requirePlatform(store, platform);
  const id = `key_${randomUUID()}`;
  const key = `vigie_${randomBytes(32).toString('base64url')}`;
  const prefix = key.slice(0, 12);
  await store.write(async (w) => {
    await insertApiKey(w.tx, {
      id,
      name,
      prefix,
      key_hash: hashApiKey(key),
      scopes_json: JSON.stringify(scopes),
      created_at: input.at,
      revoked_at: null,
      platform_id: platform,
    });
    await w.append([
      {
        type: 'api_key.created',
        subject: { kind: 'api_key', id },
        actor: input.actor,
        at: input.at,
        reason: null,
        // The default platform's keys are logged as they were before platforms existed.
        payload: { name, prefix, scopes, ...(platform !== DEFAULT_PLATFORM ? { platform } : {}) },
      },
    ]);
  });
  return { info: { id, name, prefix, scopes, createdAt: input.at, revokedAt: null, platform }, key };
}
