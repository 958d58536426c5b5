// BlockRegistryHandle: the block registry opened once per process, outside any transaction;
// `current` is undefined until it is open; a failed open is retried by the next caller,
// and `lastError` says why it failed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BlockRegistryHandle } from '../../src/services/block-registry/registry-handle.js';
import type { BlockRegistry } from '../../src/services/block-registry/block-registry.js';

// The handle never looks inside the registry: a stand-in object is enough.
const fakeRegistry = (name: string) => ({ name }) as unknown as BlockRegistry;

test('opens once, however many callers ask at once or later', async () => {
  let opens = 0;
  const registry = fakeRegistry('one');
  const handle = new BlockRegistryHandle(async () => {
    opens++;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return registry;
  });
  const [a, b, c] = await Promise.all([handle.get(), handle.get(), handle.get()]);
  assert.equal(a, registry);
  assert.equal(b, registry);
  assert.equal(c, registry);
  assert.equal(await handle.get(), registry);
  assert.equal(opens, 1);
});

test('current is undefined until the registry is open, and never waits', async () => {
  let release!: (r: BlockRegistry) => void;
  const registry = fakeRegistry('slow');
  const handle = new BlockRegistryHandle(() => new Promise<BlockRegistry>((resolve) => (release = resolve)));
  assert.equal(handle.current, undefined);
  const opening = handle.get();
  assert.equal(handle.current, undefined, 'still opening');
  release(registry);
  await opening;
  assert.equal(handle.current, registry);
});

test('a failed open is retried by the next caller, and lastError says why', async () => {
  let opens = 0;
  const registry = fakeRegistry('second try');
  const handle = new BlockRegistryHandle(async () => {
    opens++;
    if (opens === 1) throw new Error('the server secret differs from the one the registry was written with');
    return registry;
  });
  assert.equal(handle.lastError, '');
  await assert.rejects(handle.get(), /server secret differs/);
  assert.equal(handle.lastError, 'the server secret differs from the one the registry was written with');
  assert.equal(handle.current, undefined);
  assert.equal(await handle.get(), registry, 'the next caller opens it again');
  assert.equal(opens, 2);
  assert.equal(handle.current, registry);
});

test('callers waiting on a failing open all hear the failure; a thrown non-Error is named too', async () => {
  let opens = 0;
  const handle = new BlockRegistryHandle(async () => {
    opens++;
    throw 'no registry table';
  });
  const results = await Promise.allSettled([handle.get(), handle.get()]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['rejected', 'rejected'],
  );
  assert.equal(opens, 1, 'callers that came while it was opening share the attempt');
  assert.equal(handle.lastError, 'no registry table');
});
