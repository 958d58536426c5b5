// Previews for reviewers, made on the server so that unblurred pixels never reach a browser
// that did not ask to reveal them: an image scaled to at most 512 pixels, blurred and (as
// the reviewer's settings say) greyscale, as WebP; a video's first frame, treated the same.
// A revealed image is scaled to at most 2048 pixels, unblurred, greyscale as the settings
// say. Decoding is bounded like ingest's (the pixel cap; ffmpeg under its limits).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { sniffVideo, VIDEO_DEMUXERS } from '../../detect/media/video-format.js';
import { runBounded } from './video/bounded-process.js';
import { unprocessable } from '../errors.js';

export const PREVIEW_EDGE = 512;
export const REVEALED_EDGE = 2048;

export interface PreviewLimits {
  /** Largest image decoded, in pixels (VIGIE_MAX_PIXELS). */
  maxPixels: number;
  ffmpeg: string;
  ffmpegMemoryBytes: number;
  ffmpegTimeoutMs: number;
}

export interface Look {
  /** 0: no blur (a revealed item only). */
  blurSigma: number;
  greyscale: boolean;
  edge: number;
}

export interface Picture {
  bytes: Buffer;
  type: 'image/webp';
}

/** A still of the item as the look says: the image itself, or a video's first frame. */
export async function picture(bytes: Uint8Array, look: Look, limits: PreviewLimits): Promise<Picture> {
  const container = sniffVideo(bytes.subarray(0, 4096));
  const still = container ? await firstFrame(bytes, container, limits) : bytes;
  try {
    let img = sharp(still, { limitInputPixels: limits.maxPixels, animated: false, failOn: 'error' })
      .rotate()
      .resize(look.edge, look.edge, { fit: 'inside', withoutEnlargement: true });
    if (look.blurSigma > 0) img = img.blur(look.blurSigma);
    if (look.greyscale) img = img.greyscale();
    return { bytes: await img.webp({ quality: 75 }).toBuffer(), type: 'image/webp' };
  } catch (err) {
    throw unprocessable(`no preview can be made of this item: ${err instanceof Error ? err.message.slice(0, 200) : 'it does not decode'}`);
  }
}

/** The video's first frame as PNG; the bytes go to a private temporary file for ffmpeg and are deleted after. */
async function firstFrame(bytes: Uint8Array, container: keyof typeof VIDEO_DEMUXERS, limits: PreviewLimits): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'vigie-poster-'));
  const path = join(dir, 'item');
  try {
    await writeFile(path, bytes, { mode: 0o600 });
    const chunks: Buffer[] = [];
    const args = [
      '-nostdin',
      '-hide_banner',
      '-v',
      'error',
      '-protocol_whitelist',
      'file',
      '-f',
      VIDEO_DEMUXERS[container],
      '-i',
      `file:${path}`,
      '-map',
      '0:v:0',
      '-an',
      '-sn',
      '-dn',
      '-frames:v',
      '1',
      '-f',
      'image2pipe',
      '-c:v',
      'png',
      'pipe:1',
    ];
    const run = runBounded(
      limits.ffmpeg,
      args,
      { memoryBytes: limits.ffmpegMemoryBytes, timeoutMs: limits.ffmpegTimeoutMs, maxOutputBytes: 64 * 1024 * 1024 },
      (c) => chunks.push(Buffer.from(c)),
    );
    const end = await run.ended;
    if (end.kind !== 'exited' || end.code !== 0 || chunks.length === 0) throw unprocessable('no frame of this video can be shown');
    return Buffer.concat(chunks);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
