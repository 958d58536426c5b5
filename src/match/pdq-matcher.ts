// The matching policy around the index (pdq.md §15): a hash below quality 50 is not
// matched at all (flat and tiny images give noise hashes), the radius defaults to 31
// and may be set up to 47, every match carries its distance so that policy can cut
// tighter per bank, and the caller may pass the dihedral variants of the hash
// (rotations and flips, computed by src/detect/media) to catch rotated copies.

import type { PdqIndex } from './pdq-index.js';

export const DEFAULT_PDQ_MAX_DISTANCE = 31;
export const MAX_PDQ_MAX_DISTANCE = 47;
export const MIN_PDQ_QUALITY = 50;

export interface PdqQuery {
  /** 64 hex characters. */
  hash: string;
  /** PDQ quality 0..100 from the hasher. */
  quality: number;
  /**
   * Optional: the 7 other dihedral variants, in pdq-photo-hasher's order (rot90, rot180,
   * rot270, flipx, flipy, flipplus1, flipminus1). Each costs one more search.
   */
  variants?: readonly string[];
}

export interface PdqMatchResult {
  key: number;
  /** Smallest distance over the hash and its variants. */
  distance: number;
  /** 0 for the hash itself, 1..7 for the variant that came closest. */
  variant: number;
}

export type PdqMatchOutcome = { status: 'matched' | 'no-match'; matches: PdqMatchResult[] } | { status: 'low-quality'; quality: number; matches: [] };

export interface PdqMatchOptions {
  maxDistance?: number;
  minQuality?: number;
}

/** Matches one hashed image against an index; matches come closest first. */
export function matchPdq(index: PdqIndex, query: PdqQuery, options: PdqMatchOptions = {}): PdqMatchOutcome {
  const maxDistance = options.maxDistance ?? DEFAULT_PDQ_MAX_DISTANCE;
  const minQuality = options.minQuality ?? MIN_PDQ_QUALITY;
  if (!Number.isInteger(maxDistance) || maxDistance < 0 || maxDistance > MAX_PDQ_MAX_DISTANCE) {
    throw new Error(`PDQ match distance must be an integer 0..${MAX_PDQ_MAX_DISTANCE}, got ${maxDistance}`);
  }
  if (!Number.isFinite(query.quality) || query.quality < 0 || query.quality > 100) {
    throw new Error(`PDQ quality must be 0..100, got ${query.quality}`);
  }
  if (query.quality < minQuality) return { status: 'low-quality', quality: query.quality, matches: [] };
  if ((query.variants?.length ?? 0) > 7) throw new Error('at most 7 dihedral variants');
  const best = new Map<number, PdqMatchResult>();
  [query.hash, ...(query.variants ?? [])].forEach((hash, variant) => {
    index.searchInto(hash, maxDistance, (key, distance) => {
      const seen = best.get(key);
      if (!seen || distance < seen.distance) best.set(key, { key, distance, variant });
    });
  });
  const matches = [...best.values()].sort((a, b) => a.distance - b.distance || a.key - b.key);
  return { status: matches.length > 0 ? 'matched' : 'no-match', matches };
}
