// An image over the pixel cap (issue: an upscaled copy escaped PDQ matching). A JPEG or
// still lossy WebP is decoded shrunk on load to fit the cap and hashed from that, within
// a few bits of the full decode's hash; other formats over the cap are still refused,
// with the size the header gave.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { MediaDecodeError, decodeImage, hashImageBytes, pdqHexDistance } from '../../../src/detect/media/index.js';
import { capShrink, decodeMemoryEstimate } from '../../../src/detect/media/decode.js';
import { enlarged, patternImage } from '../../support/images.js';

async function refusedOverCap(promise: Promise<unknown>, size: { width: number; height: number }): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof MediaDecodeError, String(e));
    assert.equal(e.code, 'too-many-pixels', e.message);
    assert.deepEqual(e.size, size);
    return true;
  });
}

describe('images over the pixel cap', () => {
  let base: Buffer;
  let huge: Buffer; // 9000 × 7000 = 63 MP, over the default cap of 50 MP
  let hugeFull: Awaited<ReturnType<typeof hashImageBytes>>;

  before(async () => {
    base = await patternImage(3, 1800, 1400, 'jpeg');
    huge = await enlarged(base, 9000, 7000);
    // The reference's hash of it: decoded in full, with the cap raised.
    hugeFull = await hashImageBytes(huge, { maxPixels: 70_000_000, dihedral: true });
  });

  test('capShrink picks the smallest of 1/2, 1/4, 1/8 that brings the decode within the cap', () => {
    assert.equal(capShrink(9000, 7000, 50_000_000), 2);
    assert.equal(capShrink(9000, 7000, 15_750_000), 2);
    assert.equal(capShrink(9000, 7000, 15_749_999), 4);
    assert.equal(capShrink(9000, 7000, 984_375), 8);
    assert.equal(capShrink(9000, 7000, 984_374), undefined);
  });

  test('a 63 MP JPEG at the default cap is decoded at 1/2 and hashed within a few bits of its full decode', async () => {
    assert.ok(huge.length < 1_000_000, `${huge.length} bytes`);
    const r = await hashImageBytes(huge, { dihedral: true });
    assert.deepEqual([r.width, r.height, r.format], [9000, 7000, 'jpeg']);
    // libjpeg decodes at 4500 × 3500 (within the cap); sharp then takes it to 1/3.
    assert.deepEqual(r.decodedAt, { width: 3000, height: 2333, shrink: 2, toFitCap: true });
    const distance = pdqHexDistance(r.pdq, hugeFull.pdq);
    assert.ok(distance <= 4, `distance ${distance} from the full decode`);
    for (const name of Object.keys(hugeFull.dihedral!) as (keyof typeof hugeFull.dihedral)[]) {
      assert.ok(pdqHexDistance(r.dihedral![name], hugeFull.dihedral![name]) <= 6, name);
    }
    assert.ok(Math.abs(r.quality - hugeFull.quality) <= 5, `quality ${r.quality} vs ${hugeFull.quality}`);
    // And the image at its normal size, as a bank would have it, is well within the 31 bits of a match.
    const normal = await hashImageBytes(base);
    assert.ok(pdqHexDistance(r.pdq, normal.pdq) <= 8, `distance ${pdqHexDistance(r.pdq, normal.pdq)} from the normal-size image`);
    // Within the cap nothing changes: no shrink, bit for bit the reference's path.
    assert.equal(hugeFull.decodedAt, undefined);
  });

  test('the decode asks for the memory of the shrunk decode, not of the full one', async () => {
    let asked = 0;
    const image = await decodeImage(huge, {
      admit: async (bytes) => {
        asked = bytes;
      },
    });
    assert.deepEqual([image.width, image.height, image.sourceWidth, image.sourceHeight], [3000, 2333, 9000, 7000]);
    assert.deepEqual(image.shrunk, { shrink: 2, toFitCap: true });
    const shrunk = decodeMemoryEstimate({ width: 9000, height: 7000, channels: 3, bytesPerSample: 1, target: { width: 3000, height: 2333 }, shrink: 2 });
    const full = decodeMemoryEstimate({ width: 9000, height: 7000, channels: 3, bytesPerSample: 1 });
    assert.equal(asked, shrunk);
    // 4500 × 3500 + 3000 × 2333 RGB pixels: about 68 MB, against 189 MB in full.
    assert.ok(asked < 70_000_000 && full > 189_000_000, `${asked} / ${full}`);
  });

  test('a smaller cap takes a larger shrink; fast mode shrinks at least as much', async () => {
    const r = await hashImageBytes(huge, { maxPixels: 5_000_000 });
    assert.deepEqual(r.decodedAt, { width: 1800, height: 1400, shrink: 4, toFitCap: true });
    assert.ok(pdqHexDistance(r.pdq, hugeFull.pdq) <= 4);
    const fast = await hashImageBytes(huge, { decode: 'fast' });
    assert.deepEqual(fast.decodedAt, { width: 1000, height: 777, shrink: 8, toFitCap: true });
    assert.ok(pdqHexDistance(fast.pdq, hugeFull.pdq) <= 4);
    // Fast mode within the cap says that it shrank, and that the cap had no part in it.
    const small = await hashImageBytes(base, { decode: 'fast' });
    assert.deepEqual(small.decodedAt, { width: 360, height: 280, shrink: 4, toFitCap: false });
  });

  test('a still lossy WebP over the cap is scaled on load by libwebp; a lossless one is refused', async () => {
    // 2400 × 1800 against a cap of 1 MP: the same rules as 63 MP against 50, quicker to encode.
    const webp = await enlarged(base, 2400, 1800, 'webp');
    const full = await hashImageBytes(webp);
    let asked = 0;
    const r = await hashImageBytes(webp, {
      maxPixels: 1_000_000,
      admit: async (bytes) => {
        asked = bytes;
      },
    });
    assert.deepEqual(r.decodedAt, { width: 600, height: 450, shrink: 4, toFitCap: true });
    assert.ok(pdqHexDistance(r.pdq, full.pdq) <= 6, `distance ${pdqHexDistance(r.pdq, full.pdq)}`);
    assert.equal(
      asked,
      decodeMemoryEstimate({ width: 2400, height: 1800, channels: 4, bytesPerSample: 1, target: { width: 600, height: 450 }, webp: { alpha: false } }),
    );
    // Lossless WebP is decoded into a full-size buffer whatever the scale: refused as before.
    const lossless = await enlarged(base, 2400, 1800, 'webp-lossless');
    await refusedOverCap(hashImageBytes(lossless, { maxPixels: 1_000_000 }), { width: 2400, height: 1800 });
  });

  test('formats that cannot shrink on load stay refused over the cap, from the header, with their size', async () => {
    const png = await sharp({ create: { width: 8000, height: 7000, channels: 3, background: { r: 90, g: 140, b: 200 } } })
      .png()
      .toBuffer();
    await refusedOverCap(hashImageBytes(png), { width: 8000, height: 7000 });
    const cmyk = await sharp(base).resize(2400, 1800).toColourspace('cmyk').jpeg({ quality: 80 }).toBuffer();
    await refusedOverCap(decodeImage(cmyk, { maxPixels: 1_000_000 }), { width: 2400, height: 1800 });
    // An image the reference does not resize (no side over 512) is not shrunk either.
    const smallJpeg = await patternImage(4, 500, 400, 'jpeg');
    await refusedOverCap(decodeImage(smallJpeg, { maxPixels: 100_000 }), { width: 500, height: 400 });
    // Nor one so large that even 1/8 is over the cap.
    await refusedOverCap(decodeImage(huge, { maxPixels: 900_000 }), { width: 9000, height: 7000 });
  });
});
