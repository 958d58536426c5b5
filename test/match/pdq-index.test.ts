import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PdqIndex, type PdqMatch, type PdqIndexOptions } from '../../src/match/pdq-index.js';
import { PDQ_UINT32_WORDS, pdqWordsDistance, pdqWordsToHex } from '../../src/match/pdq-value.js';
import { seededRandom, randomBelow } from '../../src/match/seeded-random.js';
import { uniformCodes, clusteredCodes, flipBits } from '../../src/match/synthetic-codes.js';
import { encodePdqSnapshot, decodePdqSnapshot } from '../../src/match/pdq-snapshot.js';

/** The reference: distance to every live code. */
function bruteForce(codes: Uint32Array, keys: number[], live: Set<number>, q: Uint32Array, d: number): PdqMatch[] {
  const out: PdqMatch[] = [];
  for (let i = 0; i < keys.length; i++) {
    if (!live.has(keys[i]!)) continue;
    const dist = pdqWordsDistance(codes, i * PDQ_UINT32_WORDS, q, 0);
    if (dist <= d) out.push({ key: keys[i]!, distance: dist });
  }
  return sorted(out);
}

function sorted(m: PdqMatch[]): PdqMatch[] {
  return [...m].sort((a, b) => a.key - b.key || a.distance - b.distance);
}

/** Queries: half near a stored code, half random. */
function makeQueries(seed: number, codes: Uint32Array, count: number, spread: number): Uint32Array[] {
  const random = seededRandom(seed);
  const n = codes.length / PDQ_UINT32_WORDS;
  const out: Uint32Array[] = [];
  for (let i = 0; i < count; i++) {
    const q = new Uint32Array(PDQ_UINT32_WORDS);
    if (i % 2 === 0 && n > 0) {
      const src = randomBelow(random, n);
      q.set(codes.subarray(src * PDQ_UINT32_WORDS, (src + 1) * PDQ_UINT32_WORDS));
      flipBits(random, q, 0, randomBelow(random, spread + 1));
    } else for (let w = 0; w < PDQ_UINT32_WORDS; w++) q[w] = random();
    out.push(q);
  }
  return out;
}

// Small thresholds so that the tests exercise main, delta and tail with few codes.
const small: PdqIndexOptions = { flatBelow: 64, tailLimit: 16, deltaMin: 64, deltaMax: 256, engine: 'mih' };

const layouts = ['16x16', '14x18-19', '13x19-20', '12x21-22', '11x23-24', '10x25-26'] as const;
type Layout = (typeof layouts)[number];
// Few bucket bits put many postings in a bucket with long residuals; many bits, few. The
// occupancy bitmap changes how a search finds buckets, so every case runs with and
// without it.
const layoutOptions = (layout: Layout, bucketBits?: number, bitmap = false): PdqIndexOptions => ({
  ...small,
  layout,
  bitmap,
  ...(bucketBits === undefined ? {} : { bucketBits }),
});

describe('PdqIndex against brute force', () => {
  for (const layout of layouts) {
    test(`uniform and clustered codes, any radius 0..64, layout ${layout}`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 0x7fffffff }),
          fc.integer({ min: 0, max: 600 }),
          fc.boolean(),
          fc.integer({ min: 0, max: 64 }),
          fc.option(fc.integer({ min: 1, max: 18 })),
          fc.boolean(),
          (seed, n, clustered, d, bucketBits, bitmap) => {
            const random = seededRandom(seed);
            const codes = clustered ? clusteredCodes(random, n, 1 + (n >> 6), 40) : uniformCodes(random, n);
            const keys = Array.from({ length: n }, (_, i) => i * 7 + 3);
            const options = layoutOptions(layout, bucketBits ?? undefined, bitmap);
            const index = PdqIndex.build(codes.slice(), Uint32Array.from(keys), options);
            const live = new Set(keys);
            for (const q of makeQueries(seed ^ 0x5bd1e995, codes, 6, Math.max(d, 1))) {
              assert.deepEqual(sorted(index.search(q, d)), bruteForce(codes, keys, live, q, d));
            }
          },
        ),
        { numRuns: 40 },
      );
    });
  }

  test('after adds and removes (tail, delta rebuilds, compactions) and a snapshot round trip', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0x7fffffff }),
        fc.array(fc.oneof(fc.constant('add' as const), fc.constant('add' as const), fc.constant('remove' as const)), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.constantFrom(...layouts),
        fc.integer({ min: 20, max: 47 }),
        fc.option(fc.integer({ min: 1, max: 16 })),
        fc.boolean(),
        (seed, ops, layout, d, bucketBits, bitmap) => {
          const options = layoutOptions(layout, bucketBits ?? undefined, bitmap);
          const random = seededRandom(seed);
          const all = clusteredCodes(random, 2000, 8, 40);
          const keys: number[] = [];
          const live = new Set<number>();
          let next = 0;
          let index = PdqIndex.build(new Uint32Array(0), new Uint32Array(0), options);
          for (const op of ops) {
            if (op === 'add') {
              // Add a batch, one code at a time, so that thresholds trip along the way.
              const batch = 1 + randomBelow(random, 60);
              for (let i = 0; i < batch && next < 2000; i++) {
                index.add(all, next + 1000, next * PDQ_UINT32_WORDS);
                keys.push(next + 1000);
                live.add(next + 1000);
                next++;
              }
            } else if (keys.length > 0) {
              const batch = 1 + randomBelow(random, 40);
              for (let i = 0; i < batch; i++) {
                const key = keys[randomBelow(random, keys.length)]!;
                assert.equal(index.remove(key), live.has(key) ? 1 : 0);
                live.delete(key);
              }
            }
            assert.equal(index.size, live.size);
          }
          const stored = all.subarray(0, next * PDQ_UINT32_WORDS);
          const queries = makeQueries(seed + 1, stored, 8, d);
          for (const q of queries) assert.deepEqual(sorted(index.search(q, d)), bruteForce(stored, keys, live, q, d));
          index = decodePdqSnapshot(concat(encodePdqSnapshot(index)), { ...options, deep: true });
          assert.equal(index.size, live.size);
          for (const q of queries) assert.deepEqual(sorted(index.search(q, d)), bruteForce(stored, keys, live, q, d));
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('PdqIndex behaviour', () => {
  test('the 12-slot layout with full-width buckets matches brute force', () => {
    const random = seededRandom(11);
    const codes = clusteredCodes(random, 3000, 30, 40);
    const keys = Array.from({ length: 3000 }, (_, i) => i);
    const index = PdqIndex.build(codes.slice(), Uint32Array.from(keys), { flatBelow: 64, layout: '12x21-22', engine: 'mih' });
    assert.equal(index.layoutName, '12x21-22');
    const live = new Set(keys);
    for (const d of [0, 11, 23, 31, 40, 47]) {
      for (const q of makeQueries(d, codes, 10, d)) assert.deepEqual(sorted(index.search(q, d)), bruteForce(codes, keys, live, q, d));
    }
  });

  test('radii too wide to plan probes still give exact answers, with the MIH engine forced', () => {
    const random = seededRandom(12);
    const codes = clusteredCodes(random, 1500, 10, 60);
    const keys = Array.from({ length: 1500 }, (_, i) => i);
    const live = new Set(keys);
    for (const bitmap of [false, true]) {
      const index = PdqIndex.build(codes.slice(), Uint32Array.from(keys), { ...small, layout: '10x25-26', bitmap });
      for (const d of [90, 256]) {
        for (const q of makeQueries(d, codes, 3, 40)) assert.deepEqual(sorted(index.search(q, d)), bruteForce(codes, keys, live, q, d));
      }
    }
  });

  test('finds a code at its exact distance and reports each code once', () => {
    const random = seededRandom(7);
    const codes = uniformCodes(random, 5000);
    const index = PdqIndex.build(
      codes.slice(),
      Uint32Array.from({ length: 5000 }, (_, i) => i),
    );
    assert.equal(index.engineFor(31), 'mih');
    const q = codes.slice(42 * PDQ_UINT32_WORDS, 43 * PDQ_UINT32_WORDS);
    for (let bit = 0; bit < 31; bit++) q[bit >> 3]! ^= 1 << ((bit * 5) & 31);
    const found = index.search(q, 31);
    const forKey = found.filter((m) => m.key === 42);
    assert.equal(forKey.length, 1);
    assert.equal(forKey[0]!.distance, pdqWordsDistance(codes, 42 * PDQ_UINT32_WORDS, q, 0));
  });

  test('accepts hex queries and keys up to 2^32-1, and rejects bad input clearly', () => {
    const index = new PdqIndex();
    const hex = 'f'.repeat(63) + 'e';
    index.add(hex, 0xffffffff);
    assert.deepEqual(index.search('f'.repeat(64), 1), [{ key: 0xffffffff, distance: 1 }]);
    assert.deepEqual(index.search('f'.repeat(64), 0), []);
    assert.throws(() => index.add('abc', 1), /64 hex digits/);
    assert.throws(() => index.add(hex, -1), /uint32/);
    assert.throws(() => index.search(hex, 257), /maxDistance/);
    assert.throws(() => index.search(hex, 1.5), /maxDistance/);
    assert.equal(pdqWordsToHex(new Uint32Array([0xfffffffe, ...Array(7).fill(0xffffffff)])), hex);
  });

  test('remove takes effect at once and compaction keeps keys', () => {
    const random = seededRandom(9);
    const codes = uniformCodes(random, 3000);
    const index = PdqIndex.build(
      codes.slice(),
      Uint32Array.from({ length: 3000 }, (_, i) => i),
      { flatBelow: 100 },
    );
    const q = codes.slice(5 * PDQ_UINT32_WORDS, 6 * PDQ_UINT32_WORDS);
    assert.deepEqual(index.search(q, 0), [{ key: 5, distance: 0 }]);
    assert.equal(index.remove(5), 1);
    assert.deepEqual(index.search(q, 0), []);
    assert.equal(index.remove(5), 0);
    index.compact();
    assert.equal(index.size, 2999);
    const q6 = codes.slice(6 * PDQ_UINT32_WORDS, 7 * PDQ_UINT32_WORDS);
    assert.deepEqual(index.search(q6, 0), [{ key: 6, distance: 0 }]);
  });
});

function concat(chunks: Uint8Array[]): Uint8Array {
  const total = chunks.reduce((s, c) => s + c.byteLength, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
