// Entry point of a video worker thread: hashes one video at a time (ffmpeg runs as a
// subprocess; the PDQ of each frame runs here, off the event loop that serves the API).
import { parentPort } from 'node:worker_threads';
import { hashVideoFile, probeWithinCaps } from './hash-video.js';
import { isVideoError } from './video-error.js';
import type { VideoJob, VideoReply } from './video-protocol.js';

if (!parentPort) throw new Error('video-worker runs only as a worker thread');
const port = parentPort;

port.on('message', (job: VideoJob) => {
  const work = job.probeOnly
    ? probeWithinCaps(job.path, job.container, job.options).then((info) => ({ frames: [], info }))
    : hashVideoFile(job.path, job.container, job.options);
  void work.then(
    (result) => port.postMessage({ id: job.id, ok: true, result } satisfies VideoReply),
    (e: unknown) =>
      port.postMessage({
        id: job.id,
        ok: false,
        code: isVideoError(e) ? e.code : 'other',
        message: e instanceof Error ? e.message : String(e),
      } satisfies VideoReply),
  );
});
