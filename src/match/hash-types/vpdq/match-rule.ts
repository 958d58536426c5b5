// The vPDQ match rule (pdq.md §18): a frame of one video matches if some frame of the
// other is within the PDQ distance; each side's percentage is its matched frames over its
// frames of good quality; the videos match when both percentages reach their thresholds.
//
// Two readings of the rule exist upstream and both are here, because the fixture matrix
// lists both: 'sets' (vpdq/README.md and python-threatexchange: frames de-duplicated by
// hash, distance ≤ D) is what vigie matches with; 'brute' (the C++ matchTwoHashBrute:
// every frame counted, distance < D) exists to check agreement with the reference tool.

import { PDQ_UINT32_WORDS, pdqHexToWords, pdqWordsDistance } from '../../pdq-value.js';
import { distinctFrames, type VpdqFrame } from './frames.js';

export const VPDQ_MAX_DISTANCE = 31;
export const VPDQ_MIN_QUALITY = 50;
/** Share of the bank's video that must be found in the upload (python-threatexchange: 80). */
export const VPDQ_BANK_MATCH_PERCENT = 80;
/** Share of the upload that must be found in the bank's video: 0 tolerates padding around a known clip. */
export const VPDQ_UPLOAD_MATCH_PERCENT = 0;

export interface VpdqRuleOptions {
  maxDistance?: number;
  minQuality?: number;
  rule?: 'sets' | 'brute';
}

export interface VpdqPercents {
  /** Of the query's good frames, the percentage found in the compared video. */
  queryMatchPercent: number;
  /** Of the compared video's good frames, the percentage found in the query. */
  comparedMatchPercent: number;
}

/** The good frames of a video as packed PDQ words (8 per frame), as the rule counts them. */
export function packFrames(frames: readonly VpdqFrame[], options: VpdqRuleOptions = {}): Uint32Array {
  const minQuality = options.minQuality ?? VPDQ_MIN_QUALITY;
  const kept = ((options.rule ?? 'sets') === 'sets' ? distinctFrames(frames) : frames).filter((f) => f.quality >= minQuality);
  const words = new Uint32Array(kept.length * PDQ_UINT32_WORDS);
  kept.forEach((f, i) => pdqHexToWords(f.hash, words, i * PDQ_UINT32_WORDS));
  return words;
}

/** Both percentages for two videos. */
export function vpdqPercents(query: readonly VpdqFrame[], compared: readonly VpdqFrame[], options: VpdqRuleOptions = {}): VpdqPercents {
  return packedPercents(packFrames(query, options), packFrames(compared, options), options);
}

/** Both percentages for two videos already packed by `packFrames` with the same options. */
export function packedPercents(query: Uint32Array, compared: Uint32Array, options: VpdqRuleOptions = {}): VpdqPercents {
  const nq = query.length / PDQ_UINT32_WORDS;
  const nc = compared.length / PDQ_UINT32_WORDS;
  // The C++ tool answers 0 % when either side has no good frame; python-threatexchange would divide by zero.
  if (nq === 0 || nc === 0) return { queryMatchPercent: 0, comparedMatchPercent: 0 };
  const maxDistance = options.maxDistance ?? VPDQ_MAX_DISTANCE;
  // 'brute' counts distance < D: the same as ≤ D − 1.
  const within = (options.rule ?? 'sets') === 'sets' ? maxDistance : maxDistance - 1;
  return {
    queryMatchPercent: (countFound(query, compared, within) * 100) / nq,
    comparedMatchPercent: (countFound(compared, query, within) * 100) / nc,
  };
}

/** How many frames of `a` have some frame of `b` within `within` bits. */
function countFound(a: Uint32Array, b: Uint32Array, within: number): number {
  const na = a.length / PDQ_UINT32_WORDS;
  const nb = b.length / PDQ_UINT32_WORDS;
  let found = 0;
  for (let i = 0; i < na; i++) {
    for (let j = 0; j < nb; j++) {
      if (pdqWordsDistance(a, i * PDQ_UINT32_WORDS, b, j * PDQ_UINT32_WORDS) <= within) {
        found++;
        break;
      }
    }
  }
  return found;
}
