// Runs a suite against every store: SQLite in a temporary folder and PostgreSQL in a
// schema of its own (so that suites can run side by side on one server). Without a
// reachable PostgreSQL the PostgreSQL half is skipped, unless CI is set: then it fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { after, before, describe } from 'node:test';
import pg from 'pg';
import { Store } from '../../src/store/store.js';
import type { DatabaseConfig } from '../../src/store/connect.js';

export const postgresUrl = process.env.VIGIE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let reachable: Promise<string | null> | undefined;

/** null when PostgreSQL answers; otherwise why not. */
export function postgresProblem(): Promise<string | null> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return null;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachable;
}

export interface StoreTarget {
  name: 'sqlite' | 'postgres';
  /** A configuration for a fresh, empty database of this kind. */
  freshConfig(): Promise<DatabaseConfig & { cleanup(): Promise<void> }>;
}

export const sqliteTarget: StoreTarget = {
  name: 'sqlite',
  async freshConfig() {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigie-test-'));
    return { dataDir, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
  },
};

export const postgresTarget: StoreTarget = {
  name: 'postgres',
  async freshConfig() {
    const schema = `vigie_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const dataDir = mkdtempSync(join(tmpdir(), 'vigie-test-'));
    return {
      databaseUrl: postgresUrl,
      schema,
      dataDir,
      poolSize: 4,
      cleanup: async () => {
        const c = new pg.Client({ connectionString: postgresUrl });
        await c.connect();
        await c.query(`drop schema ${schema} cascade`);
        await c.end();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

const pgProblem = await postgresProblem();
if (pgProblem && process.env.CI) {
  throw new Error(`CI is set but PostgreSQL at ${postgresUrl} is unreachable: ${pgProblem}`);
}

/** The targets to run: both, or SQLite alone (with a message) when PostgreSQL is absent outside CI. */
export const storeTargets: { target: StoreTarget; skip: false | string }[] = [
  { target: sqliteTarget, skip: false },
  { target: postgresTarget, skip: pgProblem ? `PostgreSQL unreachable at ${postgresUrl} (${pgProblem}); skipped outside CI` : false },
];

/**
 * Declares `describe(<title> [sqlite|postgres])` with a fresh migrated store per target.
 * `body` receives a getter, because the store only exists once `before` has run.
 */
export function describeEachStore(title: string, body: (store: () => Store, target: StoreTarget) => void): void {
  for (const { target, skip } of storeTargets) {
    describe(`${title} [${target.name}]`, { skip }, () => {
      let store: Store | undefined;
      let cleanup: (() => Promise<void>) | undefined;
      before(async () => {
        const config = await target.freshConfig();
        cleanup = config.cleanup;
        store = await Store.open(config);
      });
      after(async () => {
        await store?.close();
        await cleanup?.();
      });
      body(() => {
        if (!store) throw new Error('store not open yet');
        return store;
      }, target);
    });
  }
}
