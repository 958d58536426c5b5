// What goes to a person at ingest (issue 11): the case-opening policy per context, the
// accumulation per conversation kept in the store (so it survives a restart), one open
// case per conversation that later messages join, the urgent sextortion path, teenagers
// among themselves, unknown ages, and a sender reaching several minors.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../support/stores.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { verifyLog } from '../../src/services/log/verify-log.js';

interface Answer {
  review: { caseId: string; opened: boolean } | null;
}

describeEachStore('case opening at ingest', (store) => {
  const apps: TestApp[] = [];
  after(async () => {
    for (const a of apps) await a.app.close();
  });
  const start = async () => {
    const t = await buildTestApp(store());
    apps.push(t);
    return t;
  };
  let n = 0;
  const send = async (t: TestApp, payload: Record<string, unknown>): Promise<Answer> => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/content', headers: t.auth(), payload: { createdAt: '2026-11-28T11:00:00Z', ...payload } });
    assert.ok(res.statusCode === 201 || res.statusCode === 200, res.body);
    return res.json() as Answer;
  };
  const dm = (t: TestApp, from: string, to: string, text: string, createdAt = '2026-11-28T11:00:00Z') =>
    send(t, { id: `m-${++n}`, kind: 'direct_message', author: { id: from }, recipient: { id: to }, text, createdAt });
  const account = async (t: TestApp, id: string, minor: boolean) => {
    const res = await t.app.inject({ method: 'PUT', url: `/v1/accounts/${id}`, headers: t.auth(), payload: { minor } });
    assert.ok(res.statusCode < 300, res.body);
  };
  const openCases = (kind: string, id: string) =>
    store().db.selectFrom('cases').select(['id', 'priority', 'state_json']).where('subject_kind', '=', kind).where('subject_id', '=', id).execute();

  test('everyday public posts with grooming-like words record signals and open nothing', async () => {
    const t = await start();
    for (const who of ['adult-1', 'adult-2', 'adult-3']) {
      const a = await send(t, {
        id: `sale-${who}`,
        kind: 'post',
        author: { id: who },
        text: 'Selling my old phone, $300, message me on whatsapp if interested',
      });
      assert.equal(a.review, null);
    }
    const cases = await store().db.selectFrom('cases').select('id').execute();
    assert.equal(cases.length, 0);
  });

  test('a conversation toward a minor opens one case when its steps add up, later messages join it, across a restart', async () => {
    let t = await start();
    await account(t, 'kid-1', true);
    await account(t, 'grown-1', false);
    assert.equal((await dm(t, 'grown-1', 'kid-1', 'hey, how old are you?')).review, null);
    assert.equal((await dm(t, 'grown-1', 'kid-1', 'do your parents check your phone?')).review, null);
    // A restart: a new set of services on the same database; the conversation lives in the store.
    await t.app.close();
    apps.pop();
    t = await start();
    const third = await dm(t, 'grown-1', 'kid-1', "let's keep this between us, add me on snapchat");
    assert.ok(third.review?.opened, JSON.stringify(third));
    const fourth = await dm(t, 'grown-1', 'kid-1', 'send me a picture of you');
    assert.deepEqual(fourth.review, { caseId: third.review!.caseId, opened: false });
    const cases = await openCases('conversation', 'dm:grown-1|kid-1');
    assert.equal(cases.length, 1, 'one open case per conversation');
    const state = JSON.parse(cases[0]!.state_json) as { contentIds: string[]; urgent: boolean };
    assert.ok(state.contentIds.length >= 3, 'the case carries the messages that made it');
    assert.equal(state.urgent, false);
    // ...with where each said it: the first message's age probing, by its spans in the original text.
    const opened = await store()
      .db.selectFrom('events')
      .select('payload_json')
      .where('type', '=', 'case.opened')
      .where('subject_id', '=', cases[0]!.id)
      .executeTakeFirstOrThrow();
    const items = (JSON.parse(opened.payload_json) as { items: { contentId: string; spans: Record<string, [number, number][]> }[] }).items;
    const [spanStart, spanEnd] = items[0]!.spans['age-probing']![0]!;
    assert.equal('hey, how old are you?'.slice(spanStart, spanEnd).toLowerCase().includes('how old'), true);
  });

  test('a replay answers the same review', async () => {
    const t = await start();
    const id = `m-${n}`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: t.auth(),
      payload: {
        id,
        kind: 'direct_message',
        author: { id: 'grown-1' },
        recipient: { id: 'kid-1' },
        text: 'send me a picture of you',
        createdAt: '2026-11-28T11:00:00Z',
      },
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().replayed, true);
    assert.equal(res.json().review.opened, false);
  });

  test('the same steps spread over weeks fade and open nothing', async () => {
    const t = await start();
    await account(t, 'kid-2', true);
    assert.equal((await dm(t, 'slow-1', 'kid-2', 'hey, how old are you?', '2026-09-01T10:00:00Z')).review, null);
    assert.equal((await dm(t, 'slow-1', 'kid-2', 'do your parents check your phone?', '2026-10-01T10:00:00Z')).review, null);
    assert.equal((await dm(t, 'slow-1', 'kid-2', "let's keep this between us", '2026-11-01T10:00:00Z')).review, null);
  });

  test('a threat plus a demand toward a minor opens an urgent case at once, first in the queue', async () => {
    const t = await start();
    await account(t, 'kid-3', true);
    const a = await dm(t, 'stranger-1', 'kid-3', "if you don't buy me a $100 steam gift card i send your pics to all your friends");
    assert.equal(a.review?.opened, true);
    const [c] = await openCases('conversation', 'dm:kid-3|stranger-1');
    assert.equal(c!.priority, 100);
    assert.equal((JSON.parse(c!.state_json) as { urgent: boolean }).urgent, true);
  });

  test('an age given as a birth year counts: a recipient born 2013 is a minor in 2026', async () => {
    const t = await start();
    const res = await t.app.inject({ method: 'PUT', url: '/v1/accounts/kid-7', headers: t.auth(), payload: { birthYear: 2013 } });
    assert.equal(res.json().state.birthYear, 2013);
    const a = await dm(t, 'stranger-7', 'kid-7', 'i have your pics. pay me $200 or i post them and tag your school');
    assert.equal(a.review?.opened, true);
    const [c] = await openCases('conversation', 'dm:kid-7|stranger-7');
    assert.equal((JSON.parse(c!.state_json) as { urgent: boolean }).urgent, true);
  });

  test('teenagers among themselves are not judged like an adult toward a minor', async () => {
    const t = await start();
    await account(t, 'teen-a', true);
    await account(t, 'teen-b', true);
    for (const text of [
      'how old are you?',
      'what school do you go to',
      'add me on snap',
      "don't tell anyone i like him lol",
      'send me a pic of the homework',
    ]) {
      assert.equal((await dm(t, 'teen-a', 'teen-b', text)).review, null, text);
    }
  });

  test('an unknown age is its own context: a grooming-like chat stays recorded, a threat still opens', async () => {
    const t = await start();
    for (const text of ['how old are you?', 'do your parents check your phone?', 'add me on snapchat']) {
      assert.equal((await dm(t, 'who-1', 'who-2', text)).review, null, text);
    }
    const threat = await dm(t, 'who-3', 'who-4', 'i have your pics. pay me or everyone you know will see them');
    assert.equal(threat.review?.opened, true);
  });

  test('two API processes taking one conversation at once open one case between them', async () => {
    const [a, b] = [await start(), await start()];
    await account(a, 'kid-9', true);
    await account(a, 'grown-9', false);
    const texts = [
      'hey, how old are you?',
      'do your parents check your phone?',
      "let's keep this between us",
      'add me on snapchat',
      'send me a picture of you',
      'i could pick you up after school',
    ];
    const answers = await Promise.all(texts.map((text, i) => dm(i % 2 ? a : b, 'grown-9', 'kid-9', text)));
    const cases = await openCases('conversation', 'dm:grown-9|kid-9');
    assert.equal(cases.length, 1);
    assert.equal(answers.filter((x) => x.review?.opened).length, 1);
  });

  test('a sender who reaches several minors gets a case of their own', async () => {
    const t = await start();
    await account(t, 'kid-5', true);
    await account(t, 'kid-6', true);
    for (const kid of ['kid-5', 'kid-6']) {
      await dm(t, 'fan-1', kid, 'hey, how old are you?');
      await dm(t, 'fan-1', kid, 'do your parents check your phone?');
    }
    const accountCases = await openCases('account', 'fan-1');
    assert.equal(accountCases.length, 1);
  });

  test('the log verifies: every cached case (opened, joined, urgent) is the fold of its events', async () => {
    const report = await verifyLog(store());
    assert.ok(report.ok, JSON.stringify(report));
  });
});
