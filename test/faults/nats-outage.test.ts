// Fault: NATS stops under load. Two API processes and a worker on one PostgreSQL, their jobs on
// a NATS server of this test's own (so that stopping it disturbs nobody else). Clients post
// text, and now and then an image that a verified bank holds (a generated test pattern playing
// the part of known material): each such post is removed and its author suspended, and the
// actions' webhooks are queued in the same transaction. NATS is killed for
// VIGIE_FAULT_OUTAGE_SECONDS (default 10) in the middle, then started again on its store.
// Afterwards: the history checker finds what every client was told in the log, once; no answer was a 5xx; every webhook delivery
// is delivered, applied once per idempotency key, and `vigie verify` passes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { clusterSkip, startCluster, type Cluster } from '../support/cluster.js';
import { runCli } from '../support/cli.js';
import { patternImage } from '../support/images.js';
import { startReceiver, type Receiver } from '../enforcement/webhooks/receiver.js';
import { hashImageBytes } from '../../src/detect/media/index.js';
import { createEndpoint } from '../../src/services/webhooks/endpoints.js';
import { History, checkHistory } from './history.js';

const NATS_SERVER = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
const OUTAGE_S = Number(process.env.VIGIE_FAULT_OUTAGE_SECONDS ?? 10);
const pgSkip = await clusterSkip();
const binSkip = existsSync(NATS_SERVER)
  ? false
  : process.env.CI
    ? (() => {
        throw new Error(`CI is set but ${NATS_SERVER} is missing`);
      })()
    : `${NATS_SERVER} not found (NATS_SERVER_BIN); skipped outside CI`;

async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as { port: number }).port;
  s.close();
  return port;
}

function startNats(port: number, storeDir: string): ChildProcess {
  return spawn(NATS_SERVER, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir], { stdio: 'ignore' });
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(true));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(false)));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nats-server did not listen on ${port}`);
}

describe(`NATS stopped for ${OUTAGE_S} s under load`, { skip: pgSkip || binSkip, timeout: 300_000 }, () => {
  let nats: ChildProcess;
  let cluster: Cluster;
  let receiver: Receiver;
  const natsDir = mkdtempSync(join(tmpdir(), 'vigie-nats-'));
  let port = 0;

  before(async () => {
    port = await freePort();
    nats = startNats(port, natsDir);
    await waitForPort(port);
    cluster = await startCluster(2, { name: 'outage', roles: 'api,indexer', env: { NATS_URL: `nats://127.0.0.1:${port}`, VIGIE_JOB_LEASE_SECONDS: '125' } });
    await cluster.addServer('worker');
    receiver = await startReceiver(() => new Date());
  });
  after(async () => {
    await receiver?.close();
    await cluster?.stop();
    nats?.kill('SIGKILL');
    rmSync(natsDir, { recursive: true, force: true });
  });

  test('no acknowledged post lost, every webhook delivered and applied once, the log verifies', async (t) => {
    const env = { ...process.env, ...cluster.env };
    const image = await patternImage(4242);
    const { pdq } = await hashImageBytes(image);
    const list = join(cluster.dataDirs[0]!, 'known.txt');
    writeFileSync(list, `${pdq}\n`);
    const imported = await runCli(['bank', 'import', '--name', 'fault-known', '--verified', '--format', 'lines', '--data', cluster.dataDirs[0]!, list], {
      env,
    });
    assert.equal(imported.code, 0, imported.stderr);
    const store = await cluster.openStore();
    try {
      const { secret } = await createEndpoint(
        store,
        { url: receiver.url, actor: { kind: 'system', id: null }, at: new Date().toISOString() },
        { allowPrivate: true },
        null,
      );
      receiver.secret = secret;
      // Every API process holds the bank before the load starts.
      const apis = cluster.servers.filter((s) => s.url);
      for (const s of apis) {
        for (let i = 0; i < 100; i++) {
          const h = (await (await fetch(`${s.url}/health`)).json()) as { bankIndex: { version: number } };
          if (h.bankIndex.version > 0) break;
          await new Promise((r) => setTimeout(r, 100));
        }
      }

      const run = randomBytes(3).toString('hex');
      const acknowledged: string[] = [];
      const history = new History();
      const errors: number[] = [];
      let stop = false;
      let n = 0;
      const media = image.toString('base64');
      const client = async (c: number) => {
        while (!stop) {
          const i = n++;
          const known = i % 25 === 0;
          const body = {
            id: `outage-${run}-${i}`,
            kind: 'post',
            author: { id: known ? `outage-known-${run}-${i}` : `outage-author-${run}-${i % 40}`, handle: `h${i % 40}` },
            text: `placeholder post ${i}`,
            links: [],
            ...(known ? { media: [{ id: 'm1', mimeType: 'image/png', data: media }] } : {}),
            createdAt: '2026-12-01T10:00:00Z',
          };
          history.send(body.id);
          try {
            const res = await fetch(`${apis[c % apis.length]!.url}/v1/content`, {
              method: 'POST',
              headers: { authorization: `Bearer ${cluster.apiKey}`, 'content-type': 'application/json' },
              body: JSON.stringify(body),
            });
            const answer = (await res.json()) as { replayed?: boolean; state?: { status?: string } };
            history.record({ id: body.id, status: res.status, contentStatus: answer.state?.status, replayed: answer.replayed });
            if (res.status === 201 || res.status === 200) acknowledged.push(body.id);
            else errors.push(res.status);
          } catch {
            errors.push(0);
          }
        }
      };
      const clients = Array.from({ length: 8 }, (_, c) => client(c));
      await new Promise((r) => setTimeout(r, 3_000));
      const beforeOutage = acknowledged.length;
      nats.kill('SIGKILL');
      await once(nats, 'exit');
      await new Promise((r) => setTimeout(r, OUTAGE_S * 1000));
      const duringOutage = acknowledged.length - beforeOutage;
      nats = startNats(port, natsDir);
      await waitForPort(port);
      await new Promise((r) => setTimeout(r, 3_000));
      stop = true;
      await Promise.all(clients);
      t.diagnostic(`${acknowledged.length} posts acknowledged, ${duringOutage} of them while NATS was down; refused: ${JSON.stringify(errors.slice(0, 5))}`);
      assert.ok(acknowledged.length > 0, 'posts were acknowledged');
      assert.deepEqual(
        errors.filter((s) => s >= 500 || s === 0),
        [],
        'no 5xx, no dropped connection',
      );

      const report = await checkHistory(store, history, `outage-${run}-`);
      assert.equal(report.acknowledged, acknowledged.length);
      assert.deepEqual(report.problems.slice(0, 10), [], 'what clients were told is what the log holds');

      const deliveries = async () => store.db.selectFrom('webhook_deliveries').select(['id', 'delivered_at']).execute();
      const total = (await deliveries()).length;
      assert.ok(total > 0, 'the known image led to actions and webhooks');
      const deadline = Date.now() + 90_000;
      while ((await deliveries()).some((d) => d.delivered_at === null) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      const undelivered = (await deliveries()).filter((d) => d.delivered_at === null);
      assert.equal(undelivered.length, 0, `${undelivered.length} of ${total} deliveries not delivered`);
      const keys = new Set(receiver.requests.map((r) => r.message?.idempotencyKey));
      assert.equal(receiver.effects.length, keys.size, 'one effect per idempotency key');
      assert.equal(receiver.effects.length, total, 'every delivery applied');
      t.diagnostic(`${total} webhook deliveries, ${receiver.requests.length} requests, ${receiver.effects.length} effects`);
    } finally {
      await store.close();
    }
    const verify = await runCli(['verify', '--data', cluster.dataDirs[0]!], { env });
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });
});
