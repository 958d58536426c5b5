// The chain walk on its own: sealed events in memory, tampered, walked in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChainWalk } from '../../src/moderation/chain-check.js';
import { seal, type Head, type SealedEvent } from '../../src/moderation/chain.js';
import type { NewEvent } from '../../src/moderation/events.js';

/** Ten events on one subject: one partition, positions 1..10. */
function chain(): SealedEvent[] {
  const events: NewEvent[] = Array.from({ length: 10 }, (_, i) => ({
    type: 'content.restored',
    subject: { kind: 'content', id: 'c1' },
    actor: { kind: 'system', id: null },
    at: new Date(Date.UTC(2026, 10, 28, 12, 0, i)).toISOString(),
    reason: null,
    payload: {},
  }));
  return seal(events, 16, new Map<number, Head>());
}

function walk(rows: SealedEvent[]): number[] {
  const w = new ChainWalk();
  return rows.flatMap((r) => (w.next(r) ? [r.partitionSeq] : []));
}

test('an intact chain has no bad event', () => {
  assert.deepEqual(walk(chain()), []);
});

test('an altered position is named once: its stored hash still links the next event', () => {
  const rows = chain();
  rows[3] = { ...rows[3]!, partitionSeq: 1000 };
  assert.deepEqual(walk(rows), [1000]);
});

test('a deleted event followed by an altered one: both named, the rest clean', () => {
  const rows = chain();
  rows[5] = { ...rows[5]!, reason: 'edited' };
  rows.splice(4, 1);
  assert.deepEqual(walk(rows), [6]);
  const again = chain();
  again[6] = { ...again[6]!, reason: 'edited' };
  again.splice(4, 1);
  assert.deepEqual(walk(again), [6, 7]);
});

test('an adjacent swap names exactly the two events', () => {
  const rows = chain();
  [rows[2], rows[3]] = [rows[3]!, rows[2]!];
  assert.deepEqual(walk(rows), [4, 3]);
});

test('an altered hash column breaks the next link once', () => {
  const rows = chain();
  rows[2] = { ...rows[2]!, hash: 'f'.repeat(64) };
  assert.deepEqual(walk(rows), [3, 4]);
});

test('the ends are the furthest events read', () => {
  const rows = chain();
  const w = new ChainWalk();
  for (const r of rows.slice(0, 7)) w.next(r);
  const [end] = [...w.ends().values()];
  assert.deepEqual(end, { partitionSeq: 7, hash: rows[6]!.hash });
});
