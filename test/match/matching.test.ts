import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  PdqIndex,
  ExactHashIndex,
  matchPdq,
  parseHashLines,
  pdqHexDistance,
  encodePdqSnapshot,
  decodePdqSnapshot,
  SnapshotError,
  PDQ_SNAPSHOT_VERSION,
  parseBankList,
  serialiseBankList,
} from '../../src/match/index.js';
import { seededRandom } from '../../src/match/seeded-random.js';
import { uniformCodes } from '../../src/match/synthetic-codes.js';
import { skipWithoutShared, sharedPath } from '../support/shared.js';

describe('upstream MIH regression lists (needles against haystack)', () => {
  test('index results equal brute force at radii 0..47', { skip: skipWithoutShared() }, () => {
    const read = (name: string) =>
      parseHashLines(readFileSync(sharedPath('fixtures/pdq/hash-lists', name), 'utf8'), 'pdq').entries.map((e) => e.hash);
    const haystack = read('haystack.txt');
    const needles = read('needles.txt');
    assert.ok(haystack.length > 1000 && needles.length >= 100);
    const distances = needles.map((n) => haystack.map((h) => pdqHexDistance(h, n)));
    for (const layout of ['16x16', '12x21-22'] as const) {
      const index = new PdqIndex({ flatBelow: 16, engine: 'mih', layout, bucketBits: 14 });
      haystack.forEach((h, i) => index.add(h, i));
      for (const d of [0, 10, 31, 32, 47]) {
        let total = 0;
        for (const [n, needle] of needles.entries()) {
          const expected = distances[n]!.map((distance, key) => ({ key, distance })).filter((m) => m.distance <= d);
          const got = index.search(needle, d).sort((a, b) => a.key - b.key);
          assert.deepEqual(got, expected, `layout ${layout}, radius ${d}, needle ${needle}`);
          total += got.length;
        }
        if (d === 31) assert.ok(total > 0, 'the needles have near neighbours in the haystack at 31');
      }
    }
  });
});

describe('matchPdq policy', () => {
  const random = seededRandom(3);
  const codes = uniformCodes(random, 2);
  const index = new PdqIndex();
  const stored = '0f'.repeat(32);
  index.add(stored, 10);
  index.add(codes, 11, 0);
  const near = '0f'.repeat(31) + 'f0'; // 8 bits away
  const far = 'f0'.repeat(32); // 256 bits away

  test('quality below 50 is not matched', () => {
    assert.deepEqual(matchPdq(index, { hash: stored, quality: 49 }), { status: 'low-quality', quality: 49, matches: [] });
    assert.equal(matchPdq(index, { hash: stored, quality: 50 }).status, 'matched');
  });

  test('distance is reported and the radius is bounded to 47', () => {
    assert.deepEqual(matchPdq(index, { hash: near, quality: 90 }).matches, [{ key: 10, distance: 8, variant: 0 }]);
    assert.equal(matchPdq(index, { hash: near, quality: 90 }, { maxDistance: 7 }).status, 'no-match');
    assert.throws(() => matchPdq(index, { hash: near, quality: 90 }, { maxDistance: 48 }), /0\.\.47/);
    assert.throws(() => matchPdq(index, { hash: near, quality: 101 }), /quality/);
  });

  test('dihedral variants: the closest variant wins, one result per key', () => {
    const out = matchPdq(index, { hash: far, quality: 80, variants: [near, stored, far] });
    assert.deepEqual(out.matches, [{ key: 10, distance: 0, variant: 2 }]);
  });
});

describe('exact digests', () => {
  test('MD5 and SHA-256 lookups, case-insensitive, several keys per digest, removal', () => {
    const md5 = new ExactHashIndex('md5');
    md5.add('A'.repeat(32), 1);
    md5.add('a'.repeat(32), 2);
    md5.add('a'.repeat(32), 2);
    assert.deepEqual(md5.lookup('a'.repeat(32)), [1, 2]);
    assert.equal(md5.size, 2);
    assert.equal(md5.remove('a'.repeat(32), 1), true);
    assert.deepEqual(md5.lookup('A'.repeat(32)), [2]);
    assert.deepEqual(md5.lookup('b'.repeat(32)), []);
    assert.throws(() => md5.lookup('a'.repeat(31)), /md5 hash is 32/);
    const sha = new ExactHashIndex('sha256');
    sha.add('c'.repeat(64), 5);
    assert.deepEqual(sha.lookup('C'.repeat(64)), [5]);
  });
});

describe('snapshot validation', () => {
  const random = seededRandom(5);
  const codes = uniformCodes(random, 5000);
  const index = PdqIndex.build(codes.slice(), Uint32Array.from({ length: 5000 }, (_, i) => i * 2));
  index.remove(4);
  index.add('e'.repeat(64), 77777);
  const bytes = Buffer.concat(encodePdqSnapshot(index));

  test('loads back to the same answers', () => {
    const back = decodePdqSnapshot(bytes, { deep: true });
    assert.equal(back.size, index.size);
    for (let i = 0; i < 50; i++) {
      const q = codes.subarray(i * 8, i * 8 + 8);
      assert.deepEqual(back.search(q, 31), index.search(q, 31));
    }
    assert.deepEqual(back.search('e'.repeat(64), 0), [{ key: 77777, distance: 0 }]);
  });

  test('damage, truncation, wrong magic and future versions are refused with a reason', () => {
    const flipped = Buffer.from(bytes);
    flipped[1000] = flipped[1000]! ^ 1;
    assert.throws(() => decodePdqSnapshot(flipped), /checksum/);
    assert.throws(() => decodePdqSnapshot(bytes.subarray(0, bytes.length - 8)), /truncated/);
    const magic = Buffer.from(bytes);
    magic[0] = 0x58;
    assert.throws(() => decodePdqSnapshot(magic), /bad magic/);
    const version = Buffer.from(bytes);
    version.writeUInt32LE(PDQ_SNAPSHOT_VERSION + 1, 8);
    assert.throws(
      () => decodePdqSnapshot(version),
      (e: unknown) => e instanceof SnapshotError && new RegExp(`version ${PDQ_SNAPSHOT_VERSION + 1} is not supported`).test(e.message),
    );
    version.writeUInt32LE(1, 8);
    assert.throws(() => decodePdqSnapshot(version), /version 1 is not supported .*rebuild/);
    // An unaligned copy still loads (it is copied once).
    const unaligned = Buffer.alloc(bytes.length + 1);
    bytes.copy(unaligned, 1);
    assert.equal(decodePdqSnapshot(unaligned.subarray(1)).size, index.size);
  });
});

describe('bank list formats through the public entry points', () => {
  test('every format round-trips PDQ entries', () => {
    const entries = [{ hash: 'a'.repeat(64), label: 'A1', contributor: 'c1', extra: { category: 'TRUE_POSITIVE' } }];
    for (const format of ['lines', 'csv', 'threatexchange-csv'] as const) {
      const back = parseBankList(format, serialiseBankList(format, entries, 'pdq'), 'pdq');
      assert.deepEqual(back.issues, []);
      assert.equal(back.entries[0]!.hash, 'a'.repeat(64));
    }
  });
});
