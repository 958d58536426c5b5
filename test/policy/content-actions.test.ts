import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldContent, type ContentState } from '../../src/moderation/folds/content.js';
import type { EventOf, EventType, NewEvent } from '../../src/moderation/events.js';
import type { PayloadOf } from '../../src/moderation/payloads.js';
import { decide } from '../../src/policy/index.js';
import { finding, input, mediaMatch } from './signals-fixtures.js';

// The content side of a decision: what the plan's remove and restore steps do to an item
// once they are logged, including what they must never do to an item its author deleted.

const CONTENT = { kind: 'content' as const, id: 'c-1' };
let second = 0;
function ev<T extends EventType>(type: T, payload: PayloadOf<T>): NewEvent {
  second += 1;
  const e: EventOf<T> = {
    type,
    subject: CONTENT,
    actor: { kind: 'system', id: null },
    at: new Date(Date.UTC(2026, 10, 28, 12, 0, second)).toISOString(),
    reason: null,
    payload,
  };
  return e as NewEvent;
}

function ingested(): ContentState {
  return foldContent(
    undefined,
    ev('content.ingested', {
      authorId: 'acct-1',
      kind: 'post',
      text: 'hello',
      links: [],
      media: [],
      inReplyTo: null,
      recipientId: null,
      createdAt: '2026-11-28T11:00:00.000Z',
      requestDigest: 'd',
    }),
  )!;
}

/** Logs a decision's content steps the way the edge will (one action.taken each). */
function applyPlan(state: ContentState, plan: ReturnType<typeof decide>['plan']): ContentState {
  let s = state;
  for (const a of plan) {
    if (a.kind === 'remove_content' || a.kind === 'restore_content')
      s = foldContent(s, ev('action.taken', { action: a.kind, notifyUser: a.kind === 'remove_content' ? a.notifyUser : false }))!;
  }
  return s;
}

test('a verified-bank decision removes the item; a later finding of no violation puts it back', () => {
  let s = applyPlan(ingested(), decide(input([mediaMatch()])).plan);
  assert.equal(s.status, 'removed');
  assert.deepEqual(s.actions, ['remove_content']);
  s = applyPlan(
    s,
    decide(
      input([mediaMatch()], { review: finding({ clauses: [], malicious: null }), subject: { accountId: 'acct-1', contentId: 'c-1', contentStatus: s.status } }),
    ).plan,
  );
  assert.equal(s.status, 'active');
  assert.deepEqual(s.actions, ['remove_content', 'restore_content']);
});

test('reverting a removal puts the item back', () => {
  let s = foldContent(ingested(), ev('action.taken', { action: 'remove_content' }))!;
  s = foldContent(s, ev('action.reverted', { action: 'remove_content' }))!;
  assert.equal(s.status, 'active');
  assert.deepEqual(s.actions, ['remove_content', 'revert:remove_content']);
});

test('what the author deleted stays deleted: neither restore nor revert brings it back', () => {
  let s = foldContent(ingested(), ev('action.taken', { action: 'remove_content' }))!;
  s = foldContent(s, ev('content.deleted', {}))!;
  assert.equal(s.status, 'deleted');
  for (const e of [
    ev('action.taken', { action: 'restore_content' }),
    ev('action.reverted', { action: 'remove_content' }),
    ev('action.taken', { action: 'remove_content' }),
  ]) {
    s = foldContent(s, e)!;
    assert.equal(s.status, 'deleted', `${e.type} ${JSON.stringify(e.payload)}`);
  }
});

test('restoring an item that was never removed changes nothing but the record', () => {
  const s = foldContent(ingested(), ev('action.taken', { action: 'restore_content' }))!;
  assert.equal(s.status, 'active');
  assert.deepEqual(s.actions, ['restore_content']);
});
