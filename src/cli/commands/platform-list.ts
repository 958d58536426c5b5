// `vigie platform list`: one line per platform.
import { configFrom, openStore } from '../options.js';
import type { PlatformListOptions } from '../grammar/platform-list.js';
import { listPlatforms } from '../../services/platforms/platforms.js';

export async function run(values: PlatformListOptions): Promise<number> {
  const store = await openStore(configFrom(values));
  try {
    const platforms = await listPlatforms(store);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(platforms)}\n`);
      return 0;
    }
    process.stdout.write('id\tname\tcreated_at\n');
    for (const p of platforms) process.stdout.write(`${p.id}\t${p.name}\t${p.createdAt}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
