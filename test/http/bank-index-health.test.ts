// The bank index on every process: /health says which banks version an API process holds and
// answers 503 once its index is further behind the database than the bound; a refresh asked
// for while one runs is not lost; with NATS, a bank change announced by the process that made
// it reaches another process's index at once, without waiting for the poll.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describeEachStore } from '../support/stores.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { dropStreams, natsSkip, natsUrl } from '../support/nats.js';
import { loadConfig } from '../../src/config/config.js';
import { composeServices } from '../../src/main/compose.js';
import { announceBankChange } from '../../src/main/announce.js';
import { createBank } from '../../src/services/banks/create-bank.js';
import { importEntries } from '../../src/services/banks/import-entries.js';
import { BANK_INDEX_STALE_MS } from '../../src/services/banks/known-material-index.js';

const SYSTEM = { kind: 'system' as const, id: null };
// Placeholder PDQ values: random bits, no image behind them.
const pdq = () => randomBytes(32).toString('hex');
const natsSkipped = await natsSkip();

describeEachStore('bank index freshness', (store) => {
  test('/health shows the version held, and 503 once the index is beyond the bound; a refresh brings it back', async () => {
    const t: TestApp = await buildTestApp(store());
    try {
      const fresh = await t.app.inject({ method: 'GET', url: '/health' });
      assert.equal(fresh.statusCode, 200);
      const before = fresh.json().bankIndex;
      assert.equal(before.stale, false);
      assert.equal(typeof before.version, 'number');

      const bank = await createBank(
        store(),
        { name: `health-${randomBytes(3).toString('hex')}`, hashType: 'pdq', source: 'internal', verified: false },
        SYSTEM,
        t.clock.now.toISOString(),
      );
      await importEntries(store(), bank, [{ hash: pdq() }], SYSTEM, t.clock.now.toISOString());
      // No refresh for longer than the bound (in production: refreshes failing or waiting on a long import).
      t.clock.now = new Date(t.clock.now.getTime() + BANK_INDEX_STALE_MS + 1_000);
      const stale = await t.app.inject({ method: 'GET', url: '/health' });
      assert.equal(stale.statusCode, 503);
      assert.equal(stale.json().bankIndex.stale, true);
      assert.match(stale.json().detail, /bank index has not caught up/);

      await t.ctx.knownMaterial.refresh();
      const back = await t.app.inject({ method: 'GET', url: '/health' });
      assert.equal(back.statusCode, 200);
      assert.ok(back.json().bankIndex.version > before.version, 'the import is held');
    } finally {
      await t.ctx.close();
    }
  });

  test('a refresh asked for while one runs waits for one that begins after it', async () => {
    const t = await buildTestApp(store());
    try {
      const index = t.ctx.knownMaterial;
      const bank = await createBank(
        store(),
        { name: `overlap-${randomBytes(3).toString('hex')}`, hashType: 'pdq', source: 'internal', verified: false },
        SYSTEM,
        t.clock.now.toISOString(),
      );
      await importEntries(store(), bank, [{ hash: pdq() }], SYSTEM, t.clock.now.toISOString());
      const version = (await store().db.selectFrom('bank_state').select('version').executeTakeFirstOrThrow()).version;
      const first = index.refresh();
      const second = index.refresh();
      const third = index.refresh();
      assert.notEqual(first, second, 'a call during a refresh waits for the next one');
      assert.equal(second, third, 'callers arriving together share the next refresh');
      await Promise.all([first, second]);
      assert.equal(index.freshness().version, Number(version));
    } finally {
      await t.ctx.close();
    }
  });

  test('with NATS, a change announced by the process that made it reaches another process at once', { skip: natsSkipped }, async () => {
    const prefix = `vn${randomBytes(4).toString('hex')}`;
    const config = loadConfig(
      {
        store: { dataDir: store().location.dataDir },
        secrets: { natsUrl: natsUrl, databaseUrl: undefined, serverSecret: undefined, metricsToken: undefined },
        nats: { prefix },
      },
      {},
    );
    const other = await composeServices(config, store(), { roles: ['indexer'] });
    try {
      const index = other.knownMaterial!;
      const bank = await createBank(
        store(),
        { name: `notice-${prefix}`, hashType: 'pdq', source: 'internal', verified: false },
        SYSTEM,
        new Date().toISOString(),
      );
      await importEntries(store(), bank, [{ hash: pdq() }, { hash: pdq() }], SYSTEM, new Date().toISOString());
      const version = Number((await store().db.selectFrom('bank_state').select('version').executeTakeFirstOrThrow()).version);
      const sent = Date.now();
      assert.equal(await announceBankChange(config), undefined, 'the notice was sent');
      while (index.freshness().version < version && Date.now() - sent < 2_000) await new Promise((r) => setTimeout(r, 10));
      assert.equal(index.freshness().version, version, 'held within 2 s, long before the 5 s poll (none runs here)');
    } finally {
      await other.close();
      await dropStreams([prefix]);
    }
  });
});
