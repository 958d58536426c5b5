// The Netpbm reader follows CImg (the reference hasher's PNM loader), not libvips.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MediaDecodeError, decodeImage, type MediaDecodeErrorCode } from '../../../src/detect/media/index.js';

const latin1 = (s: string) => Buffer.from(s, 'latin1');

async function pixels(bytes: Uint8Array) {
  const p = await decodeImage(bytes);
  assert.equal(p.format, 'pnm');
  return { size: [p.width, p.height, p.channels], data: [...p.data] };
}

async function fails(bytes: Uint8Array, code: MediaDecodeErrorCode, message: RegExp): Promise<void> {
  await assert.rejects(decodeImage(bytes), (e: unknown) => e instanceof MediaDecodeError && e.code === code && message.test(e.message));
}

describe('Netpbm reader', () => {
  test('binary grey (P5) and RGB (P6), with comments anywhere in the header', async () => {
    const p5 = Buffer.concat([latin1('P5\n# made by hand\n3 2 # size\n#max\n255\n'), Buffer.from([0, 1, 2, 253, 254, 255])]);
    assert.deepEqual(await pixels(p5), { size: [3, 2, 1], data: [0, 1, 2, 253, 254, 255] });
    const p6 = Buffer.concat([latin1('P6 2 1 255\n'), Buffer.from([10, 20, 30, 40, 50, 60])]);
    assert.deepEqual(await pixels(p6), { size: [2, 1, 3], data: [10, 20, 30, 40, 50, 60] });
  });

  test('RGB stays RGB even when every pixel is grey, as CImg reads it', async () => {
    const p6 = Buffer.concat([latin1('P6\n2 1\n255\n'), Buffer.from([7, 7, 7, 9, 9, 9])]);
    assert.deepEqual((await pixels(p6)).size, [2, 1, 3]);
  });

  test('plain (ASCII) grey and RGB, samples as stored', async () => {
    assert.deepEqual(await pixels(latin1('P2\n2 2\n255\n0 64\n128 255\n')), { size: [2, 2, 1], data: [0, 64, 128, 255] });
    assert.deepEqual(await pixels(latin1('P3 1 2 255  1 2 3  4 5 6\n')), { size: [1, 2, 3], data: [1, 2, 3, 4, 5, 6] });
  });

  test('a maxval under 255 is not rescaled (CImg keeps the stored values)', async () => {
    assert.deepEqual((await pixels(latin1('P2\n3 1\n15\n0 7 15\n'))).data, [0, 7, 15]);
  });

  test('16-bit samples keep their low byte, as CImg reading into uint8 does', async () => {
    const p5 = Buffer.concat([latin1('P5\n2 1\n65535\n'), Buffer.from([0x12, 0x34, 0xff, 0x01])]);
    assert.deepEqual((await pixels(p5)).data, [0x34, 0x01]);
    assert.deepEqual((await pixels(latin1('P2 2 1 65535 4660 65281'))).data, [0x34, 0x01]);
    // Asked to, they are rescaled by maxval instead: 0x1234·255/65535 = 18.1, 0xff01·255/65535 = 254.0.
    assert.deepEqual([...(await decodeImage(p5, { sixteenBit: 'rescale' })).data], [18, 254]);
    assert.deepEqual([...(await decodeImage(latin1('P2 2 1 1000 500 1000'), { sixteenBit: 'rescale' })).data], [128, 255]);
  });

  test('bitmaps: 1 is black (0), 0 is white (255); binary rows are padded to a byte', async () => {
    assert.deepEqual(await pixels(latin1('P1\n3 2\n1 0 1\n0 1 0\n')), { size: [3, 2, 1], data: [0, 255, 0, 255, 0, 255] });
    assert.deepEqual((await pixels(latin1('P1 3 2 101010'))).data, [0, 255, 0, 255, 0, 255]);
    // 10 pixels a row: two bytes per row, the last six bits of each row unused.
    const p4 = Buffer.concat([latin1('P4\n10 2\n'), Buffer.from([0b10000000, 0b01111111, 0b00000000, 0b11000000])]);
    assert.deepEqual((await pixels(p4)).data, [0, 255, 255, 255, 255, 255, 255, 255, 255, 0, 255, 255, 255, 255, 255, 255, 255, 255, 0, 0]);
  });

  test('broken files are corrupt, with the reason', async () => {
    await fails(Buffer.concat([latin1('P5\n4 4\n255\n'), Buffer.alloc(10)]), 'corrupt', /truncated: 10 of 16/);
    await fails(Buffer.concat([latin1('P5\n2 1\n65535\n'), Buffer.alloc(3)]), 'corrupt', /truncated: 3 of 4/);
    await fails(latin1('P4\n9 2\n\u00ff'), 'corrupt', /bitmap truncated/);
    await fails(latin1('P5\nwide 4\n255\n'), 'corrupt', /width missing/);
    await fails(latin1('P5\n4 4\n'), 'corrupt', /maxval missing/);
    await fails(latin1('P5\n1 1\n0\n\u0000'), 'corrupt', /maxval 0/);
    await fails(latin1('P5\n1 1\n70000\n\u0000\u0000'), 'corrupt', /maxval 70000/);
    await fails(latin1('P5\n0 4\n255\n'), 'corrupt', /size 0×4/);
    await fails(latin1('P5\n1 1\n255X\u0000'), 'corrupt', /one whitespace byte/);
    await fails(latin1('P2\n2 1\n255\n4 x\n'), 'corrupt', /sample missing/);
    await fails(latin1('P1\n2 1\n1 2\n'), 'corrupt', /bitmap sample missing/);
  });

  test('the pixel cap is checked on the header, before any allocation', async () => {
    await fails(latin1('P6\n100000 100000\n255\n'), 'too-many-pixels', /100000×100000/);
    await assert.rejects(decodeImage(latin1('P5\n10 10\n255\n'), { maxPixels: 99 }), /over the cap of 99/);
  });
});
