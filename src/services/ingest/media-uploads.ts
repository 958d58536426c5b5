// The media parts of a multipart request, spooled to temporary files as they arrive (never
// held whole in memory), for ingestContent to take over. A part that will not be used is
// discarded; stale temporary files left by a crash are swept by a periodic task.
import { MediaTooLargeError, type MediaFiles, type SpooledMedia } from '../../store/media-files.js';
import type { VaultFiles } from '../../store/vault-files.js';
import { tooLarge } from '../errors.js';

export type { SpooledMedia };

/** Streams one part to a temporary file, hashing it; past `limit` bytes it is refused (too-large) and nothing stays. */
export async function receiveMediaPart(files: MediaFiles, name: string, stream: AsyncIterable<Uint8Array>, limit: number): Promise<SpooledMedia> {
  try {
    return await files.spool(stream, limit);
  } catch (err) {
    if (err instanceof MediaTooLargeError) throw tooLarge(`file part "${name}" is larger than ${limit} bytes`);
    throw err;
  }
}

/** Deletes spooled parts nobody took over; those already moved or deleted are skipped. */
export async function discardMediaParts(files: MediaFiles, parts: Iterable<SpooledMedia>): Promise<void> {
  await Promise.all([...parts].map((p) => files.discard(p)));
}

/** Temporary files older than `graceMs` belong to no request any more (a crash left them). */
export async function sweepStaleUploads(files: MediaFiles | VaultFiles, now: Date, graceMs: number): Promise<number> {
  return files.sweepTemporary(new Date(now.getTime() - graceMs));
}
