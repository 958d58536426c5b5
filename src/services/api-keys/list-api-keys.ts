// The platform's API keys for an admin: names, prefixes and scopes, never the keys.
import type { Store } from '../../store/store.js';
import { apiKeyRows, toApiKeyInfo, type ApiKeyInfo } from '../../store/api-keys.js';

export async function listApiKeys(store: Pick<Store, 'db'>): Promise<ApiKeyInfo[]> {
  return (await apiKeyRows(store.db)).map(toApiKeyInfo);
}
