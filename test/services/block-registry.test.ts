import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describeEachStore } from '../support/stores.js';
import { BlockRegistry } from '../../src/services/block-registry/block-registry.js';
import { loadServerSecret, serverKeyPath } from '../../src/store/server-secret.js';
import type { Store } from '../../src/store/store.js';
import type { PlatformIdentifiers } from '../../src/enforcement/identifiers.js';
import { eventsOf } from '../../src/store/log-store.js';

const AT = '2026-11-28T12:00:00.000Z';
const NOW = new Date(AT);
const DAY = 24 * 60 * 60 * 1000;
const secret = randomBytes(32);

const suspended: PlatformIdentifiers = {
  email: 'Robin.Example+club@gmail.com',
  phone: '+33 6 12 34 56 78',
  deviceIds: ['Device-7F3A'],
  paymentIds: ['pay_4242XYZ'],
  ips: ['198.51.100.23', '2001:db8:aa:bb:1:2:3:4'],
};

async function block(store: Store, registry: BlockRegistry, accountId: string, ids: PlatformIdentifiers, at = AT) {
  const result = await store.write(async (w) => {
    const r = await registry.blockAccountIdentifiers(w, accountId, ids, at);
    await w.append([
      {
        type: 'action.taken',
        subject: { kind: 'account', id: accountId },
        actor: { kind: 'system', id: null },
        at,
        reason: 'test suspension',
        payload: { action: 'block_identifiers', consequence: null },
      },
    ]);
    return r;
  });
  await registry.settled();
  return result;
}

describe('server secret', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'vigie-secret-'));
    dirs.push(d);
    return d;
  };
  test.after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  test('created once, private, and the same on every later load', async () => {
    const d = dir();
    const racing = await Promise.all(Array.from({ length: 5 }, () => loadServerSecret(d)));
    assert.equal(racing[0]!.length, 32);
    for (const s of racing) assert.ok(s.equals(racing[0]!));
    assert.equal(statSync(serverKeyPath(d)).mode & 0o777, 0o600);
    assert.equal(statSync(join(d, 'keys')).mode & 0o077, 0);
    assert.ok((await loadServerSecret(d)).equals(racing[0]!));
    assert.equal(Buffer.from(readFileSync(serverKeyPath(d), 'utf8').trim(), 'base64').length, 32);
  });

  test('VIGIE_SERVER_SECRET wins over the file, and must be long enough', async () => {
    const d = dir();
    const fromEnv = randomBytes(48);
    assert.ok((await loadServerSecret(d, fromEnv.toString('base64'))).equals(fromEnv));
    await assert.rejects(
      loadServerSecret(d, randomBytes(16).toString('base64')),
      (err: Error) => /at least 32/.test(err.message) && !err.message.includes('='),
    );
    await assert.rejects(loadServerSecret(d, 'not base64!'), /not base64/);
  });
});

describeEachStore('block registry', (store) => {
  let registry: BlockRegistry;
  before(async () => {
    registry = await BlockRegistry.open(store(), secret);
  });

  test("a suspended account's identifiers match however they are written", async () => {
    const r = await block(store(), registry, 'acct-old', suspended);
    assert.equal(r.entries, 6);
    assert.deepEqual(r.kinds.sort(), ['device', 'email', 'ip', 'payment', 'phone']);
    const variants: [PlatformIdentifiers, string][] = [
      [{ email: 'robinexample@googlemail.com' }, 'email'],
      [{ email: 'ROBIN.EXAMPLE@GMAIL.COM' }, 'email'],
      [{ email: 'r.o.b.i.n.example+new@gmail.com' }, 'email'],
      [{ phone: '+33 (0)6-12-34-56-78' }, 'phone'],
      [{ deviceIds: [' Device-7F3A'] }, 'device'],
      [{ paymentIds: ['pay_4242XYZ'] }, 'payment'],
    ];
    for (const [ids, kind] of variants) {
      assert.deepEqual(registry.match(ids, NOW, 'default'), [{ kind, strength: 'strong', accountId: 'acct-old' }], JSON.stringify(ids));
    }
    assert.deepEqual(registry.match({ ips: ['198.51.100.23'] }, NOW, 'default'), [{ kind: 'ip', strength: 'weak', accountId: 'acct-old' }]);
    assert.deepEqual(registry.match({ ips: ['2001:db8:aa:bb:ffff::9'] }, NOW, 'default'), [{ kind: 'ip', strength: 'weak', accountId: 'acct-old' }]);
    assert.deepEqual(registry.match({ email: 'robin.example@outlook.com', deviceIds: ['device-7f3a'], ips: ['198.51.100.24'] }, NOW, 'default'), []);
  });

  test('the block commits with the suspension it joined', async () => {
    const events = await eventsOf(store().db, { kind: 'account', id: 'acct-old' });
    assert.deepEqual(
      events.map((e) => (e.type === 'action.taken' ? e.payload.action : e.type)),
      ['block_identifiers'],
    );
    const rows = await store().db.selectFrom('block_registry').selectAll().where('account_id', '=', 'acct-old').execute();
    assert.equal(rows.length, 6);
    assert.ok(rows.every((r) => r.created_at === AT && r.lifted_at === null));
    assert.deepEqual(
      rows.filter((r) => r.expires_at !== null).map((r) => [r.kind, r.strength, r.expires_at]),
      [
        ['ip', 'weak', new Date(NOW.getTime() + 30 * DAY).toISOString()],
        ['ip', 'weak', new Date(NOW.getTime() + 30 * DAY).toISOString()],
      ],
    );
  });

  test('nothing is stored in clear', async () => {
    const needles = [
      'robin',
      'Robin.Example',
      'robinexample@gmail.com',
      'gmail',
      '612345678',
      '+33612345678',
      '7F3A',
      '7f3a',
      '4242',
      '198.51.100',
      '2001:db8',
      'db8:aa',
    ];
    for (const table of ['block_registry', 'block_registry_state'] as const) {
      // The keyed hashes are checked apart (below): random hex can hold "4242" by chance.
      const rows = (await store().db.selectFrom(table).selectAll().execute()).map((r) => ({ ...r, key_hash: undefined }));
      const text = JSON.stringify(rows).toLowerCase();
      for (const n of needles) assert.ok(!text.includes(n.toLowerCase()), `${table} holds "${n}"`);
    }
    const rows = await store().db.selectFrom('block_registry').select(['key_hash']).execute();
    assert.ok(rows.every((r) => /^[0-9a-f]{64}$/.test(r.key_hash)));
  });

  test('an IP entry expires; the others do not', () => {
    const later = new Date(NOW.getTime() + 30 * DAY + 1);
    assert.deepEqual(registry.match({ ips: ['198.51.100.23'] }, new Date(NOW.getTime() + 29 * DAY), 'default').length, 1);
    assert.deepEqual(registry.match({ ips: ['198.51.100.23'] }, later, 'default'), []);
    assert.equal(registry.match({ email: 'robinexample@gmail.com' }, new Date(NOW.getTime() + 3650 * DAY), 'default').length, 1);
    const before = registry.size;
    assert.equal(registry.sweep(later), 2);
    assert.equal(registry.size, before - 2);
  });

  test('a lift takes the account off; a new block puts it back', async () => {
    const lifted = await store().write((w) => registry.liftAccountIdentifiers(w, 'acct-old', '2026-12-01T00:00:00.000Z'));
    await registry.settled();
    assert.equal(lifted, 6);
    assert.deepEqual(registry.match(suspended, NOW, 'default'), []);
    const rows = await store().db.selectFrom('block_registry').select(['lifted_at']).where('account_id', '=', 'acct-old').execute();
    assert.ok(rows.every((r) => r.lifted_at === '2026-12-01T00:00:00.000Z'));
    await block(store(), registry, 'acct-old', { email: suspended.email, ips: ['198.51.100.23'] }, '2026-12-05T00:00:00.000Z');
    assert.deepEqual(
      registry
        .match(suspended, new Date('2026-12-06T00:00:00.000Z'), 'default')
        .map((m) => m.kind)
        .sort(),
      ['email', 'ip'],
    );
    // The revived IP entry counts its 30 days from the new block.
    assert.equal(registry.match({ ips: ['198.51.100.23'] }, new Date('2027-01-02T00:00:00.000Z'), 'default').length, 1);
  });

  test('two suspended accounts sharing an identifier both match', async () => {
    await block(store(), registry, 'acct-other', { deviceIds: ['Device-7F3A'], ips: ['198.51.100.23'] });
    await block(store(), registry, 'acct-old', { deviceIds: ['Device-7F3A'] });
    const got = registry.match({ deviceIds: ['Device-7F3A'], ips: ['198.51.100.23'] }, new Date('2026-12-06T00:00:00.000Z'), 'default');
    assert.deepEqual(got.map((m) => `${m.accountId}:${m.kind}:${m.strength}`).sort(), [
      'acct-old:device:strong',
      'acct-old:ip:weak',
      'acct-other:device:strong',
      'acct-other:ip:weak',
    ]);
  });

  test('a rolled-back suspension leaves nothing behind, in the table or in memory', async () => {
    await assert.rejects(
      store().write(async (w) => {
        await registry.blockAccountIdentifiers(w, 'acct-rolled-back', { email: 'someone.else@example.org' }, AT);
        throw new Error('the suspension failed');
      }),
      /the suspension failed/,
    );
    await registry.settled();
    assert.deepEqual(registry.match({ email: 'someone.else@example.org' }, NOW, 'default'), []);
    const rows = await store().db.selectFrom('block_registry').select('account_id').where('account_id', '=', 'acct-rolled-back').execute();
    assert.equal(rows.length, 0);
  });

  test('another process follows blocks and lifts through refresh', async () => {
    const other = await BlockRegistry.open(store(), secret);
    assert.equal(other.size, registry.size);
    await block(store(), registry, 'acct-third', { phone: '+44 20 7946 0958' });
    assert.deepEqual(other.match({ phone: '020 7946 0958' }, NOW, 'default'), []);
    await other.refresh();
    assert.deepEqual(other.match({ phone: '020 7946 0958' }, NOW, 'default'), []);
    assert.deepEqual(other.match({ phone: '+442079460958' }, NOW, 'default'), [{ kind: 'phone', strength: 'strong', accountId: 'acct-third' }]);
    await store().write((w) => registry.liftAccountIdentifiers(w, 'acct-third', AT));
    await other.refresh();
    assert.deepEqual(other.match({ phone: '+442079460958' }, NOW, 'default'), []);
  });

  test('a large registry loads completely, page by page', async () => {
    await store().write(async (w) => {
      for (let a = 0; a < 60; a++) {
        await registry.blockAccountIdentifiers(w, `bulk-${a}`, { deviceIds: Array.from({ length: 100 }, (_, i) => `bulk-device-${a}-${i}`) }, AT);
      }
    });
    await registry.settled();
    const fresh = await BlockRegistry.open(store(), secret);
    assert.equal(fresh.size, registry.size);
    assert.ok(fresh.size >= 6000);
    assert.deepEqual(fresh.match({ deviceIds: ['bulk-device-59-99'] }, NOW, 'default'), [{ kind: 'device', strength: 'strong', accountId: 'bulk-59' }]);
  });

  test('a different secret is refused rather than silently matching nothing', async () => {
    await assert.rejects(BlockRegistry.open(store(), randomBytes(32)), /server secret differs/);
  });

  test('expired IP entries are deleted; unexpired ones and every other kind stay', async () => {
    const at = '2027-03-01T00:00:00.000Z';
    await block(store(), registry, 'acct-purge', { email: 'purge.case@example.org', ips: ['203.0.113.7'] }, at);
    const ipRows = () => store().db.selectFrom('block_registry').select(['kind']).where('account_id', '=', 'acct-purge').execute();
    // Earlier tests' IP entries (blocked months before) go; this one is still in force.
    await registry.purgeExpired(new Date(Date.parse(at) + 29 * DAY));
    assert.deepEqual((await ipRows()).map((r) => r.kind).sort(), ['email', 'ip']);
    const after = new Date(Date.parse(at) + 31 * DAY);
    assert.equal(await registry.purgeExpired(after), 1);
    assert.deepEqual(
      (await ipRows()).map((r) => r.kind),
      ['email'],
    );
    assert.equal(registry.match({ email: 'purge.case@example.org' }, after, 'default').length, 1);
    assert.deepEqual(registry.match({ ips: ['203.0.113.7'] }, after, 'default'), []);
    // A process loading the registry afresh agrees.
    const fresh = await BlockRegistry.open(store(), secret);
    assert.equal(fresh.size, registry.size);
  });
});
