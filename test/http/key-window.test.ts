import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyWindows } from '../../src/http/key-window.js';

test('a key gets max requests per window, then refusals until the window resets; keys are apart', () => {
  let t = 1_000_000;
  const w = new KeyWindows(3, 60_000, () => t);
  assert.deepEqual(
    [1, 2, 3, 4].map(() => w.take('key_a').allowed),
    [true, true, true, false],
  );
  assert.equal(w.take('key_b').allowed, true, 'another key has its own budget');
  const refused = w.take('key_a');
  assert.equal(refused.remaining, 0);
  assert.equal(refused.resetSeconds, 60);
  t += 30_000;
  assert.equal(w.take('key_a').resetSeconds, 30);
  t += 30_000;
  const fresh = w.take('key_a');
  assert.equal(fresh.allowed, true, 'a new window starts after a minute');
  assert.equal(fresh.remaining, 2);
});

test('windows of keys no longer seen are dropped once many keys have been seen', () => {
  let t = 0;
  const w = new KeyWindows(1, 1_000, () => t);
  for (let i = 0; i < 10_001; i++) w.take(`key_${i}`);
  t += 2_000;
  w.take('key_new');
  // The sweep ran: an old key starts afresh (its old window is gone either way).
  assert.equal(w.take('key_0').allowed, true);
});
