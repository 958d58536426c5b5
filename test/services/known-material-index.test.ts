// The bank index of one process follows changes made by others (a CLI import, another API
// node) through the banks' version counter: revived entries, removals whose transaction
// was still open during a refresh, and changes read twice are all applied exactly once.
// Hashes are of generated test patterns; a benign pattern plays the part of known material.
import { test } from 'node:test';
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { describeEachStore } from '../support/stores.js';
import { patternImage } from '../support/images.js';
import { hashImageBytes } from '../../src/detect/media/index.js';
import { createBank } from '../../src/services/banks/create-bank.js';
import { importEntries, removeEntries } from '../../src/services/banks/import-entries.js';
import { KnownMaterialIndex } from '../../src/services/banks/known-material-index.js';
import { markEntriesRemoved, type BankInfo } from '../../src/store/bank-store.js';
import { nextVersion } from '../../src/store/change-counters.js';
import type { Store } from '../../src/store/store.js';

const SYSTEM = { kind: 'system' as const, id: null };
const AT = '2026-12-03T09:00:00.000Z';

async function pdqOf(seed: number): Promise<{ pdq: string; quality: number }> {
  const h = await hashImageBytes(await patternImage(seed));
  return { pdq: h.pdq, quality: h.quality };
}

async function matches(index: KnownMaterialIndex, hash: { pdq: string; quality: number }): Promise<number> {
  return (await index.match({ pdq: hash.pdq, quality: hash.quality, md5: '0'.repeat(32), sha256: '0'.repeat(64) })).length;
}

describeEachStore('the bank index follows other processes', (store) => {
  let bank: BankInfo;
  let n = 0;
  const freshBank = async (): Promise<BankInfo> =>
    createBank(store(), { name: `versions-${n++}`, hashType: 'pdq', source: 'internal', verified: false }, SYSTEM, AT);

  test('an entry removed, then imported again, is matched again after a refresh', async () => {
    bank = await freshBank();
    const hash = await pdqOf(41);
    const server = new KnownMaterialIndex(store());
    await server.load();
    // Another process (a CLI import) adds, removes and re-adds the hash.
    await importEntries(store(), bank, [{ hash: hash.pdq }], SYSTEM, AT);
    await server.refresh();
    assert.equal(await matches(server, hash), 1);
    await removeEntries(store(), bank, [hash.pdq], SYSTEM, AT);
    await server.refresh();
    assert.equal(await matches(server, hash), 0);
    await importEntries(store(), bank, [{ hash: hash.pdq }], SYSTEM, AT);
    await server.refresh();
    assert.equal(await matches(server, hash), 1, 'a revived entry keeps its key: a refresh by key alone never saw it');
  });

  test('a change read twice (by this process and by a refresh) is applied once', async () => {
    bank = await freshBank();
    const hash = await pdqOf(42);
    const server = new KnownMaterialIndex(store());
    await server.load();
    const before = server.size;
    const { added } = await importEntries(store(), bank, [{ hash: hash.pdq }], SYSTEM, AT);
    server.addEntries(added, bank);
    await server.refresh();
    await server.refresh();
    assert.equal(server.size, before + 1);
    // A fresh load that already saw the entry, then a refresh that reads it again.
    const other = new KnownMaterialIndex(store());
    await other.load();
    await other.refresh();
    assert.equal(other.size, server.size);
  });

  // On SQLite the refresh waits for the one connection the removal holds; on PostgreSQL for
  // the counter row's lock. Either way it must not move past the removal.
  test('a removal whose transaction is still open during a refresh is not lost', async () => {
    bank = await freshBank();
    const hash = await pdqOf(43);
    await importEntries(store(), bank, [{ hash: hash.pdq }], SYSTEM, AT);
    const server = new KnownMaterialIndex(store());
    await server.load();
    assert.equal(await matches(server, hash), 1);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let taken!: () => void;
    const versionTaken = new Promise<void>((r) => (taken = r));
    // Another process removes the entry, its transaction held open after taking its version.
    const removal = (store() as Store).write(async (w) => {
      await markEntriesRemoved(w.tx, bank.id, [hash.pdq], AT, await nextVersion(w.tx, 'bank_state'));
      taken();
      await gate;
    });
    await versionTaken;
    const refreshing = server.refresh();
    // The refresh waits for the removal to commit (the counter row's lock) instead of
    // moving past it; let the removal finish a moment later.
    setTimeout(release, 50);
    await Promise.all([removal, refreshing]);
    await server.refresh();
    assert.equal(await matches(server, hash), 0, 'the removal is applied once it commits');
  });
});

describeEachStore('video banks in the bank index', (store) => {
  // Frame hashes made up for the index (unrelated 256-bit values, about 128 bits apart): a "video" of five frames.
  const frame = (i: number) => ({ hash: createHash('sha256').update(`frame ${i}`).digest('hex'), quality: 90 });
  const video = [1, 2, 3, 4, 5].map(frame);

  test('a vPDQ entry is held by its value, followed through imports, removals and revivals, and exported whole', async () => {
    const { HASH_TYPE_DEFS, formatVpdqValue, parseHashLines } = await import('../../src/match/index.js');
    const { exportBank } = await import('../../src/services/banks/export-bank.js');
    const bank = await createBank(store(), { name: 'videos-followed', hashType: 'vpdq', source: 'internal', verified: true }, SYSTEM, AT);
    const value = formatVpdqValue(video);
    const parsed = HASH_TYPE_DEFS.vpdq.parse(value);
    assert.ok(parsed.ok);
    const server = new KnownMaterialIndex(store());
    await server.load();
    const query = { md5: '0'.repeat(32), sha256: '0'.repeat(64), frames: [frame(9), ...video.slice(0, 4)] };
    await importEntries(store(), bank, [{ hash: parsed.hash, value: parsed.value! }], SYSTEM, AT);
    await server.refresh();
    const hits = await server.match(query);
    assert.equal(hits.length, 1);
    assert.equal(hits[0]!.hashType, 'vpdq');
    assert.deepEqual(hits[0]!.video, { queryMatchPercent: 80, comparedMatchPercent: 80 });
    // A fresh process loads it from the database.
    const other = new KnownMaterialIndex(store());
    await other.load();
    assert.equal((await other.match(query)).length, 1);
    assert.equal(parseHashLines(await exportBank(store(), 'videos-followed', 'lines'), 'vpdq').entries[0]!.value, value);
    await removeEntries(store(), bank, [parsed.hash], SYSTEM, AT);
    await server.refresh();
    assert.deepEqual(await server.match(query), []);
    await importEntries(store(), bank, [{ hash: parsed.hash, value: parsed.value! }], SYSTEM, AT);
    await server.refresh();
    assert.equal((await server.match(query)).length, 1, 'revived');
    assert.deepEqual(await server.match({ ...query, frames: video.slice(0, 3) }), [], '60 % of the banked video is below 80 %');
  });
});
