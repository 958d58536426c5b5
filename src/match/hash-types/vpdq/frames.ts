// A vPDQ hash is a list of frame hashes (pdq.md §18): each frame's PDQ hash and quality,
// with the frame's number and time where the hasher gave them. This file holds the two
// text forms: the reference's per-frame lines (`vpdq-hash-video` output,
// `frameNumber,quality,pdqHex,timestampSeconds`), and the one-line value a bank keeps.

import { isPdqHex } from '../../pdq-value.js';
import { printfFixed } from '../../printf-fixed.js';

export interface VpdqFrame {
  /** 64 lowercase hex digits. */
  hash: string;
  /** PDQ quality 0..100. */
  quality: number;
  /** 0-based number of the frame in decode order, and its time in seconds, when known. */
  frameNumber?: number;
  timestamp?: number;
}

/** One frame as the reference writes it: `frameNumber,quality,pdqHex,timestamp` (3 decimals, as printf). */
export function formatFrameLine(frame: Required<VpdqFrame>): string {
  return `${frame.frameNumber},${frame.quality},${frame.hash},${printfFixed(frame.timestamp, 3)}`;
}

export class VpdqParseError extends Error {
  override readonly name = 'VpdqParseError';
}

/** Reads the reference's per-frame lines (one video); a bad line throws, naming it. */
export function parseFrameLines(text: string): Required<VpdqFrame>[] {
  const frames: Required<VpdqFrame>[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const [n, q, hash, ts, ...more] = line.split(',');
    const frameNumber = Number(n);
    const quality = Number(q);
    const timestamp = Number(ts);
    if (
      more.length > 0 ||
      hash === undefined ||
      !isPdqHex(hash) ||
      !isQuality(quality) ||
      !Number.isSafeInteger(frameNumber) ||
      frameNumber < 0 ||
      !Number.isFinite(timestamp)
    ) {
      throw new VpdqParseError(`line ${i + 1}: expected frameNumber,quality,pdqHex,timestampSeconds, got ${JSON.stringify(line.slice(0, 100))}`);
    }
    frames.push({ frameNumber, quality, hash: hash.toLowerCase(), timestamp });
  });
  return frames;
}

function isQuality(q: number): boolean {
  return Number.isInteger(q) && q >= 0 && q <= 100;
}

/**
 * The one-line value of a video in a bank: `quality:hex` per distinct frame hash, in the
 * order first seen, joined by commas. A repeated hash is dropped (its first quality kept),
 * as the match rule treats a video as a set of frame hashes; frame numbers and times are
 * not kept, since the rule does not read them.
 */
export function formatVpdqValue(frames: readonly VpdqFrame[]): string {
  return distinctFrames(frames)
    .map((f) => `${f.quality}:${f.hash}`)
    .join(',');
}

/** Parses a bank value (see `formatVpdqValue`); a reason when it is not one. */
export function parseVpdqValue(text: string): { ok: true; frames: VpdqFrame[] } | { ok: false; reason: string } {
  const v = text.trim();
  if (v === '') return { ok: false, reason: 'a vpdq value lists quality:hex frame hashes separated by commas, got nothing' };
  const frames: VpdqFrame[] = [];
  const parts = v.split(',');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!.trim();
    const colon = part.indexOf(':');
    const quality = Number(part.slice(0, colon));
    const hash = part.slice(colon + 1);
    if (colon < 1 || !isQuality(quality) || !isPdqHex(hash)) {
      return { ok: false, reason: `frame ${i + 1} of a vpdq value is not quality:hex (0..100, 64 hex digits): ${JSON.stringify(part.slice(0, 80))}` };
    }
    frames.push({ quality, hash: hash.toLowerCase() });
  }
  return { ok: true, frames: distinctFrames(frames) };
}

/** The first frame of each distinct hash, in order (python-threatexchange's `dedupe`). */
export function distinctFrames<F extends VpdqFrame>(frames: readonly F[]): F[] {
  const seen = new Set<string>();
  const out: F[] = [];
  for (const f of frames) {
    const h = f.hash.toLowerCase();
    if (seen.has(h)) continue;
    seen.add(h);
    out.push(f);
  }
  return out;
}
