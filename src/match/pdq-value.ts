// The 256-bit PDQ hash as a value: its hex form, its two in-memory layouts, the
// conversion between them, popcount and the Hamming distance. Pure, and imports nothing.
//
// Why here: the hasher (detect/media/pdq) produces this value and the matcher (match/)
// consumes it, so one of the two must own it. match/ is the lower of the two: detect/
// may import this one file (never match's index.ts, which exports the NCMEC client),
// and match/ never imports detect/; test/architecture/layers.test.ts enforces that
// direction, which keeps the domain acyclic. The hash worker thread loads this file,
// which is one more reason it must stay free of imports.
//
// The hex form is the reference's (pdq.md §11): the big-endian 256-bit integer, so its
// last hex digit holds bits 0..3. Two layouts, both little-endian in the bit index:
//   - the hasher's PdqHash: PDQ_UINT16_WORDS uint16 words, bit k in word k >> 4 at
//     k & 15 (the reference's own layout; word t is DCT row t);
//   - the matcher's code: PDQ_UINT32_WORDS uint32 words at an offset in a shared
//     Uint32Array, bit k in word k >> 5 at k & 31. Uint32 word i is uint16 words 2i
//     (low half) and 2i+1 (high half). Never a BigInt: BigInt XOR and popcount are
//     orders of magnitude slower than 32-bit integer maths.

export const PDQ_BITS = 256;
export const PDQ_HEX_LENGTH = 64;
/** Length of the hasher's form, a Uint16Array. */
export const PDQ_UINT16_WORDS = 16;
/** Length of one code in the matcher's form, in a Uint32Array. */
export const PDQ_UINT32_WORDS = 8;

/** The hasher's form: 16 words of 16 bits; word 0 holds bits 0..15 (DCT row 0). */
export type PdqHash = Uint16Array;

export class PdqHexError extends Error {
  override readonly name = 'PdqHexError';
}

const HEX64 = /^[0-9a-fA-F]{64}$/;
const HEX = '0123456789abcdef';

export function isPdqHex(value: string): boolean {
  return HEX64.test(value);
}

/** Canonical lowercase hex of a PDQ hash given in either case. */
export function normalisePdqHex(hex: string): string {
  assertHex(hex);
  return hex.toLowerCase();
}

export function emptyPdqHash(): PdqHash {
  return new Uint16Array(PDQ_UINT16_WORDS);
}

/** Parses exactly 64 hex digits (either case), as the reference does. */
export function pdqFromHex(hex: string): PdqHash {
  assertHex(hex);
  const hash = new Uint16Array(PDQ_UINT16_WORDS);
  for (let w = 0; w < PDQ_UINT16_WORDS; w++) {
    const at = (PDQ_UINT16_WORDS - 1 - w) * 4;
    hash[w] = parseInt(hex.slice(at, at + 4), 16);
  }
  return hash;
}

/** 64 lowercase hex digits, the reference's form. */
export function pdqToHex(hash: PdqHash): string {
  assertHash(hash);
  let out = '';
  for (let w = PDQ_UINT16_WORDS - 1; w >= 0; w--) {
    const v = hash[w]!;
    out += HEX[(v >>> 12) & 15]! + HEX[(v >>> 8) & 15]! + HEX[(v >>> 4) & 15]! + HEX[v & 15]!;
  }
  return out;
}

/** Parses 64 hex digits (either case) into `out` at word offset `at`. */
export function pdqHexToWords(hex: string, out: Uint32Array = new Uint32Array(PDQ_UINT32_WORDS), at = 0): Uint32Array {
  assertHex(hex);
  for (let i = 0; i < PDQ_UINT32_WORDS; i++) {
    const end = PDQ_HEX_LENGTH - 8 * i;
    out[at + i] = parseInt(hex.slice(end - 8, end), 16) >>> 0;
  }
  return out;
}

/** Formats the code at word offset `at` as 64 lowercase hex digits. */
export function pdqWordsToHex(words: Uint32Array, at = 0): string {
  let hex = '';
  for (let i = PDQ_UINT32_WORDS - 1; i >= 0; i--) {
    hex += (words[at + i]! >>> 0).toString(16).padStart(8, '0');
  }
  return hex;
}

/** The hasher's form into the matcher's, at word offset `at` of `out`, without going through hex. */
export function pdqHashToWords(hash: PdqHash, out: Uint32Array = new Uint32Array(PDQ_UINT32_WORDS), at = 0): Uint32Array {
  assertHash(hash);
  for (let i = 0; i < PDQ_UINT32_WORDS; i++) out[at + i] = (hash[2 * i]! | (hash[2 * i + 1]! << 16)) >>> 0;
  return out;
}

/** The matcher's code at word offset `at` into the hasher's form. */
export function pdqWordsToHash(words: Uint32Array, at = 0): PdqHash {
  const hash = new Uint16Array(PDQ_UINT16_WORDS);
  for (let i = 0; i < PDQ_UINT32_WORDS; i++) {
    const v = words[at + i]!;
    hash[2 * i] = v & 0xffff;
    hash[2 * i + 1] = v >>> 16;
  }
  return hash;
}

/**
 * Number of set bits of a 32-bit integer. SWAR: JavaScript has no popcount, and this
 * form needs no table and stays in int32. Small enough for V8 to inline into hot loops,
 * as long as the loop's function is short (see pdq-index.ts).
 */
export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Hamming distance between two hashes in the hasher's form. */
export function pdqDistance(a: PdqHash, b: PdqHash): number {
  assertHash(a);
  assertHash(b);
  let d = 0;
  for (let w = 0; w < PDQ_UINT16_WORDS; w += 2) {
    d += popcount32((a[w]! ^ b[w]!) | ((a[w + 1]! ^ b[w + 1]!) << 16));
  }
  return d;
}

/** Hamming distance between the codes at word offsets `a` (in `wa`) and `b` (in `wb`). */
export function pdqWordsDistance(wa: Uint32Array, a: number, wb: Uint32Array, b: number): number {
  let d = 0;
  for (let i = 0; i < PDQ_UINT32_WORDS; i++) d += popcount32((wa[a + i]! ^ wb[b + i]!) >>> 0);
  return d;
}

/** Hamming distance between two hashes in hex form, for callers outside hot loops. */
export function pdqHexDistance(a: string, b: string): number {
  return pdqWordsDistance(pdqHexToWords(a), 0, pdqHexToWords(b), 0);
}

/** Number of bits set (the reference's `--details` calls it "norm"). */
export function pdqBitCount(hash: PdqHash): number {
  assertHash(hash);
  let n = 0;
  for (let w = 0; w < PDQ_UINT16_WORDS; w += 2) n += popcount32(hash[w]! | (hash[w + 1]! << 16));
  return n;
}

function assertHex(hex: unknown): asserts hex is string {
  if (typeof hex !== 'string' || !HEX64.test(hex)) {
    throw new PdqHexError(`a PDQ hash is exactly 64 hex digits, got ${describe(hex)}`);
  }
}

function assertHash(h: PdqHash): void {
  if (!(h instanceof Uint16Array) || h.length !== PDQ_UINT16_WORDS) {
    throw new PdqHexError("a PDQ hash in the hasher's form is a Uint16Array of 16 words");
  }
}

function describe(value: unknown): string {
  if (typeof value !== 'string') return typeof value;
  const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return `${value.length} characters ${JSON.stringify(shown)}`;
}
