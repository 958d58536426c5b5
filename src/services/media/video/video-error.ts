// The one error hashing a video ends in; the code says what a caller does with it.

export type VideoErrorCode =
  /** The bytes are not a container vigie hands to ffmpeg (MP4/QuickTime, Matroska/WebM). */
  | 'not-a-video'
  /** Longer than the duration cap (from the container, or more frames than the cap allows). */
  | 'too-long'
  /** Frames larger than the pixel cap. */
  | 'frame-too-large'
  /** ffmpeg could not read it: no video stream, a broken file, an unknown codec. */
  | 'undecodable'
  /** ffmpeg ran out of time or memory, or printed more than the cap. */
  | 'over-limits'
  /** ffmpeg is not installed or could not start. */
  | 'no-ffmpeg';

export class VideoError extends Error {
  override readonly name = 'VideoError';
  constructor(
    readonly code: VideoErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isVideoError(e: unknown): e is VideoError {
  return e instanceof Error && e.name === 'VideoError' && typeof (e as { code?: unknown }).code === 'string';
}
