// Videos of vPDQ banks held for matching. Comparing an upload with every banked video
// frame by frame costs uploads × videos × frames²; instead every good frame of every
// banked video goes into one PDQ index under its video's key, an upload's frames retrieve
// the videos that share at least one close frame, and only those are verified with the
// full rule. Retrieval loses nothing: a video none of whose frames is within the distance
// of an upload frame has 0 % matched, below any threshold this index accepts.

import { PdqIndex } from '../../pdq-index.js';
import { PDQ_UINT32_WORDS } from '../../pdq-value.js';
import type { HashTypeIndex, HashValue } from '../hash-type.js';
import { parseVpdqValue, type VpdqFrame } from './frames.js';
import { VPDQ_BANK_MATCH_PERCENT, VPDQ_MAX_DISTANCE, VPDQ_UPLOAD_MATCH_PERCENT, packFrames, packedPercents, type VpdqPercents } from './match-rule.js';

export interface VpdqThresholds {
  /** Percentage of the banked video's good frames that must be found in the upload (1..100). */
  bankMatchPercent?: number;
  /** Percentage of the upload's good frames that must be found in the banked video (0..100). */
  uploadMatchPercent?: number;
  maxDistance?: number;
}

export interface VpdqIndexHit extends VpdqPercents {
  /** The banked video's key. */
  key: number;
}

export class VpdqIndex implements HashTypeIndex {
  private readonly frames = new PdqIndex();
  private readonly videos = new Map<number, Uint32Array>();

  /** Videos held. */
  get size(): number {
    return this.videos.size;
  }

  /** Good frames held, over all videos. */
  get frameCount(): number {
    return this.frames.size;
  }

  add(entry: HashValue, key: number): void {
    if (this.videos.has(key)) return;
    const parsed = parseVpdqValue(entry.value ?? '');
    if (!parsed.ok) throw new Error(parsed.reason);
    this.addFrames(parsed.frames, key);
  }

  addFrames(frames: readonly VpdqFrame[], key: number): void {
    if (this.videos.has(key)) return;
    const packed = packFrames(frames);
    this.videos.set(key, packed);
    for (let at = 0; at < packed.length; at += PDQ_UINT32_WORDS) this.frames.add(packed, key, at);
  }

  remove(_entry: HashValue, key: number): boolean {
    if (!this.videos.delete(key)) return false;
    this.frames.remove(key);
    return true;
  }

  /** Banked videos that match `query` under the rule, the most of the banked video found first. */
  match(query: readonly VpdqFrame[], thresholds: VpdqThresholds = {}): VpdqIndexHit[] {
    const bankPercent = thresholds.bankMatchPercent ?? VPDQ_BANK_MATCH_PERCENT;
    const uploadPercent = thresholds.uploadMatchPercent ?? VPDQ_UPLOAD_MATCH_PERCENT;
    const maxDistance = thresholds.maxDistance ?? VPDQ_MAX_DISTANCE;
    if (!(bankPercent > 0 && bankPercent <= 100) || !(uploadPercent >= 0 && uploadPercent <= 100)) {
      throw new RangeError(`vPDQ thresholds: bank percent 1..100 and upload percent 0..100, got ${bankPercent} and ${uploadPercent}`);
    }
    if (this.frames.size === 0) return [];
    const q = packFrames(query);
    const candidates = new Set<number>();
    for (let at = 0; at < q.length; at += PDQ_UINT32_WORDS) this.frames.searchInto(q, maxDistance, (key) => candidates.add(key), at);
    const hits: VpdqIndexHit[] = [];
    for (const key of candidates) {
      const p = packedPercents(q, this.videos.get(key)!, { maxDistance });
      if (p.comparedMatchPercent >= bankPercent && p.queryMatchPercent >= uploadPercent) hits.push({ key, ...p });
    }
    return hits.sort((a, b) => b.comparedMatchPercent - a.comparedMatchPercent || a.key - b.key);
  }
}
