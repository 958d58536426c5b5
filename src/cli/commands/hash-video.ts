// `vigie hash --video FILE`: the vPDQ frame hashes of one video, in the line format of
// Meta's vpdq-hash-video (frameNumber,quality,pdq,timestamp), so that its output can be
// compared with the reference's or loaded wherever that tool's is.
import { open } from 'node:fs/promises';
import type { HashOptions } from '../grammar/hash.js';

export async function runVideo(path: string, values: HashOptions): Promise<number> {
  const { sniffVideo } = await import('../../detect/media/video-format.js');
  const { formatFrameLine, formatVpdqValue } = await import('../../detect/media/vpdq/index.js');
  const { hashVideoFile } = await import('../../services/media/video/hash-video.js');
  const { DEFAULT_VIDEO_OPTIONS } = await import('../../services/media/video/video-hasher.js');
  const { isVideoError } = await import('../../services/media/video/video-error.js');
  let head: Uint8Array;
  try {
    const file = await open(path, 'r');
    try {
      const buf = new Uint8Array(64);
      const { bytesRead } = await file.read(buf, 0, buf.length, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await file.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    process.stderr.write(`vigie hash: ${path}: cannot read: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String(e)}\n`);
    return 1;
  }
  const container = sniffVideo(head);
  if (!container) {
    process.stderr.write(`vigie hash: ${path}: not a video vigie reads (MP4/QuickTime or Matroska/WebM, told by the bytes)\n`);
    return 1;
  }
  try {
    const { frames } = await hashVideoFile(path, container, {
      ...DEFAULT_VIDEO_OPTIONS,
      // A person asked for this one file: no duration cap beyond a day.
      maxSeconds: 86_400,
      timeoutMs: 3_600_000,
      ...(values.secondsPerHash !== undefined ? { secondsPerHash: values.secondsPerHash } : {}),
    });
    process.stdout.write(values.bankValue ? `${formatVpdqValue(frames)}\n` : frames.map((f) => `${formatFrameLine(f)}\n`).join(''));
    return 0;
  } catch (e) {
    if (!isVideoError(e)) throw e;
    process.stderr.write(`vigie hash: ${path}: cannot hash (${e.code}): ${e.message}\n`);
    return 1;
  }
}
