// An API on a given store, for app.inject() tests, with a platform key and a settable clock.
import { loadConfig, type ConfigOverrides } from '../../src/config/config.js';
import { composeServices } from '../../src/main/compose.js';
import { buildApp, type App } from '../../src/http/app.js';
import { createApiKey } from '../../src/services/api-keys/create-api-key.js';
import type { ApiScope } from '../../src/store/api-keys.js';
import type { Store } from '../../src/store/store.js';
import type { AppContext } from '../../src/http/context.js';

export interface TestApp {
  app: App;
  ctx: AppContext;
  key: string;
  clock: { now: Date };
  auth(key?: string): { authorization: string };
}

export async function buildTestApp(store: Store, overrides: ConfigOverrides = {}, scopes?: ApiScope[]): Promise<TestApp> {
  // The store's own folder: media, keys and the index live beside its database, as in production.
  const config = loadConfig({
    ...overrides,
    store: { dataDir: store.location.dataDir, ...overrides.store },
    http: { secureCookies: false, ...overrides.http },
  });
  const clock = { now: new Date('2026-11-28T12:00:00.000Z') };
  const services = await composeServices(config, store, { roles: ['api'], now: () => clock.now });
  const ctx = services.api;
  if (!ctx) throw new Error('the api role builds the api services');
  const app = await buildApp(ctx, false);
  await app.ready();
  const { key } = await createApiKey(
    store,
    {
      name: 'test platform',
      ...(scopes ? { scopes } : {}),
      actor: { kind: 'system', id: null },
      at: clock.now.toISOString(),
    },
    null,
  );
  return { app, ctx, key, clock, auth: (k = key) => ({ authorization: `Bearer ${k}` }) };
}
