// What ffprobe says of a video before any frame is decoded: its first video stream's size
// and frame rate (as the reference reads them: the average rate, else the base rate) and
// its duration, so that an over-long video or an over-large frame is refused up front.
import { VIDEO_DEMUXERS, type VideoContainer } from '../../../detect/media/video-format.js';
import { runBounded, type ProcessLimits } from './bounded-process.js';
import { VideoError } from './video-error.js';

export interface VideoInfo {
  width: number;
  height: number;
  framesPerSecond: number;
  /** Seconds, from the stream or else the container; null when neither says. */
  durationSeconds: number | null;
  codec: string;
}

/** ffmpeg's options that make it read only `path`, with the demuxer of the sniffed container. */
export function inputArgs(path: string, container: VideoContainer): string[] {
  return ['-protocol_whitelist', 'file', '-f', VIDEO_DEMUXERS[container], '-i', `file:${path}`];
}

export async function probeVideo(ffprobe: string, path: string, container: VideoContainer, limits: Omit<ProcessLimits, 'maxOutputBytes'>): Promise<VideoInfo> {
  const chunks: Buffer[] = [];
  const args = [
    '-v',
    'error',
    ...inputArgs(path, container),
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=codec_name,width,height,avg_frame_rate,r_frame_rate,duration:format=duration',
    '-of',
    'json',
  ];
  const run = runBounded(ffprobe, args, { ...limits, maxOutputBytes: 64 * 1024 }, (c) => chunks.push(Buffer.from(c)));
  const end = await run.ended;
  if (end.kind === 'failed') throw new VideoError('no-ffmpeg', `${ffprobe} could not run: ${end.message}`);
  if (end.kind !== 'exited') throw new VideoError('over-limits', `${ffprobe} was stopped (${end.kind})`);
  // 127: the shell found no such command.
  if (end.code === 127) throw new VideoError('no-ffmpeg', `${ffprobe} is not installed (apt-get install ffmpeg)`);
  if (end.code !== 0) throw new VideoError('undecodable', `not a readable video: ${firstLine(end.stderr)}`);
  let parsed: { streams?: Record<string, unknown>[]; format?: Record<string, unknown> };
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof parsed;
  } catch {
    throw new VideoError('undecodable', `${ffprobe} printed something that is not JSON`);
  }
  const s = parsed.streams?.[0];
  if (!s) throw new VideoError('undecodable', 'the file has no video stream');
  const width = Number(s.width);
  const height = Number(s.height);
  if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || width < 1 || height < 1)
    throw new VideoError('undecodable', 'the video stream has no frame size');
  const fps = rate(s.avg_frame_rate) ?? rate(s.r_frame_rate);
  if (fps === undefined) throw new VideoError('undecodable', 'the video stream has no frame rate');
  const duration = seconds(s.duration) ?? seconds(parsed.format?.duration);
  return { width, height, framesPerSecond: fps, durationSeconds: duration, codec: typeof s.codec_name === 'string' ? s.codec_name : 'unknown' };
}

function rate(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const [num, den] = v.split('/').map(Number);
  if (!num || !den || !Number.isFinite(num / den) || num / den <= 0) return undefined;
  return num / den;
}

function seconds(v: unknown): number | null {
  const n = typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : null;
}

function firstLine(s: string): string {
  return (
    s
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim()
      .slice(0, 200) ?? 'ffprobe gave no reason'
  );
}
