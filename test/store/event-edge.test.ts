// The log's edge on both stores: an event whose payload does not match its type's schema is
// refused before it is hashed or written, and the whole transaction goes with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../support/stores.js';
import { EventPayloadError } from '../../src/moderation/check.js';
import type { NewEvent } from '../../src/moderation/events.js';
import { countEvents } from '../../src/store/log-store.js';
import { verifyLog } from '../../src/services/log/verify-log.js';
import type { Store } from '../../src/store/store.js';
import { AT, PLATFORM } from '../support/ingest-items.js';

const account = (id: string): NewEvent => ({
  type: 'account.registered',
  subject: { kind: 'account', id },
  actor: PLATFORM,
  at: AT,
  reason: null,
  payload: { handle: `@${id}` },
});

const content = (id: string, authorId: string) => ({
  type: 'content.ingested' as const,
  subject: { kind: 'content' as const, id },
  actor: PLATFORM,
  at: AT,
  reason: null,
  payload: { kind: 'post' as const, authorId, text: 'hello', links: [], media: [], inReplyTo: null, recipientId: null, createdAt: AT, requestDigest: 'd' },
});

async function snapshot(store: Store) {
  return {
    events: await countEvents(store.db),
    heads: await store.db.selectFrom('log_heads').selectAll().orderBy('partition').execute(),
    accounts: (await store.db.selectFrom('accounts').select('id').execute()).length,
    content: (await store.db.selectFrom('content').select('id').execute()).length,
  };
}

async function refused(store: Store, events: unknown[], type: string, field: string): Promise<void> {
  const before = await snapshot(store);
  await assert.rejects(
    // Cast: the compiler would refuse these events already; the edge must refuse them at run time too.
    store.write(async (w) => {
      // Written first in the same transaction: it must not survive the refusal.
      await w.append([account(`bystander-${field}`)]);
      await w.append(events as NewEvent[]);
    }),
    (err: unknown) => {
      assert.ok(err instanceof EventPayloadError, String(err));
      assert.equal(err.type, type);
      assert.equal(err.field, field);
      assert.ok(err.message.includes(type) && err.message.includes(`"${field}"`), err.message);
      return true;
    },
  );
  assert.deepEqual(await snapshot(store), before);
}

describeEachStore('the log refuses a payload that does not fit its type', (store) => {
  test('a valid log to start from', async () => {
    await store().write((w) => w.append([account('writer'), content('c-ok', 'writer')]));
    assert.equal(await countEvents(store().db), 2);
  });

  test('a misspelt field: refused before hashing, nothing written', async () => {
    const { authorId, ...rest } = content('c-typo', 'writer').payload;
    await refused(
      store(),
      [account('typo-author'), { ...content('c-typo', 'writer'), payload: { ...rest, autorId: authorId } }],
      'content.ingested',
      'autorId',
    );
    await refused(store(), [{ ...account('typo-2'), type: 'account.updated', payload: { handel: '@x' } }], 'account.updated', 'handel');
  });

  test('a missing field: refused before hashing, nothing written', async () => {
    const { requestDigest: _, ...rest } = content('c-missing', 'writer').payload;
    await refused(store(), [{ ...content('c-missing', 'writer'), payload: rest }], 'content.ingested', 'requestDigest');
    await refused(
      store(),
      [
        {
          type: 'signal.recorded',
          subject: { kind: 'content', id: 'c-ok' },
          actor: PLATFORM,
          at: AT,
          reason: null,
          payload: { signal: 's', source: 't', clause: null, evidence: {} },
        },
      ],
      'signal.recorded',
      'strength',
    );
  });

  test('the log is intact and still takes valid events afterwards', async () => {
    await store().write((w) => w.append([content('c-after', 'writer')]));
    const report = await verifyLog(store());
    assert.ok(report.ok, JSON.stringify(report));
    assert.equal(report.events, 3);
    assert.equal(await store().db.selectFrom('accounts').select('id').where('id', 'like', 'bystander-%').executeTakeFirst(), undefined);
  });
});

// Before this gate, an event carrying a lone surrogate was sealed (its hash taken over the
// JavaScript string), stored as U+FFFD, and verify reported the log altered for good; a
// NUL failed on PostgreSQL only. Now both stores refuse both, and nothing is written.
describeEachStore('the log refuses strings it could not read back as hashed', (store) => {
  const refusedString = async (events: NewEvent[], field: string, why: RegExp) => {
    const before = await snapshot(store());
    await assert.rejects(
      store().write(async (w) => {
        await w.append([account(`bystander-${events.length}-${field}`)]);
        await w.append(events);
      }),
      (err: unknown) => {
        assert.ok(err instanceof EventPayloadError, String(err));
        assert.equal(err.field, field);
        assert.match(err.message, why);
        return true;
      },
    );
    assert.deepEqual(await snapshot(store()), before);
  };

  test('a lone surrogate in a subject id, an actor id, a reason or a payload string', async () => {
    await store().write((w) => w.append([account('writer')]));
    await refusedString([account('sur\ud800')], 'subject.id', /lone UTF-16 surrogate/);
    await refusedString([content('sur\ud800', 'writer')], 'subject.id', /lone UTF-16 surrogate/);
    await refusedString([{ ...account('w2'), actor: { kind: 'api_key', id: 'k\udc00' } }], 'actor.id', /surrogate/);
    await refusedString([{ ...account('w3'), reason: 'why\ud800' }], 'reason', /surrogate/);
    await refusedString([{ ...content('c-s', 'writer'), payload: { ...content('c-s', 'writer').payload, text: 'x\ud800' } }], 'text', /surrogate/);
    await refusedString([{ ...content('c-s', 'writer'), payload: { ...content('c-s', 'writer').payload, authorId: 'w\ud800' } }], 'authorId', /surrogate/);
  });

  test('a NUL character, on both stores alike', async () => {
    await refusedString([account('nul\u0000')], 'subject.id', /NUL/);
    await refusedString([{ ...content('c-n', 'writer'), payload: { ...content('c-n', 'writer').payload, text: 'a\u0000b' } }], 'text', /NUL/);
  });

  test('verify passes afterwards, and emoji and every script still go in', async () => {
    await store().write((w) => w.append([account('пользователь-🙂'), content('投稿-1', 'пользователь-🙂')]));
    const report = await verifyLog(store());
    assert.ok(report.ok, JSON.stringify(report));
    assert.equal(report.events, 3);
  });
});
