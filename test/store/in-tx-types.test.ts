// A compile-time check, enforced by `tsc -p tsconfig.check.json` (run by `npm test` over
// test/): a function whose writes must commit with its caller's takes a UnitOfWork or an
// InTx, and neither can be had from `store.db` (a plain connection outside any
// transaction). If the brand ever stopped working, the @ts-expect-error lines below would
// become errors themselves ("unused directive") and the type check would fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../src/store/store.js';
import type { InTx, UnitOfWork } from '../../src/store/unit-of-work.js';

async function writesInTx(tx: InTx): Promise<void> {
  await tx.selectFrom('meta').select('key').limit(1).execute();
}

async function writesInUnitOfWork(uow: UnitOfWork): Promise<void> {
  await writesInTx(uow.tx);
}

/** Never called: only type-checked. */
export async function misuses(store: Store): Promise<void> {
  // @ts-expect-error store.db is not a transaction that Store.write opened
  await writesInTx(store.db);
  const append: UnitOfWork['append'] = async () => {
    throw new Error('not reached');
  };
  // @ts-expect-error nor is a unit of work made by hand around it
  await writesInUnitOfWork({ tx: store.db, dialect: store.dialect, append, onCommit: () => {} });
  // The way that compiles: inside Store.write.
  await store.write(async (w) => {
    await writesInTx(w.tx);
    await writesInUnitOfWork(w);
  });
}

test('functions that take an InTx or a UnitOfWork refuse store.db at compile time (see the @ts-expect-error lines)', () => {
  assert.equal(typeof misuses, 'function');
});
