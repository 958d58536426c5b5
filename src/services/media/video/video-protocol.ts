// Messages between the video hasher and its worker threads.
import type { VideoContainer } from '../../../detect/media/video-format.js';
import type { VideoHashOptions, VideoHashes } from './hash-video.js';
import type { VideoErrorCode } from './video-error.js';

export interface VideoJob {
  id: number;
  path: string;
  container: VideoContainer;
  options: VideoHashOptions;
  /** Only probe it and check the caps: the answer has no frames. */
  probeOnly?: boolean;
}

export type VideoReply = { id: number; ok: true; result: VideoHashes } | { id: number; ok: false; code: VideoErrorCode | 'other'; message: string };
