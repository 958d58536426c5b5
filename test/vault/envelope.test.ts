// The vault's object format on its own: a round trip, every kind of damage refused (a byte
// flipped in the head, the wrapped key, the ciphertext or either tag), and a re-wrap that
// changes only the head and reads under the new key alone.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  HEAD_BYTES,
  TAG_BYTES,
  VaultIntegrityError,
  VaultKeyMissingError,
  WRAP_END,
  keyring,
  masterKey,
  open,
  rewrapHead,
  seal,
} from '../../src/vault/envelope.js';

const fresh = () => ({ dataKey: randomBytes(32), wrapIv: randomBytes(12), dataIv: randomBytes(12) });

describe('vault envelope', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const ring1 = keyring(k1);
  const clear = Buffer.from('a benign placeholder standing for a media file, '.repeat(40));

  test('seals and opens; the ciphertext holds no run of the clear bytes', () => {
    const sealed = seal(clear, ring1.current, 'media', fresh());
    assert.equal(sealed.length, HEAD_BYTES + clear.length + TAG_BYTES);
    assert.deepEqual(open(sealed, ring1, 'media'), clear);
    assert.equal(sealed.includes(clear.subarray(0, 16)), false);
    // Two sealings of the same bytes differ (a data key and IVs of their own).
    assert.notDeepEqual(seal(clear, ring1.current, 'media', fresh()), sealed);
  });

  test('a key id is derived from the key, the same in every process', () => {
    assert.equal(masterKey(Buffer.from(k1)).id, ring1.current.id);
    assert.notEqual(masterKey(k2).id, ring1.current.id);
    assert.throws(() => masterKey(randomBytes(16)), RangeError);
  });

  test('a flipped byte anywhere is refused', () => {
    const sealed = seal(clear, ring1.current, 'media', fresh());
    const places: [string, number][] = [
      ['magic', 1],
      ['kind', 5],
      ['wrap IV', 20],
      ['wrapped key', 30],
      ['wrap tag', 60],
      ['data IV', 80],
      ['ciphertext', HEAD_BYTES + 100],
      ['data tag', sealed.length - 3],
    ];
    for (const [what, at] of places) {
      const bad = Buffer.from(sealed);
      bad[at]! ^= 0x01;
      assert.throws(() => open(bad, ring1, 'media'), VaultIntegrityError, what);
    }
    // A flipped key id names a key nobody holds.
    const bad = Buffer.from(sealed);
    bad[7]! ^= 0x01;
    assert.throws(() => open(bad, ring1), VaultKeyMissingError);
    // The wrong kind is refused too (a snapshot is not a media object).
    assert.throws(() => open(sealed, ring1, 'snapshot'), VaultIntegrityError);
  });

  test('a re-wrap rewrites the head only; the new key alone reads it', () => {
    const sealed = seal(clear, ring1.current, 'snapshot', fresh());
    const to = masterKey(k2);
    const head = rewrapHead(sealed.subarray(0, HEAD_BYTES), ring1, to, randomBytes(12));
    const rewrapped = Buffer.concat([head, sealed.subarray(HEAD_BYTES)]);
    assert.deepEqual(rewrapped.subarray(WRAP_END), sealed.subarray(WRAP_END), 'the data IV, ciphertext and tag are untouched');
    assert.deepEqual(open(rewrapped, keyring(k2), 'snapshot'), clear);
    assert.throws(() => open(rewrapped, ring1), VaultKeyMissingError);
    assert.throws(() => open(sealed, keyring(k2)), VaultKeyMissingError);
  });
});
