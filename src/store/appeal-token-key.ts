// The key appeal tokens are signed with: derived from the server secret, so that every
// process with the same secret accepts the tokens any of them minted, and distinct from the
// block registry's and the report page's keys.
import { hkdfSync } from 'node:crypto';
import type { Store } from './store.js';
import { loadServerSecret } from './server-secret.js';

export function appealTokenKey(store: Store): Promise<Buffer> {
  return store.memo('appeal-token-key', async () =>
    Buffer.from(hkdfSync('sha256', await loadServerSecret(store.location.dataDir, store.location.serverSecret), Buffer.alloc(0), 'vigie appeal token v1', 32)),
  );
}
