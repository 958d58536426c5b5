// The worker pool: same answers as hashing in place, failures kept to their item,
// a bounded queue, and the caller's bytes left alone.

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaDecodeError, hashImageBytes, isMediaDecodeError } from '../../src/detect/media/index.js';
import { decodeMemoryEstimate } from '../../src/detect/media/decode.js';
import { HashPool, HashPoolError } from '../../src/services/media/hash-pool.js';
import { jpeg, pattern, png } from '../detect/media/images.js';
import { enlarged, patternImage } from '../support/images.js';

describe('hash pool', () => {
  const pool = new HashPool({ size: 2 });
  after(() => pool.close());

  test('gives the same result as hashing in this thread, digests and dihedral included', async () => {
    const items = [await png(pattern(300, 200, 1)), await jpeg(pattern(640, 520, 2)), await png(pattern(64, 64, 3))];
    for (const bytes of items) {
      for (const dihedral of [false, true]) {
        assert.deepEqual(await pool.hashMedia(bytes, { dihedral }), await hashImageBytes(bytes, { dihedral }));
      }
    }
    const r = await pool.hashMedia(items[1]!, { dihedral: true });
    assert.equal(r.format, 'jpeg');
    assert.deepEqual([r.width, r.height], [640, 520]);
    assert.match(r.md5, /^[0-9a-f]{32}$/);
    assert.match(r.sha256, /^[0-9a-f]{64}$/);
    assert.equal(r.dihedral?.orig, r.pdq);
  });

  test('a batch with a bad item: only that item fails, with its code and digests', async () => {
    const good = await png(pattern(120, 90, 4));
    const batch = [good, Buffer.from('definitely not an image'), good.subarray(0, 60), good];
    const results = await Promise.allSettled(batch.map((b) => pool.hashMedia(b)));
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'rejected', 'fulfilled'],
    );
    const [, unknown, truncated] = results as PromiseRejectedResult[];
    assert.ok(unknown!.reason instanceof MediaDecodeError);
    assert.equal(unknown!.reason.code, 'unrecognised-format');
    assert.equal(unknown!.reason.digests?.md5.length, 32);
    assert.ok(truncated!.reason instanceof MediaDecodeError);
    assert.equal(truncated!.reason.code, 'corrupt');
    // The pool is still fine afterwards.
    assert.equal((await pool.hashMedia(good)).width, 120);
  });

  test("the caller's buffer is neither detached nor changed, even a view into a larger one", async () => {
    const bytes = await png(pattern(50, 40, 5));
    const backing = Buffer.concat([Buffer.from('prefix'), bytes, Buffer.from('suffix')]);
    const view = backing.subarray(6, 6 + bytes.length);
    const before = Buffer.from(backing);
    const r = await pool.hashMedia(view);
    assert.equal(r.width, 50);
    assert.equal(backing.byteLength, before.byteLength);
    assert.deepEqual(backing, before);
    assert.equal((await hashImageBytes(bytes)).md5, r.md5);
  });

  test('many items at once all come back, each with its own answer', async () => {
    const images = await Promise.all([6, 7, 8, 9, 10, 11].map((seed) => png(pattern(96, 72, seed))));
    const expected = await Promise.all(images.map((b) => hashImageBytes(b)));
    const got = await Promise.all(Array.from({ length: 30 }, (_, i) => pool.hashMedia(images[i % images.length]!)));
    got.forEach((r, i) => assert.equal(r.pdq, expected[i % images.length]!.pdq));
    assert.equal(pool.pending, 0);
  });

  test('refuses what is not bytes', async () => {
    await assert.rejects(pool.hashMedia('a string' as unknown as Uint8Array), TypeError);
  });
});

describe('hash pool limits', () => {
  // One small pool for both tests: each new pool starts a worker, which takes a moment.
  const small = new HashPool({ size: 1, inFlightPerWorker: 1, maxQueue: 1 });

  test('past the bounded queue an item is refused at once', async () => {
    const bytes = await png(pattern(80, 60, 12));
    const first = small.hashMedia(bytes);
    const second = small.hashMedia(bytes);
    await assert.rejects(small.hashMedia(bytes), (e: unknown) => e instanceof HashPoolError && e.code === 'queue-full');
    assert.equal((await first).pdq, (await second).pdq);
  });

  test('a closed pool refuses work, and close lets in-flight items finish', async () => {
    const bytes = await png(pattern(80, 60, 13));
    const running = small.hashMedia(bytes);
    const waiting = small.hashMedia(bytes);
    const closing = small.close();
    await assert.rejects(waiting, (e: unknown) => e instanceof HashPoolError && e.code === 'closed');
    await assert.rejects(small.hashMedia(bytes), (e: unknown) => e instanceof HashPoolError && e.code === 'closed');
    assert.equal((await running).width, 80);
    await closing;
  });

  test('bad settings are refused', () => {
    assert.throws(() => new HashPool({ size: 0 }), RangeError);
    assert.throws(() => new HashPool({ inFlightPerWorker: 1.5 }), RangeError);
    assert.throws(() => new HashPool({ maxQueue: -1 }), RangeError);
  });
});

describe('hash pool memory budget (issue 10, item 7)', () => {
  test("decodes wait for each other's memory, and one larger than the whole budget is refused with its digests", async () => {
    // A 600 × 500 RGB image holds 900,000 bytes of pixels (+ 1 MiB of overhead) when decoded.
    const one = decodeMemoryEstimate({ width: 600, height: 500, channels: 3, bytesPerSample: 1 });
    const pool = new HashPool({ size: 3, decodeMemoryBytes: one + 1000 });
    try {
      const images = await Promise.all([21, 22, 23, 24, 25, 26].map((seed) => png(pattern(600, 500, seed))));
      const expected = await Promise.all(images.map((b) => hashImageBytes(b)));
      let most = 0;
      let sawWaiting = false;
      const watch = setInterval(() => {
        most = Math.max(most, pool.decodeMemory.granted);
        sawWaiting ||= pool.decodeMemory.waiting > 0;
      }, 1);
      const got = await Promise.all(images.map((b) => pool.hashMedia(b)));
      clearInterval(watch);
      got.forEach((r, i) => assert.equal(r.pdq, expected[i]!.pdq));
      assert.ok(most <= pool.decodeMemory.budget, `granted ${most} of ${pool.decodeMemory.budget}`);
      assert.equal(pool.decodeMemory.granted, 0);
      assert.ok(sawWaiting, 'with three workers and room for one decode, some decodes waited');
      const big = await png(pattern(700, 600, 27));
      await assert.rejects(pool.hashMedia(big), (e: unknown) => {
        assert.ok(isMediaDecodeError(e) && e.code === 'too-many-pixels', String(e));
        assert.match(e.message, /decode memory budget/);
        assert.equal(e.digests?.sha256, createHash('sha256').update(big).digest('hex'));
        return true;
      });
      // The budget is whole again after the refusal.
      assert.equal((await pool.hashMedia(images[0]!)).pdq, expected[0]!.pdq);
    } finally {
      await pool.close();
    }
  });

  test('a JPEG over the pixel cap is decoded shrunk within a budget that its full decode would not fit', async () => {
    // 9000 × 7000 (63 MP) against the default 50 MP cap: decoded at 1/2 (4500 × 3500), then 3000 × 2333.
    const huge = await enlarged(await patternImage(3, 1800, 1400, 'jpeg'), 9000, 7000);
    const shrunk = decodeMemoryEstimate({ width: 9000, height: 7000, channels: 3, bytesPerSample: 1, target: { width: 3000, height: 2333 }, shrink: 2 });
    const full = decodeMemoryEstimate({ width: 9000, height: 7000, channels: 3, bytesPerSample: 1 });
    const budget = 96 * 1024 * 1024;
    assert.ok(shrunk < budget && full > budget, `${shrunk} / ${full}`);
    const pool = new HashPool({ size: 1, decodeMemoryBytes: budget });
    try {
      let most = 0;
      const watch = setInterval(() => (most = Math.max(most, pool.decodeMemory.granted)), 1);
      const r = await pool.hashMedia(huge, { dihedral: true });
      clearInterval(watch);
      assert.deepEqual(r.decodedAt, { width: 3000, height: 2333, shrink: 2, toFitCap: true });
      assert.deepEqual([r.width, r.height], [9000, 7000]);
      assert.equal(most, shrunk, "the pool granted the shrunk decode's estimate");
      assert.equal(pool.decodeMemory.granted, 0);
      assert.equal(r.pdq, (await hashImageBytes(huge)).pdq);
    } finally {
      await pool.close();
    }
  });

  test('an item given as a file is read when a worker takes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-pool-'));
    const pool = new HashPool({ size: 1 });
    try {
      const bytes = await png(pattern(120, 90, 28));
      const path = join(dir, 'upload.tmp');
      writeFileSync(path, bytes);
      assert.equal((await pool.hashMedia({ path })).pdq, (await hashImageBytes(bytes)).pdq);
      await assert.rejects(pool.hashMedia({ path: join(dir, 'missing.tmp') }), /ENOENT/);
      assert.equal(pool.pending, 0);
    } finally {
      await pool.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
