// Throughput of vPDQ hashing on the fixture clips (../shared/fixtures/vpdq/videos): frames
// per second and videos per second, through the video hasher as ingest runs it (a worker
// thread per video running ffmpeg as a subprocess and vigie's PDQ on every frame), one
// video at a time and one per core; then, on the same clips in the same run, Meta's
// reference `vpdq-hash-video` when a build of it is found ($VPDQ_REFERENCE, or
// /tmp/vpdq-ref/vpdq/cpp/build/apps/vpdq-hash-video), single-threaded and with its
// default thread count. Every frame is hashed (seconds per hash 0, the reference's default).
// Prints one JSON line per run, with the CPU time per frame of this process and its children.
// Run: npm run bench:vpdq [-- --rounds N]

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sniffVideo } from '../src/detect/media/video-format.js';
import { VideoHasher } from '../src/services/media/video/video-hasher.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '1' } } });
const rounds = Number(values.rounds);
if (!Number.isSafeInteger(rounds) || rounds < 1) {
  process.stderr.write('usage: bench/vpdq.ts [--rounds N]\n');
  process.exit(2);
}

const shared = process.env.VIGIE_SHARED ?? resolve(process.cwd(), '..', 'shared');
const videos = join(shared, 'fixtures', 'vpdq', 'videos');
if (!existsSync(videos)) {
  process.stderr.write(`bench:vpdq needs the vPDQ fixtures at ${videos} (set VIGIE_SHARED)\n`);
  process.exit(2);
}
const clips = readdirSync(videos)
  .filter((f) => f.endsWith('.mp4'))
  .sort()
  .map((f) => join(videos, f));

const cores = availableParallelism();
const common = {
  clips: clips.length,
  rounds,
  cores,
  cpu: cpus()[0]?.model ?? 'unknown',
  ffmpeg: firstLine(execFileSync('ffmpeg', ['-version'], { encoding: 'utf8' })),
};

function firstLine(s: string): string {
  return s.split('\n')[0] ?? '';
}

/** CPU seconds of this process and of its ended children so far. */
function cpuSeconds(): number {
  const self = process.cpuUsage();
  return (self.user + self.system) / 1e6 + childrenCpu();
}

function childrenCpu(): number {
  // /proc/self/stat fields 16 and 17: CPU of waited-for children, in clock ticks.
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return NaN;
  }
}

function report(run: Record<string, unknown>, frames: number, seconds: number, cpu: number): void {
  const line = {
    ...run,
    framesPerSecond: Number((frames / seconds).toFixed(1)),
    videosPerSecond: Number(((clips.length * rounds) / seconds).toFixed(3)),
    frames,
    seconds: Number(seconds.toFixed(2)),
    cpuMsPerFrame: Number(((cpu * 1000) / frames).toFixed(2)),
    load: loadavg().map((l) => Number(l.toFixed(2))),
    ...common,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

for (const concurrency of [1, cores]) {
  const hasher = new VideoHasher({ concurrency, video: { secondsPerHash: 0 } });
  // One clip first, so that the worker thread's start is not counted.
  await hasher.hashVideo({ path: clips[0]! }, 'mp4');
  const cpu0 = cpuSeconds();
  const t0 = performance.now();
  let frames = 0;
  for (let r = 0; r < rounds; r++) {
    const results = await Promise.all(clips.map((path) => hasher.hashVideo({ path }, sniffVideo(readFileSync(path).subarray(0, 64))!)));
    frames += results.reduce((n, x) => n + x.frames.length, 0);
  }
  const seconds = (performance.now() - t0) / 1000;
  await hasher.close();
  report({ implementation: 'vigie', videosAtOnce: concurrency, ffmpegThreads: 1 }, frames, seconds, cpuSeconds() - cpu0);
}

const reference = process.env.VPDQ_REFERENCE ?? '/tmp/vpdq-ref/vpdq/cpp/build/apps/vpdq-hash-video';
if (!existsSync(reference)) {
  process.stdout.write(`${JSON.stringify({ implementation: 'reference', skipped: `no vpdq-hash-video at ${reference} (set VPDQ_REFERENCE)` })}\n`);
} else {
  const out = mkdtempSync(join(tmpdir(), 'vigie-bench-vpdq-'));
  try {
    for (const threads of [1, 0]) {
      const cpu0 = cpuSeconds();
      const t0 = performance.now();
      let frames = 0;
      for (let r = 0; r < rounds; r++) {
        for (const path of clips) {
          const file = join(out, 'hashes.txt');
          const run = spawnSync(reference, ['-i', path, '-o', file, '-r', '0', '-t', String(threads)], { stdio: ['ignore', 'ignore', 'pipe'] });
          if (run.status !== 0) throw new Error(`${reference} failed on ${path}: ${run.stderr?.toString()}`);
          frames += readFileSync(file, 'utf8').trim().split('\n').length;
        }
      }
      const seconds = (performance.now() - t0) / 1000;
      report(
        { implementation: 'reference', binary: reference, videosAtOnce: 1, hashThreads: threads === 0 ? 'default (all cores)' : threads },
        frames,
        seconds,
        cpuSeconds() - cpu0,
      );
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
