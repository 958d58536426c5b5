// A key is 256 random bits, so a fast hash is enough to store it: there is nothing to guess.
import { createHash } from 'node:crypto';

export { API_SCOPES, type ApiKeyInfo, type ApiScope } from '../../store/api-keys.js';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
