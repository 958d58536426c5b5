import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PdqHexError, isPdqHex, pdqBitCount, pdqDistance, pdqFromHex, pdqHexDistance, pdqToHex } from '../../../src/detect/media/index.js';

const hexHash = fc.stringMatching(/^[0-9a-f]{64}$/);

function withBit(k: number): Uint16Array {
  const h = new Uint16Array(16);
  h[k >> 4] = 1 << (k & 15);
  return h;
}

describe('PDQ hash value', () => {
  test('bit k is word k>>4, bit k&15, and the hex form prints word 15 first', () => {
    // Bit 0 (DCT row 0, column 0) is the least significant bit of the last hex digit.
    assert.equal(pdqToHex(withBit(0)), `${'0'.repeat(63)}1`);
    // Bit 15 (row 0, column 15) is the top bit of the last four digits.
    assert.equal(pdqToHex(withBit(15)), `${'0'.repeat(60)}8000`);
    // Bit 255 (row 15, column 15) is the top bit of the first digit.
    assert.equal(pdqToHex(withBit(255)), `8${'0'.repeat(63)}`);
    // Bit 16 (row 1, column 0) starts the second word from the end.
    assert.equal(pdqToHex(withBit(16)), `${'0'.repeat(59)}10000`);
  });

  test('parses either case and always prints lowercase', () => {
    const upper = 'ABCDEF0123456789'.repeat(4);
    assert.equal(pdqToHex(pdqFromHex(upper)), upper.toLowerCase());
  });

  test('refuses anything but exactly 64 hex digits, with a clear error', () => {
    for (const bad of ['', 'abc', `${'0'.repeat(63)}g`, `${'0'.repeat(65)}`, ` ${'0'.repeat(63)}`, `0x${'0'.repeat(62)}`]) {
      assert.throws(
        () => pdqFromHex(bad),
        (e: unknown) => e instanceof PdqHexError && /64 hex digits/.test(e.message),
        bad,
      );
      assert.equal(isPdqHex(bad), false);
    }
    assert.throws(() => pdqFromHex(42 as unknown as string), PdqHexError);
    assert.throws(() => pdqDistance(new Uint16Array(8), new Uint16Array(16)), PdqHexError);
  });

  test('distance is the number of differing bits', () => {
    const zero = '0'.repeat(64);
    assert.equal(pdqHexDistance(zero, zero), 0);
    assert.equal(pdqHexDistance(zero, 'f'.repeat(64)), 256);
    assert.equal(pdqHexDistance(zero, `${'0'.repeat(63)}3`), 2);
    assert.equal(pdqDistance(withBit(0), withBit(255)), 2);
    assert.equal(pdqHexDistance(`a${'5'.repeat(63)}`, `5${'a'.repeat(63)}`), 256);
    assert.equal(pdqHexDistance(`8${'0'.repeat(62)}1`, '0'.repeat(64)), 2);
  });

  test('hex round-trips, and distance agrees with a bit-by-bit count (property)', () => {
    fc.assert(
      fc.property(hexHash, hexHash, (a, b) => {
        assert.equal(pdqToHex(pdqFromHex(a)), a);
        let bits = 0;
        for (let i = 0; i < 64; i++) {
          let x = parseInt(a[i]!, 16) ^ parseInt(b[i]!, 16);
          for (; x; x >>= 1) bits += x & 1;
        }
        assert.equal(pdqHexDistance(a, b), bits);
        assert.equal(pdqHexDistance(b, a), bits);
      }),
    );
  });

  test('distance is a metric: the triangle inequality holds (property)', () => {
    fc.assert(
      fc.property(hexHash, hexHash, hexHash, (a, b, c) => {
        assert.ok(pdqHexDistance(a, c) <= pdqHexDistance(a, b) + pdqHexDistance(b, c));
      }),
    );
  });

  test('bit count ("norm" in the reference --details output)', () => {
    assert.equal(pdqBitCount(pdqFromHex('5'.repeat(64))), 128);
    assert.equal(pdqBitCount(withBit(77)), 1);
    assert.equal(pdqBitCount(pdqFromHex('f'.repeat(64))), 256);
  });
});
