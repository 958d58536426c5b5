import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  PDQ_UINT32_WORDS,
  PdqHexError,
  normalisePdqHex,
  pdqDistance,
  pdqFromHex,
  pdqHashToWords,
  pdqHexDistance,
  pdqHexToWords,
  pdqToHex,
  pdqWordsDistance,
  pdqWordsToHash,
  pdqWordsToHex,
  popcount32,
} from '../../src/match/pdq-value.js';

const hexHash = fc.stringMatching(/^[0-9a-f]{64}$/);

describe('PDQ value: the two layouts are one value', () => {
  test('hasher form and matcher words convert both ways without going through hex', () => {
    fc.assert(
      fc.property(hexHash, (hex) => {
        const words = pdqHashToWords(pdqFromHex(hex));
        assert.deepEqual(words, pdqHexToWords(hex));
        assert.equal(pdqWordsToHex(words), hex);
        assert.equal(pdqToHex(pdqWordsToHash(words)), hex);
      }),
    );
  });

  test('conversion writes and reads at a word offset', () => {
    const hex = `8${'0'.repeat(62)}1`;
    const out = new Uint32Array(3 * PDQ_UINT32_WORDS).fill(0xdeadbeef);
    pdqHashToWords(pdqFromHex(hex), out, PDQ_UINT32_WORDS);
    assert.equal(out[0], 0xdeadbeef);
    assert.equal(out[2 * PDQ_UINT32_WORDS], 0xdeadbeef);
    assert.equal(out[PDQ_UINT32_WORDS], 1);
    assert.equal(out[2 * PDQ_UINT32_WORDS - 1], 0x80000000);
    assert.equal(pdqToHex(pdqWordsToHash(out, PDQ_UINT32_WORDS)), hex);
  });

  test('the distance is the same in every form', () => {
    fc.assert(
      fc.property(hexHash, hexHash, (a, b) => {
        const d = pdqHexDistance(a, b);
        assert.equal(pdqDistance(pdqFromHex(a), pdqFromHex(b)), d);
        assert.equal(pdqWordsDistance(pdqHexToWords(a), 0, pdqHexToWords(b), 0), d);
      }),
    );
  });

  test('popcount32 counts every bit of a 32-bit integer, sign bit included', () => {
    fc.assert(
      fc.property(fc.integer({ min: -0x80000000, max: 0xffffffff }), (x) => {
        let naive = 0;
        for (let k = 0; k < 32; k++) naive += (x >>> k) & 1;
        assert.equal(popcount32(x), naive);
      }),
    );
  });

  test('one error for bad hex, whichever form is asked for', () => {
    for (const parse of [pdqFromHex, pdqHexToWords, normalisePdqHex]) {
      assert.throws(
        () => parse('abc'),
        (e: unknown) => e instanceof PdqHexError && /64 hex digits/.test(e.message),
      );
    }
    assert.equal(normalisePdqHex('AB'.repeat(32)), 'ab'.repeat(32));
  });
});
