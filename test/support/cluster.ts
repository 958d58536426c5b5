// Several real `vigie serve` processes on one PostgreSQL database of their own, as an operator
// runs them behind a proxy: the same server secret, a data folder each. For the race suite,
// the fault scripts and the scale benchmark.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Store } from '../../src/store/store.js';
import { createApiKey } from '../../src/services/api-keys/create-api-key.js';
import { kill, startServerProcess, type ServerProcess } from './server-process.js';
import { createTempDatabase } from './temp-database.js';
import { postgresProblem, postgresUrl } from './stores.js';

export interface Cluster {
  databaseUrl: string;
  /** The environment every process of the cluster runs with (for CLI commands beside it). */
  env: Record<string, string>;
  servers: ServerProcess[];
  dataDirs: string[];
  /** A platform API key valid on every process. */
  apiKey: string;
  /** Opens the cluster's database from the test process. */
  openStore(): Promise<Store>;
  /** Starts one more process (roles as `vigie serve --roles`); it joins `servers`. */
  addServer(roles?: string, extraEnv?: Record<string, string>): Promise<ServerProcess>;
  stop(): Promise<void>;
}

/** Why the cluster cannot run here (PostgreSQL unreachable outside CI), or false. */
export async function clusterSkip(): Promise<false | string> {
  const problem = await postgresProblem();
  if (!problem) return false;
  if (process.env.CI) throw new Error(`CI is set but PostgreSQL at ${postgresUrl} is unreachable: ${problem}`);
  return `PostgreSQL unreachable at ${postgresUrl} (${problem}); skipped outside CI`;
}

export async function startCluster(
  size: number,
  options: { name?: string; env?: Record<string, string>; roles?: string; nodeArgs?: string[]; postgresUrl?: string } = {},
): Promise<Cluster> {
  const db = await createTempDatabase(
    options.postgresUrl ?? postgresUrl,
    `vigie_${options.name ?? 'cluster'}_${process.pid}_${randomBytes(3).toString('hex')}`,
  );
  const env: Record<string, string> = {
    DATABASE_URL: db.url,
    // Every node must share it (the block registry's keys, sealed second factors).
    VIGIE_SERVER_SECRET: randomBytes(32).toString('base64'),
    VIGIE_SECURE_COOKIES: 'false',
    VIGIE_WEBHOOKS_ALLOW_PRIVATE: 'true',
    VIGIE_RATE_LIMIT_PER_IP: '1000000',
    ...options.env,
  };
  const dataDirs: string[] = [];
  const servers: ServerProcess[] = [];
  const openStore = () => Store.open({ dataDir: dataDirs[0] ?? tmpdir(), databaseUrl: db.url });
  const setupDir = mkdtempSync(join(tmpdir(), 'vigie-cluster-'));
  dataDirs.push(setupDir);
  const setup = await Store.open({ dataDir: setupDir, databaseUrl: db.url });
  const { key } = await createApiKey(setup, { name: 'cluster test', actor: { kind: 'system', id: null }, at: new Date().toISOString() }, null);
  await setup.close();

  const addServer = async (roles = options.roles ?? 'api,worker,indexer', extraEnv: Record<string, string> = {}) => {
    const dir = servers.length === 0 ? setupDir : mkdtempSync(join(tmpdir(), 'vigie-cluster-'));
    if (dir !== setupDir) dataDirs.push(dir);
    const server = await startServerProcess(dir, { ...env, VIGIE_ROLES: roles, ...extraEnv }, options.nodeArgs);
    servers.push(server);
    return server;
  };
  try {
    // One after the other: the first applies the migrations, the others find them done.
    for (let i = 0; i < size; i++) await addServer();
  } catch (err) {
    for (const s of servers) await kill(s, 'SIGKILL');
    await db.drop();
    throw err;
  }
  return {
    databaseUrl: db.url,
    env,
    servers,
    dataDirs,
    apiKey: key,
    openStore,
    addServer,
    async stop() {
      await Promise.all(servers.map((s) => kill(s, 'SIGTERM')));
      await db.drop();
      for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
    },
  };
}
