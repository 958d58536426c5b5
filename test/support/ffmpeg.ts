// Whether Debian's ffmpeg (and ffprobe) are on PATH. Tests that decode video skip with a
// clear message without them on a developer's machine, and fail when CI is set (.ci/run
// installs them).
import { spawnSync } from 'node:child_process';

const found = ['ffmpeg', 'ffprobe'].every((tool) => spawnSync(tool, ['-version'], { stdio: 'ignore' }).status === 0);

export const hasFfmpeg = found;

/** Value for node:test's `skip` option: false when ffmpeg is present, a reason otherwise. */
export function skipWithoutFfmpeg(): false | string {
  if (found) return false;
  if (process.env.CI) throw new Error('CI is set but ffmpeg/ffprobe are not on PATH (.ci/run installs them)');
  return 'ffmpeg/ffprobe not found on PATH (apt-get install ffmpeg); skipped';
}

/** Writes a short benign test clip (generated frames: a moving test pattern) to `path` as MP4. */
export function makeClip(path: string, options: { seconds?: number; size?: string; source?: string } = {}): void {
  const r = spawnSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `${options.source ?? 'testsrc2'}=size=${options.size ?? '320x240'}:rate=10`,
      '-t',
      String(options.seconds ?? 2),
      '-pix_fmt',
      'yuv420p',
      '-c:v',
      'mpeg4',
      '-q:v',
      '3',
      path,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  if (r.status !== 0) throw new Error(`ffmpeg could not make a test clip: ${r.stderr?.toString()}`);
}
