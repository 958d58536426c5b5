// Behaviours every store must share, run on SQLite and PostgreSQL alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../support/stores.js';
import { Store } from '../../src/store/store.js';
import { createApiKey } from '../../src/services/api-keys/create-api-key.js';
import { findApiKey } from '../../src/services/api-keys/authenticate-key.js';
import { listApiKeys } from '../../src/services/api-keys/list-api-keys.js';
import { revokeApiKey } from '../../src/services/api-keys/revoke-api-key.js';
import { ServiceError } from '../../src/services/errors.js';
import { eventsOf } from '../../src/store/log-store.js';
import { verifyLog } from '../../src/services/log/verify-log.js';
import { AT, PLATFORM } from '../support/ingest-items.js';

const SYSTEM = { kind: 'system' as const, id: null };

describeEachStore('store conformance', (store, target) => {
  test('opening a migrated store again applies nothing and keeps the log layout', async () => {
    const config = await target.freshConfig();
    try {
      const first = await Store.open(config);
      const partitions = first.partitions;
      await first.close();
      const second = await Store.open(config);
      assert.equal(second.partitions, partitions);
      await second.close();
    } finally {
      await config.cleanup();
    }
  });

  test('a failed unit of work leaves no event and no row behind', async () => {
    await assert.rejects(
      store().write(async (w) => {
        await w.append([
          { type: 'account.registered', subject: { kind: 'account', id: 'ghost' }, actor: PLATFORM, at: AT, reason: null, payload: { handle: 'ghost' } },
        ]);
        throw new Error('boom after the append');
      }),
      /boom/,
    );
    assert.deepEqual(await eventsOf(store().db, { kind: 'account', id: 'ghost' }), []);
    assert.equal(await store().db.selectFrom('accounts').select('id').where('id', '=', 'ghost').executeTakeFirst(), undefined);
    const report = await verifyLog(store());
    assert.ok(report.ok, JSON.stringify(report));
  });

  test('events come back as they were written, in order, with their chain', async () => {
    const events = await store().write((w) =>
      w.append([
        {
          type: 'account.registered',
          subject: { kind: 'account', id: 'ordered' },
          actor: PLATFORM,
          at: AT,
          reason: 'first',
          payload: { handle: 'o', identifiers: { nested: { list: [1, 'two', null] } } },
        },
        {
          type: 'account.updated',
          subject: { kind: 'account', id: 'ordered' },
          actor: SYSTEM,
          at: '2026-11-28T12:00:01.000Z',
          reason: null,
          payload: { handle: 'o2' },
        },
      ]),
    );
    const read = await eventsOf(store().db, { kind: 'account', id: 'ordered' });
    assert.deepEqual(read, events.logged);
    assert.equal(read[1]!.prevHash, read[0]!.hash);
    assert.equal(read[1]!.partitionSeq, read[0]!.partitionSeq + 1);
    const row = await store().db.selectFrom('accounts').selectAll().where('id', '=', 'ordered').executeTakeFirstOrThrow();
    assert.equal(row.handle, 'o2');
    assert.equal(Number(row.last_event_seq), read[1]!.seq);
  });

  test('API keys: shown once, stored hashed, found, listed and revoked', async () => {
    const { info, key } = await createApiKey(store(), { name: 'partner', scopes: ['content:write'], actor: SYSTEM, at: AT }, null);
    const stored = await store().db.selectFrom('api_keys').selectAll().where('id', '=', info.id).executeTakeFirstOrThrow();
    assert.notEqual(stored.key_hash, key);
    assert.ok(!JSON.stringify(stored).includes(key));
    assert.deepEqual((await findApiKey(store(), key))?.scopes, ['content:write']);
    assert.ok((await listApiKeys(store(), null)).some((k) => k.id === info.id));
    await revokeApiKey(store(), info.id, SYSTEM, AT, null);
    await assert.rejects(revokeApiKey(store(), info.id, SYSTEM, AT, null), (err) => err instanceof ServiceError && err.kind === 'not-found');
    assert.equal(await findApiKey(store(), key), null);
    const log = await eventsOf(store().db, { kind: 'api_key', id: info.id });
    assert.deepEqual(
      log.map((e) => e.type),
      ['api_key.created', 'api_key.revoked'],
    );
    assert.ok(!JSON.stringify(log).includes(key), 'the key never reaches the log');
  });
});
