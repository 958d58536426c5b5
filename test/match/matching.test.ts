import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
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
    const read = (name: string) => parseHashLines(readFileSync(sharedPath('fixtures/pdq/hash-lists', name), 'utf8'), 'pdq').entries.map((e) => e.hash);
    const haystack = read('haystack.txt');
    const needles = read('needles.txt');
    assert.ok(haystack.length > 1000 && needles.length >= 100);
    const distances = needles.map((n) => haystack.map((h) => pdqHexDistance(h, n)));
    const configs = [
      { layout: '16x16', bucketBits: 14, bitmap: false },
      { layout: '12x21-22', bucketBits: 14, bitmap: false },
      { layout: '12x21-22', bitmap: true },
      { layout: '11x23-24', bitmap: true },
      { layout: '10x25-26', bucketBits: 4, bitmap: true },
    ] as const;
    for (const config of configs) {
      const index = new PdqIndex({ flatBelow: 16, engine: 'mih', ...config });
      haystack.forEach((h, i) => index.add(h, i));
      for (const d of [0, 10, 31, 32, 47]) {
        let total = 0;
        for (const [n, needle] of needles.entries()) {
          const expected = distances[n]!.map((distance, key) => ({ key, distance })).filter((m) => m.distance <= d);
          const got = index.search(needle, d).sort((a, b) => a.key - b.key);
          assert.deepEqual(got, expected, `${JSON.stringify(config)}, radius ${d}, needle ${needle}`);
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
  const index = PdqIndex.build(
    codes.slice(),
    Uint32Array.from({ length: 5000 }, (_, i) => i * 2),
  );
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

describe('snapshot structure checks', () => {
  // Damage the CRC cannot see (a snapshot rewritten with a fresh checksum) must still be
  // refused: a wrong bitmap or bucket order would silently lose matches.
  const random = seededRandom(8);
  const codes = uniformCodes(random, 3000);
  const index = PdqIndex.build(
    codes.slice(),
    Uint32Array.from({ length: 3000 }, (_, i) => i),
    {
      flatBelow: 64,
      layout: '12x21-22',
      bitmap: true,
    },
  );
  const bytes = Buffer.concat(encodePdqSnapshot(index));
  const header = 64;
  const bitmapBytes = (8 * 2 ** 21 + 4 * 2 ** 22) / 8;
  const bitmapAt = bytes.length - bitmapBytes;
  const postingsAt = bitmapAt - 12 * 3000 * 4;
  const resealed = (edit: (b: Buffer) => void): Buffer => {
    const b = Buffer.from(bytes);
    edit(b);
    b.writeUInt32LE(crc32(b.subarray(header)) >>> 0, 40);
    return b;
  };

  test('an intact snapshot with a bitmap loads and answers the same', () => {
    assert.equal(bytes.readUInt32LE(60), 1);
    const back = decodePdqSnapshot(
      resealed(() => {}),
      { deep: true },
    );
    for (let i = 0; i < 20; i++) {
      const q = codes.subarray(i * 8, i * 8 + 8);
      assert.deepEqual(back.search(q, 31), index.search(q, 31));
    }
  });

  test('a cleared or an extra occupancy bit is refused', () => {
    let set = bitmapAt;
    while (bytes[set] === 0) set++;
    const cleared = resealed((b) => {
      b[set] = 0;
    });
    assert.throws(
      () => decodePdqSnapshot(cleared),
      (e: unknown) => e instanceof SnapshotError && /bitmap misses a value/.test(e.message),
    );
    let unset = bitmapAt;
    while (bytes[unset] !== 0) unset++;
    const extra = resealed((b) => {
      b[unset] = 1;
    });
    assert.throws(() => decodePdqSnapshot(extra), /bitmap marks values that are not listed/);
  });

  test('a posting out of range or out of order is refused', () => {
    const outside = resealed((b) => b.writeInt32LE(0x7fffffff, postingsAt));
    assert.throws(() => decodePdqSnapshot(outside), /posting points outside its range/);
    // Swap the first posting of slot 0 with the last: different buckets, so order breaks.
    const swapped = resealed((b) => {
      const first = b.readInt32LE(postingsAt);
      const lastAt = postingsAt + (3000 - 1) * 4;
      b.writeInt32LE(b.readInt32LE(lastAt), postingsAt);
      b.writeInt32LE(first, lastAt);
    });
    assert.throws(() => decodePdqSnapshot(swapped, { deep: true }), SnapshotError);
  });

  test('unknown flags are refused', () => {
    assert.throws(() => decodePdqSnapshot(resealed((b) => b.writeUInt32LE(3, 60))), /unknown flags/);
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
