// Fast mode: JPEG shrink-on-load and the grid computed as one operator. It must stay
// close to exact mode (and so to the reference), tell the image's real size, and leave
// exact mode, the default, untouched.

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { DIHEDRAL_NAMES, FAST_DECODE_MIN_SIDE, PdqHasher, decodeImage, hashImageBytes, pdqDistance, pdqHexDistance } from '../../../src/detect/media/index.js';
import { fastTarget } from '../../../src/detect/media/decode.js';
import { HashPool } from '../../../src/services/media/hash-pool.js';
import { readJpegFrame } from '../../../src/detect/media/jpeg-header.js';
import { axisOperator } from '../../../src/detect/media/pdq/fast.js';
import { boxAlongRows, jaroszWindow } from '../../../src/detect/media/pdq/jarosz.js';
import { jpeg, pattern, png, sharpOf, toGrey } from './images.js';

describe('fast mode: the grid as one operator', () => {
  test('each grid position weighs its pixels to a total of one', () => {
    for (const [plane, source, decoded] of [
      [512, 1600, 1600],
      [512, 1600, 320],
      [512, 700, 700],
      [512, 4032, 448],
      [300, 300, 300],
    ] as const) {
      const op = axisOperator(plane, source, decoded);
      for (let i = 0; i < 64; i++) {
        let total = 0;
        for (let k = op.ptr[i]!; k < op.ptr[i + 1]!; k++) {
          assert.ok(op.index[k]! >= 0 && op.index[k]! < decoded);
          total += op.weight[k]!;
        }
        assert.ok(Math.abs(total - 1) < 1e-12, `${plane}/${source}/${decoded}: position ${i} weighs ${total}`);
      }
    }
  });

  test("at full size it is the reference's nearest neighbour, box filter twice and decimation", () => {
    // One row of a 1600-pixel image, taken through the reference's steps on a 512-wide
    // plane, against the operator applied to the same row.
    const source = 1600;
    const row = Float64Array.from({ length: source }, (_, x) => 128 + 100 * Math.sin(x / 7) + 20 * Math.cos(x / 29));
    const plane = new Float32Array(512);
    for (let x = 0; x < 512; x++) plane[x] = row[Math.floor((x * source) / 512)]!;
    const once = new Float32Array(512);
    const twice = new Float32Array(512);
    boxAlongRows(plane, once, 1, 512, jaroszWindow(512));
    boxAlongRows(once, twice, 1, 512, jaroszWindow(512));
    const op = axisOperator(512, source, source);
    for (let i = 0; i < 64; i++) {
      let sum = 0;
      for (let k = op.ptr[i]!; k < op.ptr[i + 1]!; k++) sum += op.weight[k]! * row[op.index[k]!]!;
      const reference = twice[Math.trunc(((i + 0.5) * 512) / 64)]!;
      assert.ok(Math.abs(sum - reference) < 1e-3, `position ${i}: ${sum} against ${reference}`);
    }
  });

  test('on full-size pixels it gives the exact hash, or within round-off bits', () => {
    const hasher = new PdqHasher();
    for (const [w, h, seed] of [
      [1200, 800, 1],
      [700, 2000, 2],
      [600, 200, 3],
    ] as const) {
      for (const pixels of [pattern(w, h, seed), toGrey(pattern(w, h, seed))]) {
        const exact = hasher.hashWithDihedral(pixels);
        const fast = hasher.hashApproximate(pixels, pixels);
        assert.equal(fast.quality, exact.quality);
        for (const name of DIHEDRAL_NAMES) {
          assert.ok(pdqDistance(fast.dihedral[name], exact.dihedral[name]) <= 2, `${w}×${h}×${pixels.channels} ${name}`);
        }
        assert.ok(pdqDistance(fast.hash, exact.hash) <= 2);
      }
    }
  });

  test('an image the reference does not resize is hashed exactly, and must not come shrunk', () => {
    const hasher = new PdqHasher();
    const pixels = pattern(400, 300, 4);
    assert.deepEqual(hasher.hashApproximate(pixels, pixels), hasher.hashWithDihedral(pixels));
    assert.throws(() => hasher.hashApproximate(pattern(200, 150, 4), { width: 400, height: 300 }), RangeError);
  });
});

describe('fast mode: decoding', () => {
  test('asks sharp for 1/(s + 1) of each side, so libjpeg scales by 1/s, never below the minimum side', () => {
    assert.deepEqual(fastTarget(1600, 1004), { width: 320, height: 200 });
    assert.deepEqual(fastTarget(1004, 1600), { width: 200, height: 320 });
    assert.deepEqual(fastTarget(4032, 3024), { width: 448, height: 336 });
    assert.deepEqual(fastTarget(800, 600), { width: 266, height: 200 });
    assert.equal(fastTarget(700, 500), undefined);
    assert.equal(fastTarget(4000, 300), undefined);
    assert.equal(FAST_DECODE_MIN_SIDE, 200);
  });

  test('a large JPEG is decoded shrunk, with its own size beside it; exact mode decodes it whole', async () => {
    const bytes = await jpeg(pattern(2400, 1800, 5));
    const fast = await decodeImage(bytes, { mode: 'fast' });
    assert.deepEqual([fast.width, fast.height, fast.sourceWidth, fast.sourceHeight], [266, 200, 2400, 1800]);
    const exact = await decodeImage(bytes);
    assert.deepEqual([exact.width, exact.height, exact.sourceWidth, exact.sourceHeight], [2400, 1800, 2400, 1800]);
    // Other formats have no shrink-on-load: decoded whole in either mode.
    const lossless = await decodeImage(await png(pattern(1600, 1100, 5)), { mode: 'fast' });
    assert.deepEqual([lossless.width, lossless.height], [1600, 1100]);
  });

  test('hashes of shrunk decodes stay within a few bits of exact mode, turned copies included', async () => {
    for (const [w, h, seed] of [
      [2400, 1800, 6],
      [1600, 1004, 7],
      [1004, 1600, 8],
      [3000, 900, 9],
    ] as const) {
      const source = pattern(w, h, seed);
      for (const bytes of [await jpeg(source), await jpeg(toGrey(source))]) {
        const exact = await hashImageBytes(bytes, { dihedral: true });
        const fast = await hashImageBytes(bytes, { decode: 'fast', dihedral: true });
        assert.deepEqual([fast.width, fast.height], [w, h]);
        assert.ok(Math.abs(fast.quality - exact.quality) <= 5);
        for (const name of DIHEDRAL_NAMES) {
          const d = pdqHexDistance(fast.dihedral![name], exact.dihedral![name]);
          assert.ok(d <= 10, `${w}×${h} ${name}: ${d} bits from exact mode`);
        }
        assert.equal(fast.pdq, fast.dihedral!.orig);
        // Digests are of the bytes, whatever the mode.
        assert.deepEqual([fast.md5, fast.sha256], [exact.md5, exact.sha256]);
      }
    }
  });

  test('exact is the default, and the mode is checked', async () => {
    const bytes = await jpeg(pattern(1600, 1004, 10));
    assert.deepEqual(await hashImageBytes(bytes), await hashImageBytes(bytes, { decode: 'exact' }));
    await assert.rejects(decodeImage(bytes, { mode: 'quick' as 'fast' }), RangeError);
  });
});

describe('fast mode: in the pool', () => {
  const pool = new HashPool({ size: 1 });
  const fastPool = new HashPool({ size: 1, decode: { mode: 'fast' } });
  after(() => Promise.all([pool.close(), fastPool.close()]));

  test('per item, or as the pool default, with the same answer as in this thread', async () => {
    const bytes = await jpeg(pattern(1800, 1200, 11));
    const inThread = await hashImageBytes(bytes, { decode: 'fast', dihedral: true });
    assert.deepEqual(await pool.hashMedia(bytes, { decode: 'fast', dihedral: true }), inThread);
    assert.deepEqual(await fastPool.hashMedia(bytes, { dihedral: true }), inThread);
    // An item's own mode wins over the pool's.
    assert.deepEqual(await fastPool.hashMedia(bytes, { decode: 'exact' }), await hashImageBytes(bytes));
  });

  test('a mode that does not exist is refused', async () => {
    await assert.rejects(pool.hashMedia(new Uint8Array(4), { decode: 'turbo' as 'fast' }), RangeError);
    assert.throws(() => new HashPool({ decode: { mode: 'turbo' as 'fast' } }), RangeError);
  });
});

describe('JPEG frame header', () => {
  test('gives the size and components that sharp reads', async () => {
    const colour = pattern(333, 221, 12);
    const samples = [
      await jpeg(colour),
      await jpeg(toGrey(colour)),
      await sharpOf(colour).toColourspace('cmyk').jpeg().toBuffer(),
      await sharpOf(colour).jpeg({ progressive: true }).toBuffer(),
      await sharpOf(colour).withMetadata({ orientation: 6 }).jpeg().toBuffer(),
    ];
    const spaces: Record<number, string> = { 1: 'b-w', 3: 'srgb', 4: 'cmyk' };
    for (const bytes of samples) {
      const frame = readJpegFrame(bytes);
      const meta = await sharp(bytes).metadata();
      assert.ok(frame);
      assert.deepEqual([frame.width, frame.height, spaces[frame.components]], [meta.width, meta.height, meta.space]);
    }
  });

  test('anything it cannot vouch for is left to sharp', async () => {
    const bytes = await jpeg(pattern(64, 48, 13));
    assert.equal(readJpegFrame(bytes.subarray(0, 10)), undefined);
    assert.equal(readJpegFrame(Buffer.from([0xff, 0xd8, 0xff, 0xd9])), undefined);
    assert.equal(readJpegFrame(Buffer.from('not a jpeg')), undefined);
    // A 12-bit frame header.
    const sof = Buffer.from([0xff, 0xd8, 0xff, 0xc1, 0x00, 0x0b, 0x0c, 0x00, 0x10, 0x00, 0x10, 0x01, 0x01, 0x11, 0x00]);
    assert.equal(readJpegFrame(sof), undefined);
    // Fill bytes before a marker are allowed.
    const filled = Buffer.from([0xff, 0xd8, 0xff, 0xff, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x30, 0x00, 0x40, 0x01, 0x01, 0x11, 0x00]);
    assert.deepEqual(readJpegFrame(filled), { width: 64, height: 48, components: 1 });
  });
});
