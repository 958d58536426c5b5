// The PDQ index on every process, with real processes on one PostgreSQL and NATS: a bank
// imported by `vigie bank import` beside two API processes reaches both within a second (the
// command announces it; the 5 s poll is the fallback); a process that stops saves its
// snapshot, and when it starts again after more imports it loads that snapshot and catches up.
// Skipped with a message without PostgreSQL or NATS outside CI.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clusterSkip, startCluster, type Cluster } from '../support/cluster.js';
import { dropStreams, natsSkip, natsUrl } from '../support/nats.js';
import { runCli } from '../support/cli.js';
import { kill, startServerProcess } from '../support/server-process.js';

const skip = (await clusterSkip()) || (await natsSkip());

interface IndexHealth {
  version: number;
  stale: boolean;
  loadedFrom: string;
}

async function indexOf(url: string): Promise<IndexHealth> {
  const res = await fetch(`${url}/health`);
  return ((await res.json()) as { bankIndex: IndexHealth }).bankIndex;
}

function logLine(line: string): { msg?: string; entries?: number } | undefined {
  try {
    return JSON.parse(line) as { msg?: string; entries?: number };
  } catch {
    return undefined;
  }
}

describe('the bank index on every process', { skip, timeout: 120_000 }, () => {
  let cluster: Cluster;
  const prefix = `vi${randomBytes(4).toString('hex')}`;

  before(async () => {
    cluster = await startCluster(2, { name: 'index', env: { NATS_URL: natsUrl, VIGIE_NATS_PREFIX: prefix } });
  });
  after(async () => {
    await cluster?.stop();
    await dropStreams([prefix]);
  });

  async function importList(name: string, n: number): Promise<number> {
    const file = join(cluster.dataDirs[0]!, `${name}.txt`);
    // Placeholder PDQ values: random bits, no image behind them.
    writeFileSync(file, Array.from({ length: n }, () => randomBytes(32).toString('hex')).join('\n') + '\n');
    const r = await runCli(['bank', 'import', '--name', name, '--format', 'lines', '--data', cluster.dataDirs[0]!, file], {
      env: { ...process.env, ...cluster.env },
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.doesNotMatch(r.stderr, /not told through NATS/);
    const store = await cluster.openStore();
    try {
      return Number((await store.db.selectFrom('bank_state').select('version').executeTakeFirstOrThrow()).version);
    } finally {
      await store.close();
    }
  }

  test('an import reaches every API process within a second, before the poll would', async (t) => {
    const version = await importList(`notice-${prefix}`, 20);
    const started = Date.now();
    const held = async () => (await Promise.all(cluster.servers.map((s) => indexOf(s.url)))).every((h) => h.version >= version);
    while (!(await held()) && Date.now() - started < 4_000) await new Promise((r) => setTimeout(r, 20));
    const took = Date.now() - started;
    assert.ok(await held(), 'every process holds the import');
    t.diagnostic(`every process held the import ${took} ms after the command returned`);
    assert.ok(took < 1_000, `took ${took} ms`);
  });

  test('a process started late loads the snapshot it saved and catches up with what came after', async () => {
    const leaving = cluster.servers[1]!;
    const dir = cluster.dataDirs[1]!;
    // SIGTERM: the process saves its bank index snapshot on the way out.
    await kill(leaving, 'SIGTERM');
    const version = await importList(`late-${prefix}`, 30);
    const again = await startServerProcess(dir, { ...cluster.env, VIGIE_ROLES: 'api,indexer' });
    cluster.servers[1] = again;
    const h = await indexOf(again.url);
    assert.equal(h.loadedFrom, 'snapshot');
    assert.equal(h.version, version);
    assert.equal(h.stale, false);
    const loaded = again.output.map(logLine).find((l) => l?.msg === 'bank index loaded');
    assert.equal(loaded?.entries, 50, 'both imports are held');
  });
});
