import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../support/stores.js';
import { classifierCalls, spendClassifierCall } from '../../src/store/classifier-usage.js';

describeEachStore('classifier budget', (store) => {
  test('calls are counted up to the limit, per provider and period, and never past it', async () => {
    const s = store();
    const spent = [];
    for (let i = 0; i < 5; i++) spent.push(await spendClassifierCall(s, 'photodna', '2026-01-01', 3));
    assert.deepEqual(spent, [true, true, true, false, false]);
    assert.equal(await classifierCalls(s, 'photodna', '2026-01-01'), 3);
    assert.equal(await spendClassifierCall(s, 'photodna', '2026-01-02', 3), true);
    assert.equal(await spendClassifierCall(s, 'hive', '2026-01-01', 3), true);
    assert.equal(await spendClassifierCall(s, 'hive', '2026-01-01', 0), false);
  });

  test('calls spent at once from many callers never go over the limit', async () => {
    const s = store();
    const results = await Promise.all(Array.from({ length: 40 }, () => spendClassifierCall(s, 'openai-moderation', '2026-02-01', 25)));
    assert.equal(results.filter(Boolean).length, 25);
    assert.equal(await classifierCalls(s, 'openai-moderation', '2026-02-01'), 25);
  });
});
