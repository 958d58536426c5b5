// Agreement with Meta's reference C++ pdq-photo-hasher on the shared test vectors.
// PNM inputs take decoding out of the comparison, so they must match bit for bit.
// Other images go through our decoder (sharp) against the reference's (ImageMagick).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DIHEDRAL_NAMES, PdqHasher, decodeImage, hashImageBytes, pdqHexDistance, pdqToHex } from '../../../src/detect/media/index.js';
import { skipWithoutShared } from '../../support/shared.js';
import { fixturePath, referenceRows, type ReferenceRow } from './reference-vectors.js';

const skip = skipWithoutShared();
const rows: ReferenceRow[] = skip ? [] : referenceRows();
const pnmRows = rows.filter((r) => r.file.startsWith('pnm/'));
const imageRows = rows.filter((r) => !r.file.startsWith('pnm/'));

// Decoder-independent images (the fixtures README: stored 8-bit samples, no gamma, no ICC).
const EXACT_PNGS = new Set([
  'images/reg-test-input/pen-and-coaster.png',
  'images/misc-images/c.png',
  'images/misc-images/modes/L.png',
  'images/misc-images/modes/LA.png',
  'images/misc-images/modes/P.png',
  'images/python-threatexchange-resources/LA.png',
]);
// Upstream's conformance rule for an implementation that decodes by itself.
const MAX_DECODED_DISTANCE = 10;

describe('PDQ against the reference C++ hasher', { skip }, () => {
  test('the shared vectors are all there', () => {
    assert.equal(rows.length, 59);
    assert.equal(pnmRows.length, 16);
  });

  describe('PNM vectors: bit-exact hash, quality and all eight dihedral hashes', () => {
    const hasher = new PdqHasher();
    for (const row of pnmRows) {
      test(row.file, async () => {
        const pixels = await decodeImage(readFileSync(fixturePath(row.file)));
        assert.deepEqual([pixels.width, pixels.height, pixels.channels], [row.width, row.height, row.channels]);
        const plain = hasher.hash(pixels);
        assert.equal(pdqToHex(plain.hash), row.hashes.orig, 'hash');
        assert.equal(plain.quality, row.quality, 'quality');
        const dihedral = hasher.dihedral(pixels);
        assert.equal(dihedral.quality, row.quality, 'dihedral quality');
        for (const name of DIHEDRAL_NAMES) assert.equal(pdqToHex(dihedral.hashes[name]), row.hashes[name], name);
      });
    }
  });

  test('minimum size: below 5 pixels a side the hash is all zero with quality 0, at 5 it is not', async () => {
    const tiny = await hashImageBytes(readFileSync(fixturePath('pnm/synthetic/tiny-4x4.pgm')), { dihedral: true });
    assert.equal(tiny.pdq, '0'.repeat(64));
    assert.equal(tiny.quality, 0);
    for (const name of DIHEDRAL_NAMES) assert.equal(tiny.dihedral![name], '0'.repeat(64));
    const five = await hashImageBytes(readFileSync(fixturePath('pnm/synthetic/min-5x5.pgm')));
    assert.notEqual(five.pdq, '0'.repeat(64));
    assert.ok(five.quality > 0);
  });

  test(`decoded images: within ${MAX_DECODED_DISTANCE} bits of the reference, PNGs exact`, async (t) => {
    assert.equal(imageRows.length, 43);
    const table: string[] = [];
    let exact = 0;
    const hasher = new PdqHasher();
    for (const row of imageRows) {
      const pixels = await decodeImage(readFileSync(fixturePath(row.file)));
      // ImageMagick hands the reference one grey channel when every pixel is grey.
      assert.deepEqual([pixels.width, pixels.height, pixels.channels], [row.width, row.height, row.channels], `${row.file}: decoded as`);
      const out = hasher.hashWithDihedral(pixels);
      const r = { pdq: pdqToHex(out.hash), quality: out.quality, dihedral: out.dihedral };
      const distance = pdqHexDistance(r.pdq, row.hashes.orig);
      const worstDihedral = Math.max(...DIHEDRAL_NAMES.map((n) => pdqHexDistance(pdqToHex(r.dihedral[n]), row.hashes[n])));
      table.push(`${String(distance).padStart(3)} ${String(worstDihedral).padStart(3)}  q ${r.quality}/${row.quality}  ${row.file}`);
      if (EXACT_PNGS.has(row.file)) {
        assert.equal(r.pdq, row.hashes.orig, `${row.file} decodes without loss, so its hash must be exact`);
        assert.equal(r.quality, row.quality, `${row.file}: quality`);
      }
      assert.ok(distance <= MAX_DECODED_DISTANCE, `${row.file}: ${distance} bits from the reference`);
      assert.ok(worstDihedral <= MAX_DECODED_DISTANCE, `${row.file}: a dihedral hash is ${worstDihedral} bits off`);
      assert.ok(Math.abs(r.quality - row.quality) <= 5, `${row.file}: quality ${r.quality}, reference ${row.quality}`);
      if (distance === 0 && worstDihedral === 0 && r.quality === row.quality) exact++;
    }
    t.diagnostic(`exact on ${exact} of ${imageRows.length} decoded fixtures`);
    t.diagnostic(`distance, worst dihedral distance, quality ours/reference, file:\n${table.join('\n')}`);
  });

  // Fast mode trades exactness for speed on large images only: a large JPEG is decoded
  // shrunk, and any image under the 512 rule has its grid computed directly. Upstream's
  // 10-bit bound for an implementation with its own decoder applies, and an image the
  // reference does not resize must come out exactly as in exact mode.
  test(`fast mode: every fixture within ${MAX_DECODED_DISTANCE} bits of the reference, small ones exact`, async (t) => {
    const table: string[] = [];
    let worst = 0;
    let worstDihedral = 0;
    for (const row of rows) {
      const bytes = readFileSync(fixturePath(row.file));
      const fast = await hashImageBytes(bytes, { decode: 'fast', dihedral: true });
      const exact = await hashImageBytes(bytes, { decode: 'exact', dihedral: true });
      assert.deepEqual([fast.width, fast.height], [row.width, row.height], `${row.file}: the image's own size is reported`);
      const distance = pdqHexDistance(fast.pdq, row.hashes.orig);
      const dihedral = Math.max(...DIHEDRAL_NAMES.map((n) => pdqHexDistance(fast.dihedral![n], row.hashes[n])));
      table.push(`${String(distance).padStart(3)} ${String(dihedral).padStart(3)}  q ${fast.quality}/${row.quality}  ${row.file}`);
      worst = Math.max(worst, distance);
      worstDihedral = Math.max(worstDihedral, dihedral);
      assert.ok(distance <= MAX_DECODED_DISTANCE, `${row.file}: fast hash ${distance} bits from the reference`);
      assert.ok(dihedral <= MAX_DECODED_DISTANCE, `${row.file}: a fast dihedral hash is ${dihedral} bits off`);
      assert.ok(Math.abs(fast.quality - row.quality) <= 5, `${row.file}: fast quality ${fast.quality}, reference ${row.quality}`);
      if (row.width <= 512 && row.height <= 512) {
        assert.deepEqual(fast, exact, `${row.file}: not resized by the reference, so fast mode is exact mode`);
      }
    }
    t.diagnostic(`fast mode: at most ${worst} bits from the reference (dihedral: ${worstDihedral})`);
    t.diagnostic(`fast: distance, worst dihedral distance, quality ours/reference, file:\n${table.join('\n')}`);
  });
});
