// The hashing half of each hash type (python-threatexchange's BytesHasher and FileHasher
// mixins): how a value of the type is made from content. The other half, parsing, printing,
// comparing and indexing, is the type's plug-in in src/match/hash-types (detect/ may import
// match/, never the reverse). What each hasher returns is a value its plug-in's `parse`
// accepts. Ingest does not go through these (it hashes each image once for PDQ and digests
// together, in worker threads, and videos through the video hasher); tools and tests do.

import { createHash } from 'node:crypto';
import { HASH_TYPE_DEFS, type HashType } from '../match/hash-types/registry.js';
import type { HashValue } from '../match/hash-types/hash-type.js';
import { MIN_PDQ_QUALITY } from '../match/pdq-matcher.js';
import { formatVpdqValue } from '../match/hash-types/vpdq/frames.js';
import { hashImageBytes } from './media/hash-media.js';
import { VpdqFrameHasher } from './media/vpdq/frame-hasher.js';
import { frameStep, isSampled } from './media/vpdq/sampling.js';

export interface BytesHasher {
  readonly type: HashType;
  /** The value for these bytes; undefined when the content gives none worth matching on (a flat image). */
  hashBytes(bytes: Uint8Array): Promise<HashValue | undefined>;
}

function digest(type: 'md5' | 'sha1' | 'sha256'): BytesHasher {
  return { type, hashBytes: async (bytes) => ({ hash: createHash(type).update(bytes).digest('hex') }) };
}

export const BYTES_HASHERS = {
  md5: digest('md5'),
  sha1: digest('sha1'),
  sha256: digest('sha256'),
  pdq: {
    type: 'pdq',
    // As python-threatexchange's PdqSignal: no hash below the quality that may be matched on.
    async hashBytes(bytes) {
      const { pdq, quality } = await hashImageBytes(bytes);
      return quality >= MIN_PDQ_QUALITY ? { hash: pdq } : undefined;
    },
  },
} as const satisfies Record<string, BytesHasher>;

/** A video's decoded frames, RGB24 at the video's size, in decode order (what ffmpeg gives). */
export interface DecodedVideo {
  width: number;
  height: number;
  framesPerSecond: number;
  frames: Iterable<Uint8Array>;
}

/**
 * vPDQ's hasher works on decoded frames: decoding a video is I/O (an ffmpeg subprocess,
 * src/services/media/video), not something the domain does with bytes.
 */
export const VPDQ_HASHER = {
  type: 'vpdq' as const,
  hashFrames(video: DecodedVideo, secondsPerHash = 0): HashValue {
    const hasher = new VpdqFrameHasher(video.width, video.height, video.framesPerSecond);
    const step = frameStep(video.framesPerSecond, secondsPerHash);
    const hashed = [];
    let n = 0;
    for (const rgb of video.frames) {
      if (isSampled(n, step)) hashed.push(hasher.hashFrame(rgb, n));
      n++;
    }
    const parsed = HASH_TYPE_DEFS.vpdq.parse(formatVpdqValue(hashed));
    if (!parsed.ok) throw new Error(`a video with no frame has no vPDQ value: ${parsed.reason}`);
    return { hash: parsed.hash, ...(parsed.value !== undefined ? { value: parsed.value } : {}) };
  },
};
