// `vigie platform add ID --name NAME`.
import { configFrom, openStore } from '../options.js';
import type { PlatformAddOptions } from '../grammar/platform-add.js';
import { createPlatform } from '../../services/platforms/platforms.js';
import { ServiceError } from '../../services/errors.js';

export async function run(id: string, values: PlatformAddOptions): Promise<number> {
  const store = await openStore(configFrom(values));
  try {
    const platform = await createPlatform(store, { id, name: values.name, actor: { kind: 'system', id: 'cli' }, at: new Date().toISOString() });
    process.stdout.write(`${platform.id}\n`);
    process.stderr.write(
      `registered the platform ${platform.id} "${platform.name}"; give it an API key with: vigie apikey create --platform ${platform.id} --name NAME\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof ServiceError) {
      process.stderr.write(`vigie platform add: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await store.close();
  }
}
