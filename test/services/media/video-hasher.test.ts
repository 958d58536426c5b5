// The video hasher's bounds: caps refused before decoding, a file ffmpeg cannot read, a
// full queue, a subprocess over its time, and inline bytes that leave no temporary file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VideoHasher } from '../../../src/services/media/video/video-hasher.js';
import { isVideoError } from '../../../src/services/media/video/video-error.js';
import { sniffVideo } from '../../../src/detect/media/video-format.js';
import { HashPoolError } from '../../../src/services/media/hash-pool.js';
import { makeClip, skipWithoutFfmpeg } from '../../support/ffmpeg.js';

const skip = skipWithoutFfmpeg();

const rejectsWith = (code: string) => (e: unknown) => isVideoError(e) && e.code === code;

describe('sniffing a video container', () => {
  test('MP4 and Matroska by their bytes; AVIF and HEIF stay images; anything else is not a video', () => {
    const box = (brand: string) => Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from(`ftyp${brand}`), Buffer.alloc(12)]);
    assert.equal(sniffVideo(box('isom')), 'mp4');
    assert.equal(sniffVideo(box('qt  ')), 'mp4');
    assert.equal(sniffVideo(box('avif')), undefined);
    assert.equal(sniffVideo(box('heic')), undefined);
    assert.equal(sniffVideo(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 1])), 'matroska');
    assert.equal(sniffVideo(Buffer.from('#EXTM3U\nhttp://example.test/a.ts\n')), undefined);
  });
});

describe('the video hasher', { skip }, () => {
  let dir = '';
  let clip = Buffer.alloc(0);
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-video-hasher-'));
    makeClip(join(dir, 'clip.mp4'), { seconds: 3, size: '96x64' });
    clip = readFileSync(join(dir, 'clip.mp4'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('hashes inline bytes through a temporary file it removes, sampling one frame a second when asked', async () => {
    const before = readdirSync(tmpdir()).filter((n) => n.startsWith('vigie-video-') && !n.startsWith('vigie-video-hasher')).length;
    const every = new VideoHasher();
    const sampled = new VideoHasher({ video: { secondsPerHash: 1 } });
    try {
      const all = await every.hashVideo(clip, 'mp4');
      assert.equal(all.frames.length, 30);
      assert.deepEqual(all.info, { width: 96, height: 64, framesPerSecond: 10, durationSeconds: 3, codec: 'mpeg4' });
      const one = await sampled.hashVideo(clip, 'mp4');
      assert.deepEqual(
        one.frames.map((f) => [f.frameNumber, f.timestamp]),
        [
          [0, 0],
          [10, 1],
          [20, 2],
        ],
      );
      assert.deepEqual(
        one.frames.map((f) => f.hash),
        [0, 10, 20].map((n) => all.frames[n]!.hash),
      );
    } finally {
      await every.close();
      await sampled.close();
    }
    const left = readdirSync(tmpdir()).filter((n) => n.startsWith('vigie-video-') && !n.startsWith('vigie-video-hasher')).length;
    assert.ok(left <= before, 'no temporary file left behind');
  });

  test('refuses an over-long video or over-large frames before decoding, and says why', async () => {
    const h = new VideoHasher({ video: { maxSeconds: 2 } });
    const p = new VideoHasher({ video: { maxFramePixels: 96 * 63 } });
    try {
      await assert.rejects(h.probeVideo({ path: join(dir, 'clip.mp4') }, 'mp4'), rejectsWith('too-long'));
      await assert.rejects(h.hashVideo({ path: join(dir, 'clip.mp4') }, 'mp4'), rejectsWith('too-long'));
      await assert.rejects(p.hashVideo(clip, 'mp4'), rejectsWith('frame-too-large'));
    } finally {
      await h.close();
      await p.close();
    }
  });

  test('bytes ffmpeg cannot read are undecodable; a missing ffmpeg says so; a full queue refuses at once', async () => {
    const h = new VideoHasher({ maxQueue: 0 });
    const missing = new VideoHasher({ video: { ffprobe: '/nonexistent/ffprobe' } });
    try {
      const fake = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(256, 7)]);
      await assert.rejects(h.hashVideo(fake, 'mp4'), rejectsWith('undecodable'));
      const first = h.hashVideo(clip, 'mp4');
      await new Promise((r) => setTimeout(r, 50));
      await assert.rejects(h.hashVideo(clip, 'mp4'), (e: unknown) => e instanceof HashPoolError && e.code === 'queue-full');
      await first;
      await assert.rejects(missing.hashVideo(clip, 'mp4'), rejectsWith('no-ffmpeg'));
    } finally {
      await h.close();
      await missing.close();
    }
  });

  test('a subprocess over its time is killed', async () => {
    const h = new VideoHasher({ video: { timeoutMs: 1 } });
    try {
      await assert.rejects(h.hashVideo(clip, 'mp4'), rejectsWith('over-limits'));
    } finally {
      await h.close();
    }
  });
});
