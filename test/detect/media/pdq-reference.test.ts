// Agreement with Meta's reference C++ pdq-photo-hasher on the shared test vectors.
// PNM inputs take decoding out of the comparison, so they must match bit for bit.
// Other images go through our decoder (sharp) against the reference's (ImageMagick).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  DIHEDRAL_NAMES,
  PdqHasher,
  decodeImage,
  hashImageBytes,
  pdqHexDistance,
  pdqToHex,
} from '../../../src/detect/media/index.js';
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
});
