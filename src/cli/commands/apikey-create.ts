// `vigie apikey create --name NAME`: the key is printed once, as the last line; only its
// hash is kept.
import { parseArgs } from 'node:util';
import { configFrom, dataOption, openStore } from '../options.js';
import { API_SCOPES, createApiKey, type ApiScope } from '../../store/api-keys.js';

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...dataOption, name: { type: 'string' }, scope: { type: 'string', multiple: true } } });
  if (!values.name) {
    process.stderr.write('usage: vigie apikey create --name NAME [--scope SCOPE ...] [--data DIR]\n');
    return 2;
  }
  const scopes = values.scope as ApiScope[] | undefined;
  for (const s of scopes ?? []) {
    if (!(API_SCOPES as readonly string[]).includes(s)) {
      process.stderr.write(`unknown scope "${s}"; scopes: ${API_SCOPES.join(', ')}\n`);
      return 2;
    }
  }
  const store = await openStore(configFrom(values));
  try {
    const { info, key } = await createApiKey(store, { name: values.name, ...(scopes ? { scopes } : {}), actor: { kind: 'system', id: 'cli' }, at: new Date().toISOString() });
    process.stderr.write(`created API key ${info.id} "${info.name}" with scopes ${info.scopes.join(', ')}; it is shown once:\n`);
    process.stdout.write(`${key}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
