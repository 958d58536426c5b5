// Which video container some bytes hold, from their signature only: the uploader picks
// the file name and the declared type, so neither is read. Only the containers vigie
// hands to ffmpeg are named, and each with the one demuxer ffmpeg must use for it, so a
// file cannot steer ffmpeg to another demuxer (a playlist that fetches URLs, a concat
// list that reads other files).
import { sniffFormat } from './format.js';

export type VideoContainer = 'mp4' | 'matroska';

/** ffmpeg's demuxer for each container (mov reads MP4, QuickTime and 3GP; matroska reads WebM). */
export const VIDEO_DEMUXERS: Record<VideoContainer, string> = { mp4: 'mov', matroska: 'matroska' };

export function sniffVideo(b: Uint8Array): VideoContainer | undefined {
  // An ISO file whose brands say image (AVIF, HEIF) is an image.
  if (b.length >= 12 && b[4] === 0x66 && b[5] === 0x74 && b[6] === 0x79 && b[7] === 0x70 && sniffFormat(b) === undefined) return 'mp4';
  if (b.length >= 4 && b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return 'matroska';
  return undefined;
}
