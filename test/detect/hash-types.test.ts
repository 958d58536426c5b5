// Each hash type's two halves fit together: what its hasher makes from content, its
// plug-in parses, prints back the same, indexes, and compares as a match with itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BYTES_HASHERS, VPDQ_HASHER } from '../../src/detect/hash-types.js';
import { HASH_TYPE_DEFS } from '../../src/match/index.js';
import { patternImage } from '../support/images.js';

test('image bytes through every bytes hasher, then the type’s own parse, print, compare and index', async () => {
  const bytes = await patternImage(7);
  for (const hasher of Object.values(BYTES_HASHERS)) {
    const value = await hasher.hashBytes(bytes);
    assert.ok(value, `${hasher.type} hashes a detailed image`);
    const def = HASH_TYPE_DEFS[hasher.type];
    const parsed = def.parse(def.print(value));
    assert.ok(parsed.ok, hasher.type);
    assert.equal(parsed.hash, value.hash);
    assert.deepEqual(def.compare(def.print(value), def.print(value)), { matched: true, distance: 0 });
    const index = def.createIndex();
    index.add(value, 1);
    assert.equal(index.size, 1);
    assert.equal(index.remove(value, 1), true);
  }
});

test('a flat image has no PDQ value worth matching on', async () => {
  const sharp = (await import('sharp')).default;
  const flat = await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 90, g: 90, b: 90 } } })
    .png()
    .toBuffer();
  assert.equal(await BYTES_HASHERS.pdq.hashBytes(flat), undefined);
});

test('decoded frames through the vPDQ hasher give a value the vPDQ type matches with itself', async () => {
  const sharp = (await import('sharp')).default;
  const frames: Uint8Array[] = [];
  for (const seed of [1, 2, 3, 4]) {
    const { data } = await sharp(await patternImage(seed))
      .resize(96, 64, { fit: 'fill' })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    frames.push(new Uint8Array(data));
  }
  const value = VPDQ_HASHER.hashFrames({ width: 96, height: 64, framesPerSecond: 2, frames });
  const def = HASH_TYPE_DEFS.vpdq;
  assert.equal(def.print(value).split(',').length <= 4, true);
  assert.equal(def.compare(def.print(value), def.print(value)).matched, true);
  const sampled = VPDQ_HASHER.hashFrames({ width: 96, height: 64, framesPerSecond: 2, frames }, 1);
  assert.equal(def.print(sampled).split(',').length <= 2, true, 'one frame a second of a 2 frames/s video: frames 0 and 2');
});
