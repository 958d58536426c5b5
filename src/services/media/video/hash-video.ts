// One video file to its vPDQ frame hashes: ffprobe reads its size, rate and duration (and
// the caps are checked before anything is decoded), then ffmpeg decodes the first video
// stream to RGB24 as the reference does (every decoded frame in decode order, no frame
// dropped or repeated, no auto-rotation, swscale's area filter) and each sampled frame is
// PDQ-hashed as it arrives. This blocks its thread while hashing: run it in a worker.
import type { VideoContainer } from '../../../detect/media/video-format.js';
import { VpdqFrameHasher, frameStep, type VpdqFrame } from '../../../detect/media/vpdq/index.js';
import { runBounded } from './bounded-process.js';
import { inputArgs, probeVideo, type VideoInfo } from './probe-video.js';
import { VideoError } from './video-error.js';

export interface VideoHashOptions {
  ffmpeg: string;
  ffprobe: string;
  /** Longest video hashed, in seconds. */
  maxSeconds: number;
  /** Largest frame, in pixels. */
  maxFramePixels: number;
  /** One frame hashed every this many seconds; 0 hashes every frame (the reference's default). */
  secondsPerHash: number;
  /** Address space of each ffmpeg process, in bytes. */
  memoryBytes: number;
  /** Wall-clock time of each ffmpeg process, in milliseconds. */
  timeoutMs: number;
  /** Decoder threads of each ffmpeg process. */
  threads: number;
}

export interface VideoHashes {
  frames: Required<VpdqFrame>[];
  info: VideoInfo;
}

export async function hashVideoFile(path: string, container: VideoContainer, o: VideoHashOptions): Promise<VideoHashes> {
  const info = await probeWithinCaps(path, container, o);
  const step = frameStep(info.framesPerSecond, o.secondsPerHash);
  // Frames the cap allows, whatever the container claimed: a file that lies about its
  // duration is stopped when it passes them.
  const maxFrames = Math.ceil((o.maxSeconds * info.framesPerSecond) / step) + 1;
  const frameBytes = info.width * info.height * 3;
  const args = [
    '-nostdin',
    '-hide_banner',
    '-v',
    'error',
    '-threads',
    String(o.threads),
    '-noautorotate',
    ...inputArgs(path, container),
    '-map',
    '0:v:0',
    '-an',
    '-sn',
    '-dn',
    '-fps_mode',
    'passthrough',
    ...(step > 1 ? ['-vf', `select=not(mod(n\\,${step}))`] : []),
    '-frames:v',
    String(maxFrames + 1),
    '-sws_flags',
    'area',
    '-s',
    `${info.width}x${info.height}`,
    '-pix_fmt',
    'rgb24',
    '-f',
    'rawvideo',
    'pipe:1',
  ];
  const hasher = new VpdqFrameHasher(info.width, info.height, info.framesPerSecond);
  const frames: Required<VpdqFrame>[] = [];
  const frame = new Uint8Array(frameBytes);
  let filled = 0;
  const run = runBounded(o.ffmpeg, args, { memoryBytes: o.memoryBytes, timeoutMs: o.timeoutMs, maxOutputBytes: (maxFrames + 1) * frameBytes }, (chunk) => {
    let at = 0;
    while (at < chunk.length) {
      const n = Math.min(frameBytes - filled, chunk.length - at);
      frame.set(chunk.subarray(at, at + n), filled);
      filled += n;
      at += n;
      if (filled === frameBytes) {
        filled = 0;
        if (frames.length === maxFrames) return run.stop();
        frames.push(hasher.hashFrame(frame, frames.length * step));
      }
    }
  });
  const end = await run.ended;
  if (end.kind === 'stopped' || frames.length >= maxFrames) {
    throw new VideoError('too-long', `the video has more frames than ${o.maxSeconds} s at ${info.framesPerSecond.toFixed(3)} frames/s`);
  }
  if (end.kind === 'failed') throw new VideoError('no-ffmpeg', `${o.ffmpeg} could not run: ${end.message}`);
  if (end.kind !== 'exited') throw new VideoError('over-limits', `${o.ffmpeg} was stopped (${end.kind}): ${firstLine(end.stderr)}`);
  if (end.code === 127) throw new VideoError('no-ffmpeg', `${o.ffmpeg} is not installed (apt-get install ffmpeg)`);
  // A file broken part way gives the frames before the break: they are kept, for matching.
  if (end.code !== 0 && frames.length === 0) throw new VideoError('undecodable', `not a decodable video: ${firstLine(end.stderr)}`);
  if (frames.length === 0) throw new VideoError('undecodable', 'the video has no frame');
  return { frames, info };
}

/** ffprobe's view of the video, refused when it is over the duration or frame cap. */
export async function probeWithinCaps(path: string, container: VideoContainer, o: VideoHashOptions): Promise<VideoInfo> {
  const info = await probeVideo(o.ffprobe, path, container, { memoryBytes: o.memoryBytes, timeoutMs: o.timeoutMs });
  if (info.durationSeconds !== null && info.durationSeconds > o.maxSeconds) {
    throw new VideoError('too-long', `the video lasts ${info.durationSeconds.toFixed(1)} s, more than the ${o.maxSeconds} s accepted`);
  }
  if (info.width * info.height > o.maxFramePixels) {
    throw new VideoError('frame-too-large', `frames of ${info.width}×${info.height} are more than the ${o.maxFramePixels} pixels accepted`);
  }
  return info;
}

function firstLine(s: string): string {
  return (
    s
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim()
      .slice(0, 200) ?? 'no reason given'
  );
}
