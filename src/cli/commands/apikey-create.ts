// `vigie apikey create --name NAME`: the key is printed once, as the last line; only its
// hash is kept.
import { configFrom, openStore } from '../options.js';
import type { ApikeyCreateOptions } from '../grammar/apikey-create.js';
import { createApiKey } from '../../services/api-keys/create-api-key.js';
import { EVERY_PLATFORM } from '../../services/platforms/platform-access.js';

export async function run(values: ApikeyCreateOptions): Promise<number> {
  const scopes = values.scope;
  const store = await openStore(configFrom(values));
  try {
    const { info, key } = await createApiKey(
      store,
      { name: values.name, ...(scopes ? { scopes } : {}), platform: values.platform, actor: { kind: 'system', id: 'cli' }, at: new Date().toISOString() },
      EVERY_PLATFORM,
    );
    process.stderr.write(
      `created API key ${info.id} "${info.name}" for the platform ${info.platform} with scopes ${info.scopes.join(', ')}; it is shown once:\n`,
    );
    process.stdout.write(`${key}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
