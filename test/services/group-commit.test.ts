// Group commit (src/store/group-commit.ts): batching, answers after the write, failures
// kept to their batch, shutdown waiting for what was submitted.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { GroupCommit } from '../../src/services/group-commit.js';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('GroupCommit', () => {
  test('items submitted together go in one batch; items arriving during a write go in the next', async () => {
    const batches: number[][] = [];
    const gates: ReturnType<typeof deferred<void>>[] = [];
    const commit = new GroupCommit<number, number>(async (inputs) => {
      batches.push(inputs);
      const gate = deferred<void>();
      gates.push(gate);
      await gate.promise;
      return inputs.map((x) => x * 10);
    });
    const first = [1, 2, 3].map((x) => commit.submit(x));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(batches, [[1, 2, 3]]);
    const later = [4, 5].map((x) => commit.submit(x));
    await new Promise((r) => setImmediate(r));
    assert.equal(batches.length, 1, 'one batch at a time by default');
    let answered = false;
    void Promise.all(first).then(() => (answered = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(answered, false, 'no answer before the write is done');
    gates[0]!.resolve();
    assert.deepEqual(await Promise.all(first), [10, 20, 30]);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(batches[1], [4, 5]);
    gates[1]!.resolve();
    assert.deepEqual(await Promise.all(later), [40, 50]);
  });

  test('a batch never exceeds maxBatch', async () => {
    const sizes: number[] = [];
    const commit = new GroupCommit<number, number>(async (inputs) => {
      sizes.push(inputs.length);
      return inputs;
    }, 4);
    const out = await Promise.all(Array.from({ length: 10 }, (_, i) => commit.submit(i)));
    assert.deepEqual(out, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.ok(
      sizes.every((s) => s <= 4),
      sizes.join(','),
    );
    assert.equal(
      sizes.reduce((a, b) => a + b, 0),
      10,
    );
  });

  test('a failed write rejects its own batch only', async () => {
    let calls = 0;
    const commit = new GroupCommit<string, string>(async (inputs) => {
      calls++;
      if (calls === 1) throw new Error('disk full');
      return inputs;
    });
    const a = commit.submit('a');
    await assert.rejects(a, /disk full/);
    assert.equal(await commit.submit('b'), 'b');
  });

  test('flushed() waits for everything submitted', async () => {
    const gate = deferred<void>();
    const written: number[] = [];
    const commit = new GroupCommit<number, void>(async (inputs) => {
      await gate.promise;
      written.push(...inputs);
      return inputs.map(() => undefined);
    });
    void commit.submit(1);
    void commit.submit(2);
    let flushed = false;
    const done = commit.flushed().then(() => (flushed = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(flushed, false);
    gate.resolve();
    await done;
    assert.deepEqual(written, [1, 2]);
    await commit.flushed();
  });

  test('with maxInFlight 2 a second batch starts while the first is unfinished', async () => {
    const gates: ReturnType<typeof deferred<void>>[] = [];
    const commit = new GroupCommit<number, number>(
      async (inputs) => {
        const gate = deferred<void>();
        gates.push(gate);
        await gate.promise;
        return inputs;
      },
      256,
      2,
    );
    const a = commit.submit(1);
    await new Promise((r) => setImmediate(r));
    const b = commit.submit(2);
    await new Promise((r) => setImmediate(r));
    assert.equal(gates.length, 2);
    gates[1]!.resolve();
    assert.equal(await b, 2);
    gates[0]!.resolve();
    assert.equal(await a, 1);
  });
});
