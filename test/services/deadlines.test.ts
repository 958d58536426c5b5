// Deadlines on both stores: a case past its queue's target and an appeal past its due time
// raise one alert each (an event and a webhook), once however often the check runs, and the
// metric tells how many items each queue has overdue.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../support/stores.js';
import type { TestApp } from '../support/app.js';
import { staffTestApp } from '../http/staff-harness.js';
import { seedReportedPost } from '../support/seed.js';
import { seedAppeal } from '../http/appeal-seed.js';
import { eventsOf } from '../../src/store/log-store.js';
import { createEndpoint } from '../../src/services/webhooks/endpoints.js';
import { deadlineCheckTask } from '../../src/background/deadline-check.js';
import type { Services } from '../../src/services/services.js';

describeEachStore('deadlines', (store) => {
  let t: TestApp;
  after(async () => t?.app.close());

  test('a case and an appeal past their targets raise one alert each, with a webhook and a metric', async () => {
    t = await staffTestApp(store(), {
      review: { leaseMs: 15 * 60_000, rulesPath: undefined, publicPlatform: 'default' },
      deadlines: { targetsMs: { 'user-reports': 24 * 3_600_000 }, checkEveryMs: 60_000 },
    });
    const { endpoint } = await createEndpoint(
      store(),
      { url: 'http://127.0.0.1:9/alerts', eventTypes: ['deadline.breached'], actor: { kind: 'system', id: null }, at: t.clock.now.toISOString() },
      { allowPrivate: true },
      null,
    );
    const { caseId } = await seedReportedPost(t);
    const { appealId, author } = await seedAppeal(t);
    const services = { ...t.ctx, api: t.ctx, roles: ['api'], knownMaterial: t.ctx.knownMaterial } as unknown as Services;
    const [task] = deadlineCheckTask(services);
    assert.ok(task);

    await task.run();
    assert.equal((await eventsOf(store().db, { kind: 'case', id: caseId })).filter((e) => e.type === 'deadline.breached').length, 0, 'not yet due');

    t.clock.now = new Date(t.clock.now.getTime() + 73 * 3_600_000);
    await task.run();
    await task.run();
    const onCase = (await eventsOf(store().db, { kind: 'case', id: caseId })).filter((e) => e.type === 'deadline.breached');
    assert.equal(onCase.length, 1, 'one alert however often the check runs');
    assert.deepEqual(onCase[0]!.payload, { item: 'case', itemId: caseId, queue: 'user-reports', dueAt: onCase[0]!.payload.dueAt, targetSeconds: 86_400 });
    const onAccount = (await eventsOf(store().db, { kind: 'account', id: author })).filter((e) => e.type === 'deadline.breached');
    assert.equal(onAccount.length, 1);
    assert.equal(onAccount[0]!.payload.itemId, appealId);

    const sent = await store().db.selectFrom('webhook_deliveries').select(['payload_json']).where('endpoint_id', '=', endpoint.id).execute();
    const alerts = sent.map((d) => JSON.parse(d.payload_json) as { type: string; action: { kind: string; deadline: { itemId: string } } });
    assert.ok(alerts.some((m) => m.type === 'deadline.breached' && m.action.deadline.itemId === caseId));
    assert.ok(alerts.some((m) => m.type === 'deadline.breached' && m.action.deadline.itemId === appealId));
    assert.equal(alerts.length, 2);

    const metrics = await t.ctx.metrics.registry.metrics();
    assert.match(metrics, /vigie_queue_overdue\{queue="user-reports"\} [1-9]/);
    assert.match(metrics, /vigie_queue_overdue\{queue="appeals"\} 1/);
    assert.match(metrics, /vigie_deadline_breaches_total\{queue="appeals"\} 1/);
  });
});
