// Text and link signals recorded at ingest, and direct messages judged as a conversation.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../support/stores.js';
import { buildTestApp, type TestApp } from '../support/app.js';

describeEachStore('text signals at ingest', (store) => {
  let t: TestApp;
  after(async () => t?.app.close());

  const dm = (id: string, text: string) => ({
    id,
    kind: 'direct_message',
    author: { id: 'sender-1' },
    recipient: { id: 'young-1' },
    text,
    createdAt: '2026-11-28T11:00:00Z',
  });

  test('a post with no behaviour has no signal; everyday talk stays quiet', async () => {
    t = await buildTestApp(store());
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: t.auth(),
      payload: {
        id: 'quiet-1',
        kind: 'post',
        author: { id: 'someone' },
        text: 'the match last night was great, see you at practice',
        createdAt: '2026-11-28T11:00:00Z',
      },
    });
    assert.equal(res.statusCode, 201);
    assert.deepEqual(res.json().state.signals, []);
  });

  test('messages to a minor build up a conversation signal across requests, review-only', async () => {
    const put = await t.app.inject({ method: 'PUT', url: '/v1/accounts/young-1', headers: t.auth(), payload: { minor: true } });
    assert.equal(put.statusCode, 201);
    const first = await t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(), payload: dm('dm-1', 'hey how old are you btw?') });
    assert.equal(first.statusCode, 201, first.body);
    const families1 = first.json().state.signals.map((s: { signal: string }) => s.signal);
    assert.ok(families1.includes('age-probing'), families1.join(','));

    const second = await t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: t.auth(),
      payload: dm('dm-2', "don't tell your parents about our chats"),
    });
    const signals2 = second.json().state.signals as { signal: string; strength: number }[];
    assert.ok(signals2.some((s) => s.signal === 'secrecy'));
    const conv2 = signals2.find((s) => s.signal === 'conversation');
    assert.ok(conv2, 'the conversation signal appears once families accumulate');

    const third = await t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(), payload: dm('dm-3', 'lets move to another app, add me there') });
    const conv3 = (third.json().state.signals as { signal: string; strength: number }[]).find((s) => s.signal === 'conversation');
    assert.ok(conv3 && conv3.strength > conv2.strength, 'risk rises as families accumulate');

    const event = await store().db.selectFrom('events').select('payload_json').where('type', '=', 'signal.recorded').where('subject_id', '=', 'dm-2').execute();
    for (const e of event) assert.equal(JSON.parse(e.payload_json).evidence.disposition, 'review-only');
    const row = await store().db.selectFrom('conversations').select('key').execute();
    assert.deepEqual(
      row.map((r) => r.key),
      ['dm:sender-1|young-1'],
    );
    const account = await t.app.inject({ method: 'GET', url: '/v1/accounts/sender-1', headers: t.auth() });
    assert.equal(account.json().state.status, 'active', 'text signals never suspend by themselves');
  });
});
