// Format detection from bytes, and what happens to bad or oversized input.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { MediaDecodeError, decodeImage, hashImageBytes, sniffFormat, type MediaDecodeErrorCode } from '../../../src/detect/media/index.js';
import { jpeg, pattern, png, sharpOf } from './images.js';

async function rejectsWith(promise: Promise<unknown>, code: MediaDecodeErrorCode, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof MediaDecodeError, `expected a MediaDecodeError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

/** A valid but tiny PNG whose header claims this size (its pixel data is one empty block). */
function pngClaiming(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const emptyZlib = Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', emptyZlib),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const name = Buffer.from(type, 'latin1');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([name, data])));
  return Buffer.concat([length, name, data, crc]);
}

describe('format detection', () => {
  test('each format is told by its signature', async () => {
    const image = pattern(32, 24, 1);
    const made: [string, Buffer][] = [
      ['jpeg', await jpeg(image)],
      ['png', await png(image)],
      ['gif', await sharpOf(image).gif().toBuffer()],
      ['webp', await sharpOf(image).webp().toBuffer()],
      ['tiff', await sharpOf(image).tiff().toBuffer()],
      ['avif', await sharpOf(image).avif().toBuffer()],
    ];
    for (const [format, bytes] of made) assert.equal(sniffFormat(bytes), format);
    assert.equal(sniffFormat(Buffer.from('P6\n1 1\n255\n\0\0\0', 'latin1')), 'pnm');
    assert.equal(sniffFormat(Buffer.from('P7\nWIDTH 1\n', 'latin1')), 'pam');
    assert.equal(sniffFormat(Buffer.concat([Buffer.from('BM'), Buffer.alloc(40)])), 'bmp');
  });

  test('only the bytes count: no signature at the very start, no format', () => {
    assert.equal(sniffFormat(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')), undefined);
    assert.equal(sniffFormat(Buffer.from('%PDF-1.7\n')), undefined);
    assert.equal(sniffFormat(Buffer.concat([Buffer.from([0]), pngClaiming(1, 1)])), undefined);
    assert.equal(sniffFormat(Buffer.from('P9\n')), undefined);
    assert.equal(sniffFormat(new Uint8Array(0)), undefined);
  });
});

describe('decode errors', () => {
  test('no bytes', async () => {
    await rejectsWith(decodeImage(new Uint8Array(0)), 'empty');
  });

  test('unknown bytes, including vector formats that are never rendered', async () => {
    await rejectsWith(decodeImage(Buffer.from('hello, this is not an image')), 'unrecognised-format', /signature/);
    await rejectsWith(decodeImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')), 'unrecognised-format');
  });

  test('known but not decoded: BMP, PAM', async () => {
    await rejectsWith(decodeImage(Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)])), 'unsupported-format', /BMP/);
    await rejectsWith(decodeImage(Buffer.from('P7\nWIDTH 1\nHEIGHT 1\n', 'latin1')), 'unsupported-format');
  });

  test('a truncated JPEG or PNG is corrupt', async () => {
    const image = pattern(200, 150, 2);
    const j = await jpeg(image);
    await rejectsWith(decodeImage(j.subarray(0, j.length / 2)), 'corrupt', /jpeg/);
    const p = await png(image);
    await rejectsWith(decodeImage(p.subarray(0, p.length / 2)), 'corrupt', /png/);
    await rejectsWith(decodeImage(Buffer.concat([p.subarray(0, 8), Buffer.alloc(100, 0x41)])), 'corrupt');
  });

  test('the pixel cap refuses a bomb from its header, before decoding anything', async () => {
    // 100000 × 100000 claimed by a 65-byte file: refused on the claim alone.
    await rejectsWith(decodeImage(pngClaiming(100_000, 100_000)), 'too-many-pixels', /100000×100000 pixels is over the cap/);
    // A one-frame GIF (two-colour palette, one LZW block) whose screen and frame claim 65535².
    const gif = Buffer.from([
      ...Buffer.from('GIF89a', 'latin1'),
      1,
      0,
      1,
      0,
      0x80,
      0,
      0,
      0,
      0,
      0,
      255,
      255,
      255,
      0x2c,
      0,
      0,
      0,
      0,
      1,
      0,
      1,
      0,
      0,
      2,
      2,
      0x44,
      0x01,
      0,
      0x3b,
    ]);
    assert.equal((await decodeImage(gif)).width, 1);
    for (const at of [6, 8, 24, 26]) gif.writeUInt16LE(65535, at);
    await rejectsWith(decodeImage(gif), 'too-many-pixels', /65535×65535/);
    await rejectsWith(decodeImage(Buffer.from('P5\n50000 50000\n255\n', 'latin1')), 'too-many-pixels');
  });

  test('the pixel cap is configurable', async () => {
    const bytes = await png(pattern(100, 80, 3));
    await rejectsWith(decodeImage(bytes, { maxPixels: 7999 }), 'too-many-pixels', /100×80/);
    assert.equal((await decodeImage(bytes, { maxPixels: 8000 })).width, 100);
  });

  test('a decode error still carries the digests of the bytes (exact matching needs no decoding)', async () => {
    const bytes = Buffer.from('not an image at all');
    await assert.rejects(hashImageBytes(bytes), (e: unknown) => {
      assert.ok(e instanceof MediaDecodeError);
      assert.deepEqual(e.digests, {
        md5: '510c000385a40da46c5dfad14259a9f3', // from coreutils md5sum
        sha256: '4145f395715e771f3036ba131c0f07938bd3706af7c0aafeb1409653a5ceec02', // from sha256sum
      });
      return true;
    });
  });

  test('bad arguments are programming errors, not decode errors', async () => {
    await assert.rejects(decodeImage('bytes' as unknown as Uint8Array), TypeError);
    await assert.rejects(decodeImage(new Uint8Array([1]), { maxPixels: 0 }), RangeError);
    await assert.rejects(decodeImage(new Uint8Array([1]), { sixteenBit: 'high' as 'rescale' }), RangeError);
  });

  test('one bad item among good ones fails alone', async () => {
    const good = await png(pattern(40, 30, 4));
    const results = await Promise.allSettled([decodeImage(good), decodeImage(good.subarray(0, 20)), decodeImage(good)]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
  });

  test('sharp is never asked to guess: an SVG behind a fake signature is not rendered', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>');
    assert.equal((await sharp(svg).metadata()).format, 'svg');
    await rejectsWith(decodeImage(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), svg])), 'corrupt', /jpeg/);
  });
});
