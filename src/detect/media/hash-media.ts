// One media item from bytes to everything vigie matches images on: PDQ (and its
// dihedral variants), MD5, SHA-256, and what the decoder found. This runs on whichever
// thread calls it; the hash pool runs it in worker threads.

import { decodeImage, type DecodeMode, type DecodeOptions } from './decode.js';
import { digestBytes } from './digests.js';
import { isMediaDecodeError } from './errors.js';
import type { MediaFormat } from './format.js';
import { DIHEDRAL_NAMES, type DihedralName } from './pdq/dihedral.js';
import { pdqToHex, type PdqHash } from '../../match/pdq-value.js';
import { PdqHasher } from './pdq/hasher.js';

export interface HashMediaOptions {
  /** Also compute the seven rotated and flipped hashes (to match turned copies). */
  dihedral?: boolean;
  /**
   * 'exact' (the default): the reference's pixels and arithmetic, bit for bit; what a
   * hash bank must be built with. 'fast': a large JPEG is decoded shrunk and the grid
   * computed directly (see docs/detection-media.md), within a few bits of the
   * reference's hash, for screening uploads at ingest.
   */
  decode?: DecodeMode;
}

export interface MediaHashes {
  /** 64 lowercase hex digits, as the reference prints it. */
  pdq: string;
  /** 0..100. Below 50 the hash is too flat to match on; never match without checking it. */
  quality: number;
  /** Present when asked for: orig, rot90, rot180, rot270, flipx, flipy, flipplus1, flipminus1. */
  dihedral?: Record<DihedralName, string>;
  md5: string;
  sha256: string;
  /** The image's size (before the PDQ 512 rule, and before any shrink-on-load). */
  width: number;
  height: number;
  format: MediaFormat;
  /**
   * Present when the hash was computed from a decode smaller than the image: the pixels
   * hashed, the scale the decoder shrank it by on load (2, 4 or 8), and whether that was
   * to fit the pixel cap. In exact mode this happens only to a JPEG or lossy WebP over
   * the cap, whose hash is then a few bits at most from the full decode's, not bit-exact.
   */
  decodedAt?: { width: number; height: number; shrink: 2 | 4 | 8; toFitCap: boolean };
}

let ownHasher: PdqHasher | undefined;

/**
 * Decodes and hashes one image. A decode failure rejects with a MediaDecodeError that
 * carries the MD5 and SHA-256 of the bytes, which are still good for exact matching.
 */
export async function hashImageBytes(
  bytes: Uint8Array,
  options: HashMediaOptions & Omit<DecodeOptions, 'mode'> = {},
  hasher: PdqHasher = (ownHasher ??= new PdqHasher()),
): Promise<MediaHashes> {
  const mode = options.decode ?? 'exact';
  const digests = digestBytes(bytes);
  let image;
  try {
    image = await decodeImage(bytes, { maxPixels: options.maxPixels, sixteenBit: options.sixteenBit, mode, admit: options.admit });
  } catch (e) {
    if (isMediaDecodeError(e)) e.digests = digests;
    throw e;
  }
  const base: Omit<MediaHashes, 'pdq' | 'quality' | 'dihedral'> = { ...digests, width: image.sourceWidth, height: image.sourceHeight, format: image.format };
  if (image.shrunk) base.decodedAt = { width: image.width, height: image.height, ...image.shrunk };
  if (mode === 'fast' || image.shrunk) {
    // A shrunk decode (fast mode's, or one over the pixel cap in either mode) is read
    // where the reference's pixels lie in it: hashed as fast mode hashes.
    // The eight hashes come off one DCT, so they are always computed here.
    const { hash, quality, dihedral } = hasher.hashApproximate(image, { width: image.sourceWidth, height: image.sourceHeight });
    return { pdq: pdqToHex(hash), quality, ...(options.dihedral ? { dihedral: dihedralHex(dihedral) } : {}), ...base };
  }
  if (!options.dihedral) {
    const { hash, quality } = hasher.hash(image);
    return { pdq: pdqToHex(hash), quality, ...base };
  }
  const { hash, quality, dihedral } = hasher.hashWithDihedral(image);
  return { pdq: pdqToHex(hash), quality, dihedral: dihedralHex(dihedral), ...base };
}

function dihedralHex(dihedral: Record<DihedralName, PdqHash>): Record<DihedralName, string> {
  const hex = {} as Record<DihedralName, string>;
  for (const name of DIHEDRAL_NAMES) hex[name] = pdqToHex(dihedral[name]);
  return hex;
}
