// Webhook delivery end to end on both stores: actions logged with their deliveries, the real
// job queue and worker on a test clock, and a platform receiver on 127.0.0.1 that fails,
// answers late, loses answers and refuses.
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../../support/stores.js';
import { createEndpoint, updateEndpoint } from '../../../src/services/webhooks/endpoints.js';
import { enqueueActionDeliveries } from '../../../src/services/webhooks/outbox.js';
import { replayDeadDeliveries as replayDeadIn, replayDelivery as replayIn } from '../../../src/services/webhooks/replay.js';
import { getDelivery, listDeliveries } from '../../../src/store/webhook-deliveries.js';
import type { JobStore } from '../../../src/store/job-store.js';

const replayDelivery = (jobs: JobStore, ...rest: Parameters<typeof replayIn> extends [unknown, unknown, ...infer R] ? R : never) =>
  replayIn(jobs.store, jobs, ...rest);
const replayDeadDeliveries = (jobs: JobStore, ...rest: Parameters<typeof replayDeadIn> extends [unknown, unknown, ...infer R] ? R : never) =>
  replayDeadIn(jobs.store, jobs, ...rest);
import { eventsOf } from '../../../src/store/log-store.js';
import { idempotencyKeyOf } from '../../../src/enforcement/webhooks/message.js';
import { WEBHOOK_MAX_ATTEMPTS } from '../../../src/enforcement/webhooks/schedule.js';
import { LOOPBACK_ALLOWED, actionEvent, webhookHarness, type Harness } from './harness.js';
import { startReceiver, type Receiver } from './receiver.js';

const ADMIN = { kind: 'staff' as const, id: 'stf_admin' };

describeEachStore('webhook delivery', (store) => {
  let h: Harness;
  const receivers: Receiver[] = [];

  beforeEach(async () => {
    const db = store().db;
    await db.deleteFrom('jobs').execute();
    await db.deleteFrom('webhook_deliveries').execute();
    await db.deleteFrom('webhook_endpoints').execute();
    h = webhookHarness(store());
  });
  afterEach(async () => {
    await h.worker.stop();
    for (const r of receivers.splice(0)) await r.close();
  });

  async function receiverWithEndpoint(eventTypes?: string[]) {
    const receiver = await startReceiver(h.clock.now);
    receivers.push(receiver);
    const { endpoint, secret } = await createEndpoint(store(), { url: receiver.url, eventTypes, actor: ADMIN, at: h.clock.iso() }, LOOPBACK_ALLOWED, null);
    receiver.secret = secret;
    return { receiver, endpoint };
  }

  test('every action arrives, through 500s, a late answer and a lost answer, with one effect each', async () => {
    const { receiver, endpoint } = await receiverWithEndpoint();
    // Two more endpoints: one switched off, one that only wants reversals.
    const off = await receiverWithEndpoint();
    await updateEndpoint(store(), off.endpoint.id, { active: false }, ADMIN, h.clock.iso(), null, LOOPBACK_ALLOWED, null);
    const revertsOnly = await receiverWithEndpoint(['action.reverted']);

    receiver.script = (n) => {
      if (n <= 2) return { kind: 'status', status: 500 };
      if (n === 3) return { kind: 'late', ms: 2_000 };
      if (n === 4) return { kind: 'drop' };
      return { kind: 'ok' };
    };
    const { logged, deliveries } = await h.logActions([
      actionEvent(h.clock, 'suspend_account', { kind: 'account', id: 'acct-1' }),
      actionEvent(h.clock, 'remove_content', { kind: 'content', id: 'post-1' }),
      { ...actionEvent(h.clock, 'remove_content', { kind: 'content', id: 'post-2' }), type: 'action.reverted' },
      // Not an action: no webhook.
      {
        type: 'notice.sent',
        subject: { kind: 'account', id: 'acct-1' },
        actor: { kind: 'system', id: null },
        at: h.clock.iso(),
        reason: null,
        payload: { notice: 'violation-recorded', contentIds: [], clauses: [] },
      },
    ]);
    const keys = logged.slice(0, 3).map(idempotencyKeyOf);
    assert.equal(deliveries.filter((d) => d.endpointId === endpoint.id).length, 3);
    assert.deepEqual(
      deliveries.filter((d) => d.endpointId === revertsOnly.endpoint.id).map((d) => d.idempotencyKey),
      [keys[2]],
    );
    assert.equal(deliveries.filter((d) => d.endpointId === off.endpoint.id).length, 0);

    // The same events handed over again (a retried transaction's caller) create nothing new.
    const again = await h.jobs.store.write((w) => enqueueActionDeliveries(w, h.jobs, logged));
    assert.deepEqual(again, []);

    await h.runToQuiet();

    // Every action took effect exactly once, though some were sent more than once.
    assert.deepEqual([...receiver.effects].sort(), [...keys].sort());
    const repeated = [...receiver.seen.entries()].filter(([, n]) => n > 1).map(([k]) => k);
    assert.ok(repeated.length >= 2, `the late and the dropped deliveries were sent again: ${JSON.stringify([...receiver.seen])}`);
    assert.ok(receiver.requests.filter((r) => r.repeat).length >= 2);
    assert.ok(
      receiver.requests.every((r) => r.verified),
      'every request carried a valid signature',
    );
    assert.deepEqual(revertsOnly.receiver.effects, [keys[2]]);
    assert.equal(off.receiver.requests.length, 0);

    // Each retry is the same message: same delivery id, key and body.
    for (const d of deliveries.filter((x) => x.endpointId === endpoint.id)) {
      const sent = receiver.requests.filter((r) => r.headers['vigie-delivery-id'] === d.deliveryId);
      assert.ok(sent.length >= 1);
      assert.equal(new Set(sent.map((r) => r.body)).size, 1, 'retries send the same bytes');
      for (const r of sent) {
        assert.equal(r.headers['content-type'], 'application/json');
        assert.equal(r.headers['vigie-idempotency-key'], d.idempotencyKey);
        assert.equal(r.message?.id, d.deliveryId);
        assert.equal(r.message?.idempotencyKey, d.idempotencyKey);
      }
      const view = await getDelivery(store().db, d.deliveryId);
      assert.equal(view?.status, 'delivered');
      assert.equal(view?.attempts, sent.length);
      assert.equal(view?.lastError, null);
      assert.equal(view?.nextAttemptAt, null);
    }
    const first = receiver.requests.find((r) => r.message?.action.subject.id === 'acct-1')!.message!;
    assert.deepEqual(first, {
      version: 1,
      id: first.id,
      type: 'action.taken',
      idempotencyKey: keys[0],
      occurredAt: logged[0]!.at,
      action: {
        kind: 'suspend_account',
        subject: { kind: 'account', id: 'acct-1' },
        reason: 'confirmed by a reviewer',
        clauses: ['content.link-to-material'],
        userMayBeNotified: false,
        caseId: 'case-1',
        contentIds: [],
      },
    });
    const errors = h.reports.filter((r) => r.outcome === 'retry').map((r) => r.error);
    assert.ok(errors.includes('the endpoint answered HTTP 500'), JSON.stringify(errors));
    assert.ok(
      errors.some((e) => e?.includes('no answer within')),
      'the late answer counted as a failure',
    );
    assert.ok(
      errors.some((e) => e?.startsWith('request failed')),
      'the dropped connection counted as a failure',
    );
    assert.deepEqual((await h.jobs.stats()).counts, { queued: 0, running: 0, done: 4, dead: 0 });
  });

  test('a 4xx refusal is a dead letter at once; a replay sends the same message and is logged', async () => {
    const { receiver, endpoint } = await receiverWithEndpoint();
    let refuse = true;
    receiver.script = () => (refuse ? { kind: 'status', status: 422 } : { kind: 'ok' });
    const { deliveries } = await h.logActions([actionEvent(h.clock, 'remove_content', { kind: 'content', id: 'post-9' })]);
    const [d] = deliveries;
    await h.runToQuiet();

    assert.equal(receiver.requests.length, 1, 'a 4xx is not retried');
    const dead = await listDeliveries(store().db, { status: 'dead' });
    assert.deepEqual(
      dead.deliveries.map((x) => x.id),
      [d!.deliveryId],
    );
    assert.equal(dead.deliveries[0]!.lastError, 'the endpoint answered HTTP 422');
    assert.equal(dead.deliveries[0]!.attempts, 1);
    assert.equal((await listDeliveries(store().db, { status: 'pending' })).deliveries.length, 0);
    assert.equal((await h.jobs.listDead({ kind: 'webhook.deliver' })).length, 1);

    refuse = false;
    h.clock.advance(3_600_000);
    const replayed = await replayDelivery(h.jobs, d!.deliveryId, ADMIN, h.clock.iso(), null, { reason: 'platform fixed its schema check' });
    assert.equal(replayed.replayed, true);
    // Already on its way: a second replay does nothing.
    const twice = await replayDelivery(h.jobs, d!.deliveryId, ADMIN, h.clock.iso(), null);
    assert.deepEqual([twice.replayed, twice.replayed ? null : twice.reason], [false, 'in_flight']);
    await h.runToQuiet();

    assert.equal(receiver.requests.length, 2);
    const [before, after] = receiver.requests;
    assert.equal(after!.body, before!.body, 'the replay sends the same message');
    assert.equal(after!.headers['vigie-idempotency-key'], d!.idempotencyKey);
    assert.equal(after!.headers['vigie-delivery-id'], d!.deliveryId);
    assert.notEqual(after!.headers['vigie-signature'], before!.headers['vigie-signature'], 'signed again at send time');
    assert.equal(after!.verified, true);
    assert.deepEqual(receiver.effects, [d!.idempotencyKey]);
    assert.equal((await getDelivery(store().db, d!.deliveryId))?.status, 'delivered');

    const events = await eventsOf(store().db, { kind: 'webhook', id: endpoint.id });
    const replays = events.filter((e) => e.type === 'webhook.replayed');
    assert.equal(replays.length, 1);
    assert.deepEqual(replays[0]!.actor, ADMIN);
    assert.equal(replays[0]!.reason, 'platform fixed its schema check');
    assert.deepEqual(replays[0]!.payload, {
      deliveryId: d!.deliveryId,
      idempotencyKey: d!.idempotencyKey,
      eventType: 'action.taken',
      previousStatus: 'dead',
      attemptsBefore: 1,
    });

    // A delivered message may be replayed too (the platform lost it); its key is unchanged, so it applies nothing twice.
    assert.equal((await replayDelivery(h.jobs, d!.deliveryId, ADMIN, h.clock.iso(), null)).replayed, true);
    await h.runToQuiet();
    assert.equal(receiver.requests.length, 3);
    assert.equal(receiver.requests[2]!.repeat, true);
    assert.deepEqual(receiver.effects, [d!.idempotencyKey]);
    assert.equal((await replayDelivery(h.jobs, 'whd_nope', ADMIN, h.clock.iso(), null)).replayed, false);
  });

  test('an endpoint that keeps failing is retried with growing delays, then dead; replaying all dead delivers', async () => {
    const { receiver } = await receiverWithEndpoint();
    let down = true;
    receiver.script = (n) => (down ? { kind: 'status', status: n % 2 ? 503 : 429 } : { kind: 'ok' });
    const start = h.clock.now().getTime();
    const { deliveries } = await h.logActions(
      [
        actionEvent(h.clock, 'suspend_account', { kind: 'account', id: 'acct-2' }),
        actionEvent(h.clock, 'lock_account', { kind: 'account', id: 'acct-3' }, { contentIds: ['post-5'] }),
      ],
      { maxAttempts: 4 },
    );
    const at: number[] = [];
    const script = receiver.script;
    receiver.script = (n, m) => {
      if (m?.action.subject.id === 'acct-2') at.push(h.clock.now().getTime() - start);
      return script(n, m);
    };
    await h.runToQuiet();

    // 4 attempts, 5 s then 10 s then 20 s apart (no jitter in this test), then dead.
    assert.deepEqual(at, [0, 5_000, 15_000, 35_000]);
    const dead = await listDeliveries(store().db, { status: 'dead' });
    assert.equal(dead.deliveries.length, 2);
    for (const x of dead.deliveries) {
      assert.equal(x.attempts, 4);
      assert.match(x.lastError ?? '', /^the endpoint answered HTTP (503|429)$/);
      assert.equal(x.nextAttemptAt, null);
    }
    assert.deepEqual(receiver.effects, []);

    down = false;
    const summary = await replayDeadDeliveries(h.jobs, ADMIN, h.clock.iso(), null, { reason: 'outage over' });
    assert.deepEqual(new Set(summary.replayed), new Set(deliveries.map((x) => x.deliveryId)));
    assert.equal(summary.more, false);
    await h.runToQuiet();
    assert.deepEqual(new Set(receiver.effects), new Set(deliveries.map((x) => x.idempotencyKey)));
    assert.equal((await listDeliveries(store().db, { status: 'dead' })).deliveries.length, 0);
    const locked = receiver.requests.find((r) => r.message?.action.kind === 'lock_account')!.message!;
    assert.deepEqual(locked.action.contentIds, ['post-5']);
  });

  test('by default a delivery keeps trying for days', async () => {
    const { receiver } = await receiverWithEndpoint();
    receiver.script = () => ({ kind: 'status', status: 502 });
    const { deliveries } = await h.logActions([actionEvent(h.clock, 'remove_content', { kind: 'content', id: 'post-3' })]);
    const job = await store()
      .db.selectFrom('jobs')
      .selectAll()
      .where('dedupe_key', '=', `webhook.deliver:${deliveries[0]!.deliveryId}`)
      .executeTakeFirstOrThrow();
    assert.equal(job.max_attempts, WEBHOOK_MAX_ATTEMPTS);
    // Three days of failures, attempt after attempt, and it is still pending.
    const start = h.clock.now().getTime();
    await h.drain();
    // Checked every six hours of test time: each check finds one attempt due (they are at most an hour apart).
    while (h.clock.now().getTime() - start < 3 * 24 * 3_600_000) {
      h.clock.advance(6 * 3_600_000);
      await h.drain();
    }
    const view = await getDelivery(store().db, deliveries[0]!.deliveryId);
    assert.equal(view?.status, 'pending');
    assert.equal(view?.attempts, receiver.requests.length);
    assert.ok(view!.attempts >= 12, `attempts ${view!.attempts}`);
    assert.ok(view!.nextAttemptAt !== null);
  });

  test('redirects are not followed; a refused connection is retried', async () => {
    const { receiver, endpoint } = await receiverWithEndpoint();
    const elsewhere = await startReceiver(h.clock.now);
    receivers.push(elsewhere);
    receiver.script = (n) => (n === 1 ? { kind: 'status', status: 307, headers: { location: elsewhere.url } } : { kind: 'ok' });
    const { deliveries } = await h.logActions([actionEvent(h.clock, 'remove_content', { kind: 'content', id: 'post-4' })]);
    await h.drain();
    assert.equal(elsewhere.requests.length, 0, 'nothing was sent to the redirect target');
    const view = await getDelivery(store().db, deliveries[0]!.deliveryId);
    assert.equal(view?.status, 'pending');
    assert.equal(view?.lastError, 'the endpoint answered HTTP 307 (redirects are not followed)');

    // The platform's server is down (nothing listens on the port any more).
    await receiver.close();
    receivers.splice(receivers.indexOf(receiver), 1);
    h.clock.advance(5_000);
    await h.drain();
    const refused = await getDelivery(store().db, deliveries[0]!.deliveryId);
    assert.equal(refused?.status, 'pending');
    assert.equal(refused?.lastError, 'request failed: ECONNREFUSED');
    assert.equal(refused?.attempts, 2);

    // It comes back on another port; the admin points the endpoint there and the retry gets through.
    const back = await startReceiver(h.clock.now);
    receivers.push(back);
    back.secret = receiver.secret;
    await updateEndpoint(store(), endpoint.id, { url: back.url }, ADMIN, h.clock.iso(), null, LOOPBACK_ALLOWED, null);
    await h.runToQuiet();
    assert.deepEqual(back.effects, [deliveries[0]!.idempotencyKey]);
  });

  test('a delivery to an endpoint switched off is a dead letter; it is replayed once the endpoint is back', async () => {
    const { receiver, endpoint } = await receiverWithEndpoint();
    const { deliveries } = await h.logActions([actionEvent(h.clock, 'remove_content', { kind: 'content', id: 'post-6' })]);
    await updateEndpoint(store(), endpoint.id, { active: false }, ADMIN, h.clock.iso(), 'platform maintenance', LOOPBACK_ALLOWED, null);
    await h.runToQuiet();
    assert.equal(receiver.requests.length, 0);
    const dead = await getDelivery(store().db, deliveries[0]!.deliveryId);
    assert.deepEqual([dead?.status, dead?.lastError, dead?.attempts], ['dead', 'the endpoint is inactive', 0]);

    const refused = await replayDelivery(h.jobs, deliveries[0]!.deliveryId, ADMIN, h.clock.iso(), null);
    assert.deepEqual([refused.replayed, refused.replayed ? null : refused.reason], [false, 'endpoint_inactive']);
    assert.deepEqual((await replayDeadDeliveries(h.jobs, ADMIN, h.clock.iso(), null)).skipped, [deliveries[0]!.deliveryId]);

    await updateEndpoint(store(), endpoint.id, { active: true }, ADMIN, h.clock.iso(), null, LOOPBACK_ALLOWED, null);
    assert.equal((await replayDelivery(h.jobs, deliveries[0]!.deliveryId, ADMIN, h.clock.iso(), null)).replayed, true);
    await h.runToQuiet();
    assert.deepEqual(receiver.effects, [deliveries[0]!.idempotencyKey]);
  });

  test('a worker that dies during the last attempt leaves a dead letter, not a silent pending row', async () => {
    const { receiver } = await receiverWithEndpoint();
    const { deliveries } = await h.logActions([actionEvent(h.clock, 'suspend_account', { kind: 'account', id: 'acct-4' })], { maxAttempts: 1 });
    // A worker claims the job and is never heard of again.
    const claimed = await h.jobs.claim('vanished-worker', 1, 2_000);
    assert.equal(claimed.length, 1);
    h.clock.advance(3_000);
    assert.deepEqual(await h.jobs.claim('other-worker', 1, 2_000), [], 'the expired lease spent the last attempt');

    const dead = await listDeliveries(store().db, { status: 'dead' });
    assert.deepEqual(
      dead.deliveries.map((x) => x.id),
      [deliveries[0]!.deliveryId],
    );
    assert.match(dead.deliveries[0]!.lastError ?? '', /worker stopped/);
    assert.equal((await listDeliveries(store().db, { status: 'pending' })).deliveries.length, 0);

    assert.equal((await replayDelivery(h.jobs, deliveries[0]!.deliveryId, ADMIN, h.clock.iso(), null)).replayed, true);
    await h.runToQuiet();
    assert.deepEqual(receiver.effects, [deliveries[0]!.idempotencyKey]);
  });

  test('a dead delivery whose job is re-queued from the generic job list is on its way again, and gets through', async () => {
    const { receiver } = await receiverWithEndpoint();
    let refuse = true;
    receiver.script = () => (refuse ? { kind: 'status', status: 400 } : { kind: 'ok' });
    const { deliveries } = await h.logActions([actionEvent(h.clock, 'remove_content', { kind: 'content', id: 'post-7' })]);
    await h.runToQuiet();
    const [job] = await h.jobs.listDead({ kind: 'webhook.deliver' });
    refuse = false;
    assert.ok(await h.jobs.retryDead(job!.id));
    assert.deepEqual(
      (await listDeliveries(store().db, { status: 'pending' })).deliveries.map((x) => x.id),
      [deliveries[0]!.deliveryId],
    );
    assert.equal((await listDeliveries(store().db, { status: 'dead' })).deliveries.length, 0);
    await h.runToQuiet();
    assert.equal((await getDelivery(store().db, deliveries[0]!.deliveryId))?.status, 'delivered');
    assert.deepEqual(receiver.effects, [deliveries[0]!.idempotencyKey]);
  });

  test('the dead-letter list pages by cursor and filters by endpoint', async () => {
    const a = await receiverWithEndpoint();
    const b = await receiverWithEndpoint();
    a.receiver.script = () => ({ kind: 'status', status: 404 });
    b.receiver.script = () => ({ kind: 'status', status: 410 });
    for (let i = 0; i < 3; i++) {
      await h.logActions([actionEvent(h.clock, 'remove_content', { kind: 'content', id: `post-page-${i}` })]);
      h.clock.advance(1_000);
    }
    await h.runToQuiet();
    const all = await listDeliveries(store().db, { status: 'dead' });
    assert.equal(all.deliveries.length, 6);
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listDeliveries(store().db, { status: 'dead', limit: 4, cursor });
      ids.push(...page.deliveries.map((x) => x.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    assert.deepEqual(
      ids,
      all.deliveries.map((x) => x.id),
    );
    const onlyB = await listDeliveries(store().db, { status: 'dead', endpointId: b.endpoint.id });
    assert.deepEqual(
      onlyB.deliveries.map((x) => x.lastError),
      Array(3).fill('the endpoint answered HTTP 410'),
    );
    const created = all.deliveries.map((x) => x.createdAt);
    assert.deepEqual(created, [...created].sort().reverse(), 'newest first');
  });
});
