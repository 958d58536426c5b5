// The 256-bit PDQ hash value: its internal form, its hex form and the Hamming distance.
//
// The internal form keeps the reference's layout (16 words of 16 bits, bit k of the
// hash in word k >> 4 at position k & 15) so that a 16-bit slot of a multi-index hash
// is simply one word, and so that the hex form is the reference's: word 15 first.

/** 16 words of 16 bits; word 0 holds bits 0..15 (DCT row 0). Length is always 16. */
export type PdqHash = Uint16Array;

export const PDQ_WORDS = 16;
export const PDQ_BITS = 256;
export const PDQ_HEX_LENGTH = 64;

export class PdqHexError extends Error {
  override readonly name = 'PdqHexError';
}

export function emptyPdqHash(): PdqHash {
  return new Uint16Array(PDQ_WORDS);
}

const HEX = '0123456789abcdef';

export function pdqToHex(hash: PdqHash): string {
  assertHash(hash);
  let out = '';
  for (let w = PDQ_WORDS - 1; w >= 0; w--) {
    const v = hash[w]!;
    out += HEX[(v >>> 12) & 15]! + HEX[(v >>> 8) & 15]! + HEX[(v >>> 4) & 15]! + HEX[v & 15]!;
  }
  return out;
}

const HEX_RE = /^[0-9a-fA-F]{64}$/;

export function isPdqHex(value: string): boolean {
  return HEX_RE.test(value);
}

/** Parses exactly 64 hex digits (either case), as the reference does. */
export function pdqFromHex(hex: string): PdqHash {
  if (typeof hex !== 'string' || !HEX_RE.test(hex)) {
    throw new PdqHexError(`a PDQ hash is exactly 64 hex digits, got ${describe(hex)}`);
  }
  const hash = new Uint16Array(PDQ_WORDS);
  for (let w = 0; w < PDQ_WORDS; w++) {
    const at = (PDQ_WORDS - 1 - w) * 4;
    hash[w] = parseInt(hex.slice(at, at + 4), 16);
  }
  return hash;
}

/** Hamming distance between two hashes in the internal form. */
export function pdqDistance(a: PdqHash, b: PdqHash): number {
  assertHash(a);
  assertHash(b);
  let d = 0;
  for (let w = 0; w < PDQ_WORDS; w += 2) {
    d += popcount32((a[w]! ^ b[w]!) | ((a[w + 1]! ^ b[w + 1]!) << 16));
  }
  return d;
}

/** Hamming distance between two hashes in hex form. */
export function pdqHexDistance(a: string, b: string): number {
  return pdqDistance(pdqFromHex(a), pdqFromHex(b));
}

/** Number of bits set (the reference's `--details` calls it "norm"). */
export function pdqBitCount(hash: PdqHash): number {
  assertHash(hash);
  let n = 0;
  for (let w = 0; w < PDQ_WORDS; w += 2) n += popcount32(hash[w]! | (hash[w + 1]! << 16));
  return n;
}

// JavaScript has no popcount; the SWAR form needs no table and stays in int32.
function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function assertHash(h: PdqHash): void {
  if (!(h instanceof Uint16Array) || h.length !== PDQ_WORDS) {
    throw new PdqHexError('a PDQ hash in internal form is a Uint16Array of 16 words');
  }
}

function describe(v: unknown): string {
  if (typeof v !== 'string') return typeof v;
  return v.length > 80 ? `${v.length} characters` : JSON.stringify(v);
}
