// vPDQ agreement with Meta's reference on every fixture clip (../shared/fixtures/vpdq):
// frames hashed through the video hasher (worker thread, ffmpeg subprocess, vigie's PDQ)
// against the reference's hashes, with upstream's own tolerance (regtest.py: every frame
// pair of quality ≥ 50 within distance < 31), and bit for bit against the hashes the
// reference made with the same FFmpeg build as Debian 12's; then the match matrix of the
// clips, from vigie's own hashes, against the reference's.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { formatFrameLine, parseFrameLines, pdqHexDistance, printfFixed, vpdqPercents, type VpdqFrame } from '../../../src/match/index.js';
import { sniffVideo } from '../../../src/detect/media/video-format.js';
import { VideoHasher } from '../../../src/services/media/video/video-hasher.js';
import { sharedDir, sharedPath, skipWithoutShared } from '../../support/shared.js';
import { skipWithoutFfmpeg } from '../../support/ffmpeg.js';

const skip = skipWithoutShared() || skipWithoutFfmpeg();
const ffmpegVersion = skip ? '' : (spawnSync('ffmpeg', ['-version'], { encoding: 'utf8' }).stdout.split('\n')[0] ?? '');
/** The reference hashes in local-ffmpeg-5.1.9/ were made against this FFmpeg release. */
const sameFfmpegAsReference = /^ffmpeg version 5\.1\.9\b/.test(ffmpegVersion);

/** upstream's match-hashes-byline: the share of frame pairs, both of quality ≥ 50, within distance < 31. */
function byline(a: VpdqFrame[], b: VpdqFrame[]): number {
  assert.equal(a.length, b.length, 'as many frames as the reference');
  let compared = 0;
  let close = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.quality < 50 || b[i]!.quality < 50) continue;
    compared++;
    if (pdqHexDistance(a[i]!.hash, b[i]!.hash) < 31) close++;
  }
  return compared === 0 ? 100 : (close * 100) / compared;
}

describe('vPDQ agreement with the reference', { skip }, () => {
  const clips = sharedDir
    ? readdirSync(sharedPath('fixtures/vpdq/videos'))
        .filter((f) => f.endsWith('.mp4'))
        .map((f) => f.slice(0, -4))
        .sort()
    : [];
  const hasher = new VideoHasher({ concurrency: 2 });
  const ours = new Map<string, VpdqFrame[]>();
  after(() => hasher.close());

  test('every clip is here', () => assert.equal(clips.length, 9));

  for (const clip of clips) {
    test(clip, async () => {
      const path = sharedPath('fixtures/vpdq/videos', `${clip}.mp4`);
      const container = sniffVideo(readFileSync(path).subarray(0, 64));
      assert.equal(container, 'mp4');
      const { frames } = await hasher.hashVideo({ path }, container!);
      ours.set(clip, frames);
      const upstream = parseFrameLines(readFileSync(sharedPath('fixtures/vpdq/expected/upstream-sample-hashes', `${clip}.txt`), 'utf8'));
      const local = readFileSync(sharedPath('fixtures/vpdq/expected/local-ffmpeg-5.1.9', `${clip}.txt`), 'utf8');
      assert.equal(byline(frames, upstream), 100, 'within the reference tolerance of upstream’s hashes');
      assert.equal(byline(frames, parseFrameLines(local)), 100, 'within the reference tolerance of the local reference build');
      if (sameFfmpegAsReference) {
        assert.equal(frames.map((f) => `${formatFrameLine(f as Required<VpdqFrame>)}\n`).join(''), local, 'byte for byte the reference tool’s output');
      }
    });
  }

  test('the match matrix from vigie’s hashes gives the reference’s decisions', () => {
    const csv = readFileSync(sharedPath('fixtures/vpdq/expected/brute-match-matrix.csv'), 'utf8').trim().split('\n').slice(1);
    let exact = 0;
    for (const row of csv) {
      const [q, t, , , pq, pc] = row.split(',');
      const r = vpdqPercents(ours.get(q!.slice(0, -4))!, ours.get(t!.slice(0, -4))!);
      const got = [printfFixed(r.queryMatchPercent, 2), printfFixed(r.comparedMatchPercent, 2)];
      if (got[0] === pq && got[1] === pc) exact++;
      // vigie's default rule: 80 % of the banked (compared) video, 0 % of the upload.
      assert.equal(r.comparedMatchPercent >= 80, Number(pc) >= 80, `${q} against ${t}: ${got.join(' / ')} vs ${pq} / ${pc}`);
    }
    process.stdout.write(`# matrix from vigie's hashes: ${exact} of ${csv.length} pairs equal to the printed decimals\n`);
  });
});
