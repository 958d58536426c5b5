// Authenticating a platform's request: the key it sends, looked up by its hash. A revoked
// key is as good as unknown.
import type { Store } from '../../store/store.js';
import { apiKeyByHash, toApiKeyInfo, type ApiKeyInfo } from '../../store/api-keys.js';
import { hashApiKey } from './api-key-hash.js';

export async function findApiKey(store: Pick<Store, 'db'>, key: string): Promise<ApiKeyInfo | null> {
  const row = await apiKeyByHash(store.db, hashApiKey(key));
  if (!row || row.revoked_at) return null;
  return toApiKeyInfo(row);
}
