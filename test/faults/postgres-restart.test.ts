// Fault: PostgreSQL crashes and comes back under load. Two `vigie serve` processes (api,
// worker and indexer each, jobs on the database queue) on a PostgreSQL server of this test's
// own, so that crashing it disturbs no other suite. Clients post text, and now and then an
// image that a verified bank holds (a generated test pattern playing the part of known
// material): each such post is removed and its author suspended, with the actions' webhooks
// queued in the same transaction. The server is stopped as a crash would stop it (`pg_ctl -m
// immediate`) for VIGIE_FAULT_OUTAGE_SECONDS (default 5), then started again. Clients do what
// a platform does: on 503 they wait and send the same post again. Afterwards: no answer was
// a 500 and no connection dropped; the history checker finds what every client was told in
// the log, once; every webhook is delivered and applied once per idempotency key; both
// processes are still up; `vigie verify` passes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { clusterSkip, startCluster, type Cluster } from '../support/cluster.js';
import { runCli } from '../support/cli.js';
import { patternImage } from '../support/images.js';
import { privatePostgresSkip, startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.js';
import { startReceiver, type Receiver } from '../enforcement/webhooks/receiver.js';
import { hashImageBytes } from '../../src/detect/media/index.js';
import { createEndpoint } from '../../src/services/webhooks/endpoints.js';
import { History, checkHistory } from './history.js';

const OUTAGE_S = Number(process.env.VIGIE_FAULT_OUTAGE_SECONDS ?? 5);
const skip = (await clusterSkip()) || privatePostgresSkip();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`PostgreSQL crashed for ${OUTAGE_S} s under load`, { skip, timeout: 300_000 }, () => {
  let pg: PrivatePostgres;
  let cluster: Cluster;
  let receiver: Receiver;

  before(async () => {
    pg = await startPrivatePostgres();
    cluster = await startCluster(2, { name: 'pgrestart', postgresUrl: pg.url });
    receiver = await startReceiver(() => new Date());
  });
  after(async () => {
    await receiver?.close();
    await cluster?.stop().catch(() => undefined);
    pg?.destroy();
  });

  test('what clients were told is what the log holds, once; every webhook delivered and applied once; the log verifies', async (t) => {
    const env = { ...process.env, ...cluster.env };
    const image = await patternImage(5151);
    const { pdq } = await hashImageBytes(image);
    const list = join(cluster.dataDirs[0]!, 'known.txt');
    writeFileSync(list, `${pdq}\n`);
    const imported = await runCli(['bank', 'import', '--name', 'pg-fault-known', '--verified', '--format', 'lines', '--data', cluster.dataDirs[0]!, list], {
      env,
    });
    assert.equal(imported.code, 0, imported.stderr);
    const setup = await cluster.openStore();
    try {
      const { secret } = await createEndpoint(
        setup,
        { url: receiver.url, actor: { kind: 'system', id: null }, at: new Date().toISOString() },
        { allowPrivate: true },
        null,
      );
      receiver.secret = secret;
    } finally {
      await setup.close();
    }
    for (const s of cluster.servers) {
      for (let i = 0; i < 200; i++) {
        const h = (await (await fetch(`${s.url}/health`)).json()) as { bankIndex: { version: number } };
        if (h.bankIndex.version > 0) break;
        await sleep(100);
      }
    }

    const run = randomBytes(3).toString('hex');
    const prefix = `pgr-${run}-`;
    const history = new History();
    const dropped: string[] = [];
    let stop = false;
    let n = 0;
    const media = image.toString('base64');
    const sendUntilAcknowledged = async (c: number, i: number) => {
      const known = i % 25 === 0;
      const body = {
        id: `${prefix}${i}`,
        kind: 'post',
        author: { id: known ? `pgr-known-${run}-${i}` : `pgr-author-${run}-${i % 40}`, handle: `h${i % 40}` },
        text: `placeholder post ${i}`,
        links: [],
        ...(known ? { media: [{ id: 'm1', mimeType: 'image/png', data: media }] } : {}),
        createdAt: '2026-12-01T10:00:00Z',
      };
      history.send(body.id);
      for (let attempt = 0; attempt < 400; attempt++) {
        try {
          const res = await fetch(`${cluster.servers[(c + attempt) % cluster.servers.length]!.url}/v1/content`, {
            method: 'POST',
            headers: { authorization: `Bearer ${cluster.apiKey}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          const answer = (await res.json()) as { replayed?: boolean; state?: { status?: string } };
          history.record({ id: body.id, status: res.status, contentStatus: answer.state?.status, replayed: answer.replayed });
          if (res.status === 201 || res.status === 200) return;
          if (res.status !== 503) return;
          await sleep(Math.min(1000, Number(res.headers.get('retry-after') ?? 1) * 250));
        } catch (err) {
          dropped.push(String(err));
          history.record({ id: body.id, status: 0 });
          await sleep(250);
        }
      }
    };
    const client = async (c: number) => {
      while (!stop) await sendUntilAcknowledged(c, n++);
    };
    const clients = Array.from({ length: 8 }, (_, c) => client(c));
    await sleep(3_000);
    const before = history.acknowledged().size;
    pg.crash();
    await sleep(OUTAGE_S * 1000);
    pg.start();
    await sleep(5_000);
    stop = true;
    await Promise.all(clients);
    const statuses = history.statuses();
    t.diagnostic(`answers by status ${JSON.stringify(statuses)}; ${before} acknowledged before the crash, ${history.acknowledged().size} in all`);
    for (const s of cluster.servers)
      assert.equal(
        s.child.exitCode,
        null,
        `a process exited:\n${s.output
          .filter((l) => !l.startsWith('{') || /"level":60/.test(l))
          .slice(-30)
          .join('\n')}`,
      );
    assert.ok((statuses[503] ?? 0) > 0, 'the outage was seen by clients as 503');
    const failed = () =>
      cluster.servers
        .flatMap((s) => s.output)
        .filter((l) => l.includes('request failed'))
        .slice(0, 3)
        .map((l) => l.slice(0, 600))
        .join('\n');
    assert.equal(statuses[500] ?? 0, 0, `no 500; the servers logged:\n${failed()}`);
    assert.deepEqual(dropped.slice(0, 3), [], 'no connection dropped by vigie');
    assert.ok(history.acknowledged().size > before, 'posts were acknowledged after the restart');

    const store = await cluster.openStore();
    try {
      const report = await checkHistory(store, history, prefix);
      t.diagnostic(`history: ${report.acknowledged} acknowledged, ${report.storedUnacknowledged} stored though the answer was lost`);
      assert.deepEqual(report.problems.slice(0, 10), []);

      const deliveries = async () => store.db.selectFrom('webhook_deliveries').select(['id', 'delivered_at']).execute();
      const total = (await deliveries()).length;
      assert.ok(total > 0, 'the known image led to actions and webhooks');
      const deadline = Date.now() + 90_000;
      while ((await deliveries()).some((d) => d.delivered_at === null) && Date.now() < deadline) await sleep(250);
      const undelivered = (await deliveries()).filter((d) => d.delivered_at === null);
      assert.equal(undelivered.length, 0, `${undelivered.length} of ${total} deliveries not delivered`);
      const keys = new Set(receiver.requests.map((r) => r.message?.idempotencyKey));
      assert.equal(receiver.effects.length, keys.size, 'one effect per idempotency key');
      assert.equal(receiver.effects.length, total, 'every delivery applied');
    } finally {
      await store.close();
    }
    const verify = await runCli(['verify', '--data', cluster.dataDirs[0]!], { env });
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });
});
