// The media detection API: decode, PDQ, digests, and the worker pool that runs them.
//
// For a platform's media stream, use a HashPool (services/media/hash-pool.ts):
// decoding and hashing then run in worker threads. The pure parts (decodeImage aside,
// which awaits libvips) take values and return values, for tests and tools.

export {
  decodeImage,
  DEFAULT_MAX_PIXELS,
  FAST_DECODE_MIN_SIDE,
  type DecodeMode,
  type DecodeOptions,
  type DecodedImage,
  type SixteenBitRule,
} from './decode.js';
export { digestBytes, type MediaDigests } from './digests.js';
export { MediaDecodeError, isMediaDecodeError, type MediaDecodeErrorCode } from './errors.js';
export { sniffFormat, type MediaFormat } from './format.js';
export { hashImageBytes, type HashMediaOptions, type MediaHashes } from './hash-media.js';
export type { Pixels } from './pixels.js';
export { DIHEDRAL_NAMES, type DihedralName } from './pdq/dihedral.js';
export {
  PDQ_BITS,
  PDQ_HEX_LENGTH,
  PdqHexError,
  isPdqHex,
  pdqBitCount,
  pdqDistance,
  pdqFromHex,
  pdqHexDistance,
  pdqToHex,
  type PdqHash,
} from '../../match/pdq-value.js';
export { PDQ_MIN_DIMENSION, PdqHasher, pdqDihedral, pdqHash, type PdqDihedral, type PdqDihedralResult, type PdqResult } from './pdq/hasher.js';
