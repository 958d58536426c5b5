// `vigie hash --video`, run as a user runs it: the reference tool's frame lines, or the
// one-line bank value, for a clip the test generates.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFrameLines } from '../../src/match/index.js';
import { parseHashLines } from '../../src/match/formats/hash-lines.js';
import { makeClip, skipWithoutFfmpeg } from '../support/ffmpeg.js';
import { cliArgs } from '../support/server-process.js';

const vigie = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'hash', ...args], { encoding: 'utf8' });

describe('vigie hash --video', { skip: skipWithoutFfmpeg() }, () => {
  let dir = '';
  let clip = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-hash-video-'));
    clip = join(dir, 'clip, named oddly.mp4');
    makeClip(clip, { seconds: 2, size: '64x48' });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('prints one frameNumber,quality,pdq,timestamp line per frame; --bank-value the line a bank keeps', () => {
    const run = vigie('--video', clip);
    assert.equal(run.status, 0, run.stderr);
    const frames = parseFrameLines(run.stdout);
    assert.equal(frames.length, 20);
    assert.deepEqual(
      frames.slice(0, 2).map((f) => [f.frameNumber, f.timestamp]),
      [
        [0, 0],
        [1, 0.1],
      ],
    );
    assert.match(run.stdout.split('\n')[1]!, /^1,\d+,[0-9a-f]{64},0\.100$/);
    const sampled = vigie('--video', '--seconds-per-hash', '1', clip);
    assert.deepEqual(
      parseFrameLines(sampled.stdout).map((f) => f.frameNumber),
      [0, 10],
    );
    const value = vigie('--video', '--bank-value', clip);
    assert.equal(value.status, 0, value.stderr);
    const parsed = parseHashLines(value.stdout, 'vpdq');
    assert.deepEqual(parsed.issues, []);
    assert.equal(parsed.entries.length, 1);
  });

  test('refuses what is not a video, a missing file, and more than one file, with exit status 1', () => {
    const text = join(dir, 'notes.mp4');
    writeFileSync(text, 'not a video, whatever its name says');
    const notVideo = vigie('--video', text);
    assert.equal(notVideo.status, 1);
    assert.match(notVideo.stderr, /not a video vigie reads/);
    const missing = vigie('--video', join(dir, 'absent.mp4'));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no such file/);
    const two = vigie('--video', clip, clip);
    assert.notEqual(two.status, 0);
    assert.match(two.stderr, /exactly one file/);
  });
});

describe('vigie scan with videos', { skip: skipWithoutFfmpeg() }, () => {
  test('a vPDQ bank made with vigie hash --video --bank-value finds the clip in a folder, and a PDQ bank one of its frames', { timeout: 120_000 }, () => {
    const data = mkdtempSync(join(tmpdir(), 'vigie-scan-video-'));
    try {
      const dir = join(data, 'uploads');
      mkdirSync(dir);
      const clip = join(dir, 'clip.mp4');
      makeClip(clip, { seconds: 2, size: '96x64' });
      makeClip(join(dir, 'other.mp4'), { seconds: 2, size: '96x64', source: 'mandelbrot' });
      writeFileSync(join(dir, 'notes.txt'), 'plain text');
      const cli = (...args: string[]) =>
        spawnSync(process.execPath, cliArgs(...args, '--data', data), { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
      const list = join(data, 'videos.txt');
      writeFileSync(list, vigie('--video', '--bank-value', clip).stdout);
      assert.equal(cli('bank', 'import', '--name', 'videos', '--hash-type', 'vpdq', '--verified', list).status, 0);
      const scanned = cli('scan', dir, '--bank', 'videos');
      assert.equal(scanned.status, 0, scanned.stderr);
      const rows = scanned.stdout.trim().split('\n');
      assert.equal(rows.length, 2, scanned.stdout);
      assert.ok(rows[1]!.startsWith(`${clip},videos,vpdq,0,orig,`), rows[1]);

      const frame = parseFrameLines(vigie('--video', clip).stdout).find((f) => f.quality >= 50)!;
      writeFileSync(join(data, 'frames.txt'), `${frame.hash}\n`);
      assert.equal(cli('bank', 'import', '--name', 'frames', '--hash-type', 'pdq', join(data, 'frames.txt')).status, 0);
      const byFrame = cli('scan', dir, '--bank', 'frames');
      assert.equal(byFrame.status, 0, byFrame.stderr);
      assert.match(byFrame.stdout, new RegExp(`^${clip.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},frames,pdq,0,orig,`, 'm'));
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
