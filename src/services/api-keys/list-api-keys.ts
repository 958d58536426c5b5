// The platform API keys an admin may see: names, prefixes, scopes and platforms, never the keys.
import type { Store } from '../../store/store.js';
import { apiKeyRows, toApiKeyInfo, type ApiKeyInfo } from '../../store/api-keys.js';
import { sees, type PlatformAccess } from '../platforms/platform-access.js';

export async function listApiKeys(store: Pick<Store, 'db'>, access: PlatformAccess): Promise<ApiKeyInfo[]> {
  return (await apiKeyRows(store.db)).map(toApiKeyInfo).filter((k) => sees(access, k.platform));
}
