// What ingest looks for in an item before it is written: media against the banks of
// known material (PDQ with its rotations and flips, MD5, SHA-256; a video's vPDQ frames
// against the video banks and, frame by frame, the image banks). Each hit becomes a
// signal on the content, with the evidence a reviewer and a CyberTipline report need.
import { DIHEDRAL_NAMES, isMediaDecodeError, sniffFormat, type MediaDecodeErrorCode, type MediaHashes } from '../../detect/media/index.js';
import type { HashPool, MediaInput } from '../media/hash-pool.js';
import { sniffVideo } from '../../detect/media/video-format.js';
import type { VideoHasher } from '../media/video/video-hasher.js';
import { isVideoError } from '../media/video/video-error.js';
import { tooLarge } from '../errors.js';
import type { Metrics } from '../metrics.js';
import type { IngestMedia, IngestSignal } from '../../moderation/ingest.js';
import type { KnownMaterialIndex, MediaHashesForMatch } from '../banks/known-material-index.js';
import type { Logger } from 'pino';

/** The clause a match on a bank of known material points to (the policy module names it). */
export const KNOWN_MATERIAL_CLAUSE = 'content.visual-depiction';

const DECODABLE = new Set(['jpeg', 'png', 'gif', 'webp', 'tiff', 'avif', 'heif', 'pnm']);

/** Why an image got no PDQ hash, as `vigie_media_not_pdq_hashed_total` counts it. */
export type NotPdqHashedReason = 'over-pixel-cap' | 'unsupported-format' | 'undecodable';

function notHashedReason(code: MediaDecodeErrorCode): NotPdqHashedReason {
  if (code === 'too-many-pixels') return 'over-pixel-cap';
  if (code === 'unsupported-format') return 'unsupported-format';
  return 'undecodable';
}

export async function mediaSignals(
  index: KnownMaterialIndex,
  pool: HashPool,
  media: IngestMedia,
  source: { bytes: Uint8Array } | { load(): Promise<Uint8Array>; head: Uint8Array },
  log?: Pick<Logger, 'warn'>,
  metrics?: Pick<Metrics, 'mediaNotPdqHashed'>,
  videos?: VideoHasher,
): Promise<IngestSignal[]> {
  const head = 'bytes' in source ? source.bytes : source.head;
  const container = sniffVideo(head);
  // A video's caps hold whether or not any bank is loaded: it is probed even then.
  if (container && videos && index.size === 0) await videoChecked(() => videos.probeVideo(mediaInput(source), container), media, log, metrics);
  if (index.size === 0) return [];
  const query: MediaHashesForMatch = { md5: media.md5, sha256: media.sha256 };
  let pdq: { hash: string; quality: number; decodedAt?: MediaHashes['decodedAt'] } | undefined;
  const format = sniffFormat(head);
  if (container && videos) {
    const hashed = await videoChecked(() => videos.hashVideo(mediaInput(source), container), media, log, metrics);
    if (hashed) query.frames = hashed.frames;
  } else if (format && DECODABLE.has(format)) {
    const input: MediaInput = mediaInput(source);
    try {
      const hashes = await pool.hashMedia(input, { dihedral: true });
      pdq = { hash: hashes.pdq, quality: hashes.quality, decodedAt: hashes.decodedAt };
      query.pdq = hashes.pdq;
      query.quality = hashes.quality;
      if (hashes.dihedral) query.variants = DIHEDRAL_NAMES.slice(1).map((n) => hashes.dihedral![n]);
    } catch (err) {
      // An image that will not decode can still match by its digests, but only an exact
      // copy will: say so, with its size when the header gave it (never its bytes).
      if (!isMediaDecodeError(err)) throw err;
      const reason = notHashedReason(err.code);
      metrics?.mediaNotPdqHashed.inc({ reason });
      log?.warn(
        { mediaId: media.id, format, reason, code: err.code, ...(err.size ? { width: err.size.width, height: err.size.height } : {}), detail: err.message },
        'media not PDQ-hashed: it can match a bank only by MD5 or SHA-256',
      );
    }
  } else if (format) {
    // A format recognised only to be refused (BMP, PAM, PFM, JPEG XL).
    metrics?.mediaNotPdqHashed.inc({ reason: 'unsupported-format' });
    log?.warn({ mediaId: media.id, format, reason: 'unsupported-format' }, 'media not PDQ-hashed: it can match a bank only by MD5 or SHA-256');
  }
  const hits = await index.match(query);
  return hits.map((h) => ({
    signal: 'known-material',
    source: `bank:${h.bank.name}`,
    strength: h.video ? Number((h.video.comparedMatchPercent / 100).toFixed(4)) : h.hashType === 'pdq' ? Number((1 - h.distance / 256).toFixed(4)) : 1,
    clause: KNOWN_MATERIAL_CLAUSE,
    evidence: {
      mediaId: media.id,
      bankId: h.bank.id,
      bankName: h.bank.name,
      bankSource: h.bank.source,
      verified: h.bank.verified,
      hashType: h.hashType,
      matchedHash: h.hash,
      entryKey: h.entryKey,
      label: h.label,
      distance: h.distance,
      variant: h.variant === 0 ? 'orig' : DIHEDRAL_NAMES[h.variant]!,
      mediaPdq: pdq?.hash ?? null,
      mediaQuality: pdq?.quality ?? null,
      // Hashed from a decode smaller than the image (one over the pixel cap, decoded
      // shrunk on load): the hash is within a few bits of the full decode's, not bit-exact.
      mediaShrunk: pdq?.decodedAt !== undefined,
      ...(pdq?.decodedAt ? { mediaDecodedAt: pdq.decodedAt } : {}),
      mediaSha256: media.sha256,
      mediaMd5: media.md5,
      ...(h.video
        ? { videoMatch: { uploadMatchPercent: round2(h.video.queryMatchPercent), bankVideoMatchPercent: round2(h.video.comparedMatchPercent) } }
        : {}),
      ...(h.frame ? { videoFrame: { frameNumber: h.frame.frameNumber, timestamp: h.frame.timestamp } } : {}),
      ...(query.frames ? { videoFramesHashed: query.frames.length } : {}),
    },
  }));
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Inline bytes as they are; a sealed spool by its loader, decrypted only when a worker takes it. */
function mediaInput(source: { bytes: Uint8Array } | { load(): Promise<Uint8Array> }): { load(): Promise<Uint8Array> } | Uint8Array {
  return 'bytes' in source ? source.bytes : { load: () => source.load() };
}

/**
 * Runs a video step: a video over the duration or frame cap refuses the item (413); one
 * ffmpeg cannot read, or that ran out of its bounds, can still match by its digests, and
 * is logged and counted as an image that does not decode is. Anything else (the queue is
 * full) goes to the caller.
 */
async function videoChecked<T>(
  step: () => Promise<T>,
  media: IngestMedia,
  log?: Pick<Logger, 'warn'>,
  metrics?: Pick<Metrics, 'mediaNotPdqHashed'>,
): Promise<T | undefined> {
  try {
    return await step();
  } catch (err) {
    if (!isVideoError(err)) throw err;
    if (err.code === 'too-long' || err.code === 'frame-too-large') throw tooLarge(`media ${media.id}: ${err.message}`);
    metrics?.mediaNotPdqHashed.inc({ reason: 'undecodable' });
    log?.warn({ mediaId: media.id, reason: err.code, detail: err.message }, 'video not vPDQ-hashed: it can match a bank only by MD5 or SHA-256');
    return undefined;
  }
}
