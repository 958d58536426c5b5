// Store.write and UnitOfWork.onCommit on both stores: an effect runs once, after the commit
// and before write() resolves; never on rollback; and one that throws or rejects is
// reported to store.onEffectError without failing the write it followed.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describeEachStore } from '../support/stores.js';
import type { Store } from '../../src/store/store.js';

async function metaValue(store: Store, key: string): Promise<string | undefined> {
  return (await store.db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describeEachStore('unit of work', (store) => {
  afterEach(() => {
    store().onEffectError = () => {};
  });

  test('an effect runs once, after the commit (its rows are visible to other connections) and before write() resolves', async () => {
    const key = `uow-${randomUUID()}`;
    const seen: (string | undefined)[] = [];
    let ranInsideWork = false;
    const result = await store().write(async (w) => {
      await w.tx.insertInto('meta').values({ key, value: 'committed' }).execute();
      // The effect reads through store.db: on PostgreSQL another pooled connection, which
      // sees the row only once the transaction has committed.
      w.onCommit(async () => {
        seen.push(await metaValue(store(), key));
      });
      w.onCommit(() => {
        seen.push('sync');
      });
      await tick();
      ranInsideWork = seen.length > 0;
      return 'result';
    });
    assert.equal(result, 'result');
    assert.equal(ranInsideWork, false, 'no effect runs before the commit');
    // The synchronous effect ran before write() resolved; the asynchronous one had started.
    assert.ok(seen.includes('sync'));
    // The asynchronous effect's read is a round trip on PostgreSQL.
    for (let i = 0; i < 500 && seen.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 2));
    assert.deepEqual([...seen].sort(), ['committed', 'sync']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(seen.length, 2, 'each effect runs once');
  });

  test('an effect never runs when the unit of work rolls back', async () => {
    const key = `uow-${randomUUID()}`;
    let ran = 0;
    await assert.rejects(
      store().write(async (w) => {
        await w.tx.insertInto('meta').values({ key, value: 'never' }).execute();
        w.onCommit(() => {
          ran++;
        });
        throw new Error('the work fails after registering an effect');
      }),
      /the work fails/,
    );
    await tick();
    assert.equal(ran, 0);
    assert.equal(await metaValue(store(), key), undefined, 'the row rolled back too');
  });

  test('an effect that throws reaches onEffectError; the write still resolves and later effects still run', async () => {
    const errors: unknown[] = [];
    store().onEffectError = (err) => errors.push(err);
    const key = `uow-${randomUUID()}`;
    let later = 0;
    const result = await store().write(async (w) => {
      await w.tx.insertInto('meta').values({ key, value: 'kept' }).execute();
      w.onCommit(() => {
        throw new Error('effect threw');
      });
      w.onCommit(() => {
        later++;
      });
      return 42;
    });
    assert.equal(result, 42);
    assert.equal(later, 1);
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]), /effect threw/);
    assert.equal(await metaValue(store(), key), 'kept', 'a failed effect does not undo the commit');
  });

  test('an effect that rejects reaches onEffectError; the write still resolves', async () => {
    const errors: unknown[] = [];
    store().onEffectError = (err) => errors.push(err);
    const result = await store().write(async (w) => {
      w.onCommit(async () => {
        await tick();
        throw new Error('effect rejected');
      });
      return 'done';
    });
    assert.equal(result, 'done');
    for (let i = 0; i < 500 && errors.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 2));
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]), /effect rejected/);
  });
});
