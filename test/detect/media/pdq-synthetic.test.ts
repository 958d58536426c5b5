// PDQ and decoding on images the tests make themselves (no shared fixtures needed).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import {
  DIHEDRAL_NAMES,
  PdqHasher,
  decodeImage,
  hashImageBytes,
  pdqDistance,
  pdqHash,
  pdqToHex,
  type DihedralName,
  type Pixels,
} from '../../../src/detect/media/index.js';
import { jpeg, pattern, png, pnm, sharpOf, toGrey } from './images.js';

/** Pixel (row r, column c) of the transformed image comes from in(row, col) = from(r, c). */
function transform(p: Pixels, name: DihedralName): Pixels {
  const { width: W, height: H, channels: C } = p;
  const turned = ['rot90', 'rot270', 'flipplus1', 'flipminus1'].includes(name);
  const outW = turned ? H : W;
  const outH = turned ? W : H;
  const from: Record<DihedralName, (r: number, c: number) => [number, number]> = {
    orig: (r, c) => [r, c],
    rot90: (r, c) => [c, W - 1 - r], // counter-clockwise: the top-right corner comes to the top left
    rot180: (r, c) => [H - 1 - r, W - 1 - c],
    rot270: (r, c) => [H - 1 - c, r],
    flipx: (r, c) => [H - 1 - r, c], // top and bottom swapped
    flipy: (r, c) => [r, W - 1 - c], // left and right swapped
    flipplus1: (r, c) => [c, r], // transpose
    flipminus1: (r, c) => [H - 1 - c, W - 1 - r], // anti-transpose
  };
  const data = new Uint8Array(p.data.length);
  for (let r = 0; r < outH; r++) {
    for (let c = 0; c < outW; c++) {
      const [sr, sc] = from[name](r, c);
      for (let k = 0; k < C; k++) data[(r * outW + c) * C + k] = p.data[(sr * W + sc) * C + k]!;
    }
  }
  return { width: outW, height: outH, channels: C, data };
}

describe('PDQ on generated images', () => {
  const image = pattern(300, 200, 3);

  test('a detailed image has quality 100 and 128 bits set; a flat one has quality 0', () => {
    const r = pdqHash(image);
    assert.equal(r.quality, 100);
    assert.equal(pdqToHex(r.hash).length, 64);
    const flat: Pixels = { width: 100, height: 80, channels: 3, data: new Uint8Array(100 * 80 * 3).fill(77) };
    assert.equal(pdqHash(flat).quality, 0);
  });

  test('unrelated images are far apart (over 64 bits)', () => {
    for (const seed of [4, 5, 6]) {
      const d = pdqDistance(pdqHash(image).hash, pdqHash(pattern(300, 200, seed)).hash);
      assert.ok(d > 64, `seed ${seed}: only ${d} bits apart`);
    }
  });

  test('each dihedral hash predicts the hash of the image actually turned or flipped that way', () => {
    // The prediction is close, not exact: windows of even length and cell centres do
    // not flip exactly, most of all on small square images (up to ~48 bits seen on
    // 256×256 patterns). So the turned image must be nearer its own variant than any
    // other and far from the rest; and for a photo-sized image, which the 512 rule
    // brings to 512×512, within the matching distance of 31.
    const hasher = new PdqHasher();
    for (const img of [image, pattern(256, 256, 9), pattern(640, 480, 1)]) {
      const predicted = hasher.dihedral(img).hashes;
      for (const name of DIHEDRAL_NAMES) {
        const actual = hasher.hash(transform(img, name)).hash;
        const own = pdqDistance(actual, predicted[name]);
        const others = DIHEDRAL_NAMES.filter((n) => n !== name).map((n) => pdqDistance(actual, predicted[n]));
        const at = `${img.width}×${img.height} ${name}`;
        assert.ok(own < 64 && Math.min(...others) >= 64, `${at}: ${own} bits from its variant, ${Math.min(...others)} from another`);
        if (img.width === 640) assert.ok(own <= 31, `${at}: ${own} bits from its predicted hash`);
      }
    }
  });

  test('the 512 rule: a larger image hashes as its nearest-neighbour 512×512 resize (floor(x·W/512))', () => {
    const resized = (p: Pixels): Pixels => {
      const data = new Uint8Array(512 * 512 * 3);
      for (let y = 0; y < 512; y++) {
        for (let x = 0; x < 512; x++) {
          const s = (Math.floor((y * p.height) / 512) * p.width + Math.floor((x * p.width) / 512)) * 3;
          data.set(p.data.subarray(s, s + 3), (y * 512 + x) * 3);
        }
      }
      return { width: 512, height: 512, channels: 3, data };
    };
    // Shrunk on both sides, and shrunk on one while stretched on the other.
    for (const big of [pattern(700, 600, 8), pattern(600, 200, 8)]) {
      assert.deepEqual(pdqHash(big), pdqHash(resized(big)), `${big.width}×${big.height}`);
    }
    // A side of exactly 512 is not over the limit: 512×300 keeps its shape.
    const edge = pattern(512, 300, 8);
    assert.deepEqual(pdqHash(edge), pdqHash(edge, { resizeRule: false }));
    assert.notDeepEqual(pdqHash(edge).hash, pdqHash(resized(edge)).hash);
  });

  test('grey pixels use luma = sample, not the RGB weights', () => {
    const grey = toGrey(image);
    const asRgb: Pixels = {
      width: grey.width,
      height: grey.height,
      channels: 3,
      data: Uint8Array.from({ length: grey.data.length * 3 }, (_, i) => grey.data[Math.floor(i / 3)]!),
    };
    // In float32, 0.299v + 0.587v + 0.114v differs from v for some v, so the two
    // routes can differ in round-off bits; they are the same picture all the same.
    assert.ok(pdqDistance(pdqHash(grey).hash, pdqHash(asRgb).hash) <= 8);
  });

  test('a JPEG re-encoding of an image stays near it', async () => {
    const fromJpeg = await hashImageBytes(await jpeg(image, 80));
    const d = pdqDistance(pdqHash(image).hash, (await decodeAndHash(await jpeg(image, 80))).hash);
    assert.equal(fromJpeg.format, 'jpeg');
    assert.ok(d <= 16, `JPEG q80 is ${d} bits from the original`);
  });
});

async function decodeAndHash(bytes: Uint8Array) {
  return pdqHash(await decodeImage(bytes));
}

describe('decoding generated images', () => {
  const image = pattern(160, 120, 11);
  const expected = pdqToHex(pdqHash(image).hash);

  test('lossless formats give back the exact pixels: PNG, TIFF, WebP lossless, PNM', async () => {
    const encodings: [string, Uint8Array][] = [
      ['png', await png(image)],
      ['tiff', await sharpOf(image).tiff({ compression: 'lzw' }).toBuffer()],
      ['webp', await sharpOf(image).webp({ lossless: true }).toBuffer()],
      ['pnm', pnm(image)],
    ];
    for (const [format, bytes] of encodings) {
      const decoded = await decodeImage(bytes);
      assert.equal(decoded.format, format);
      assert.deepEqual([decoded.width, decoded.height, decoded.channels], [160, 120, 3]);
      assert.deepEqual(Buffer.from(decoded.data), Buffer.from(image.data), `${format} pixels`);
      assert.equal((await hashImageBytes(bytes)).pdq, expected, format);
    }
  });

  test('GIF: the first frame of an animation', async () => {
    // Two flat-colour frames, so GIF's palette loses nothing.
    const w = 40;
    const h = 30;
    const frames = new Uint8Array(w * h * 2 * 3);
    for (let i = 0; i < w * h; i++) frames.set([200, 40, 40], i * 3);
    for (let i = w * h; i < 2 * w * h; i++) frames.set([40, 40, 200], i * 3);
    const gif = await sharp(frames, { raw: { width: w, height: h * 2, channels: 3, pageHeight: h } })
      .gif()
      .toBuffer();
    const decoded = await decodeImage(gif);
    assert.equal(decoded.format, 'gif');
    assert.deepEqual([decoded.width, decoded.height, decoded.channels], [w, h, 3]);
    assert.deepEqual([...decoded.data.subarray(0, 3)], [200, 40, 40]);
    assert.deepEqual([...decoded.data.subarray(-3)], [200, 40, 40]);
  });

  test('AVIF decodes (lossless here), and lands near the original', async () => {
    const avif = await sharpOf(image).avif({ lossless: true }).toBuffer();
    const r = await hashImageBytes(avif);
    assert.equal(r.format, 'avif');
    assert.deepEqual([r.width, r.height], [160, 120]);
    assert.ok(pdqDistance(pdqHash(image).hash, (await decodeAndHash(avif)).hash) <= 8);
  });

  test('an RGB file whose pixels are all grey decodes to one grey channel, as ImageMagick hands it over', async () => {
    const grey = toGrey(image);
    const rgbOfGrey = await sharp(grey.data, { raw: { width: 160, height: 120, channels: 1 } })
      .toColourspace('srgb')
      .png()
      .toBuffer();
    assert.equal((await sharp(rgbOfGrey).metadata()).channels, 3);
    const decoded = await decodeImage(rgbOfGrey);
    assert.equal(decoded.channels, 1);
    assert.deepEqual(Buffer.from(decoded.data), Buffer.from(grey.data));
  });

  test('alpha is dropped, not composited: fully transparent pixels keep their colour', async () => {
    const rgba = new Uint8Array(160 * 120 * 4);
    for (let i = 0; i < 160 * 120; i++) {
      rgba.set(image.data.subarray(i * 3, i * 3 + 3), i * 4);
      rgba[i * 4 + 3] = i % 3 === 0 ? 0 : 128;
    }
    const bytes = await sharp(rgba, { raw: { width: 160, height: 120, channels: 4 } })
      .png()
      .toBuffer();
    const decoded = await decodeImage(bytes);
    assert.equal(decoded.channels, 3);
    assert.deepEqual(Buffer.from(decoded.data), Buffer.from(image.data));
  });

  test('EXIF orientation is ignored: the stored pixels are hashed, as the reference does', async () => {
    const plain = await sharpOf(image).jpeg({ quality: 95 }).toBuffer();
    const tagged = await sharpOf(image).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    assert.equal((await sharp(tagged).metadata()).orientation, 6);
    const a = await hashImageBytes(plain);
    const b = await hashImageBytes(tagged);
    assert.deepEqual([b.width, b.height], [160, 120]);
    assert.equal(b.pdq, a.pdq);
  });

  test('an embedded ICC profile is not applied (the reference does no colour management)', async () => {
    // Saving with a Display P3 profile converts the samples into P3; a colour-managed
    // read would convert them back towards the original, ours keeps them as stored.
    const bytes = await sharpOf(image).withIccProfile('p3').png().toBuffer();
    assert.ok((await sharp(bytes).metadata()).icc);
    const stored = await sharp(bytes, { ignoreIcc: true }).removeAlpha().raw().toBuffer();
    const managed = await sharp(bytes).removeAlpha().raw().toBuffer();
    assert.notDeepEqual(stored, managed);
    const decoded = await decodeImage(bytes);
    assert.deepEqual(Buffer.from(decoded.data), stored);
  });

  test('16-bit samples keep their low byte by default (the reference), or are rescaled on request', async () => {
    const w = 64;
    const h = 48;
    const words = new Uint16Array(w * h);
    const grey = toGrey(pattern(w, h, 2));
    // High byte from the picture, low byte from an unrelated ramp.
    for (let i = 0; i < words.length; i++) words[i] = (grey.data[i]! << 8) | ((i * 37) & 0xff);
    const bytes = await sharp(words, { raw: { width: w, height: h, channels: 1 } })
      .toColourspace('grey16')
      .png()
      .toBuffer();
    assert.equal((await sharp(bytes).metadata()).depth, 'ushort');
    const low = await decodeImage(bytes);
    assert.deepEqual(
      [...low.data],
      [...words].map((v) => v & 0xff),
    );
    const rescaled = await decodeImage(bytes, { sixteenBit: 'rescale' });
    assert.deepEqual(
      [...rescaled.data],
      [...words].map((v) => Math.round((v * 255) / 65535)),
    );
    // Rescaled, the 16-bit image hashes like the 8-bit picture it carries.
    assert.ok(pdqDistance(pdqHash(rescaled).hash, pdqHash(grey).hash) <= 8);
    assert.ok(pdqDistance(pdqHash(low).hash, pdqHash(grey).hash) > 64);
  });

  test("CMYK becomes RGB by ImageMagick's profile-less formula, R = (255 − C)(255 − K)/255", async () => {
    const bytes = await sharpOf(image).toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer();
    assert.equal((await sharp(bytes).metadata()).space, 'cmyk');
    const ink = await sharp(bytes).pipelineColourspace('cmyk').toColourspace('cmyk').raw().toBuffer();
    const decoded = await decodeImage(bytes);
    assert.equal(decoded.channels, 3);
    let worst = 0;
    for (let i = 0; i < 160 * 120; i++) {
      const k = 255 - ink[i * 4 + 3]!;
      for (let c = 0; c < 3; c++) {
        const expected = ((255 - ink[i * 4 + c]!) * k) / 255;
        worst = Math.max(worst, Math.abs(decoded.data[i * 3 + c]! - expected));
      }
    }
    assert.ok(worst <= 1, `a sample is ${worst} away from the formula`);
  });
});
