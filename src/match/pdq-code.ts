// A PDQ hash as the matcher sees it: 256 bits in eight Uint32 words, never a BigInt
// (BigInt XOR and popcount are orders of magnitude slower than 32-bit integer maths).
//
// Bit layout follows the reference (pdq.md §11): the hex string is the big-endian
// 256-bit integer, so its last 8 characters are word 0 and its first 8 are word 7.
// Within word i, the low 16 bits are the reference's uint16 w[2i] and the high 16 bits
// w[2i+1]; slot t of the multi-index is w[t], one DCT row of the hash.

export const PDQ_WORDS = 8;
export const PDQ_BITS = 256;
export const PDQ_HEX_LENGTH = 64;

const HEX64 = /^[0-9a-fA-F]{64}$/;

export function isPdqHex(value: string): boolean {
  return HEX64.test(value);
}

/** Parses 64 hex characters (either case) into `out` at word offset `at`; throws on bad input. */
export function pdqHexToWords(hex: string, out: Uint32Array = new Uint32Array(PDQ_WORDS), at = 0): Uint32Array {
  if (!HEX64.test(hex)) {
    throw new Error(`a PDQ hash is 64 hexadecimal characters, got ${describe(hex)}`);
  }
  for (let i = 0; i < PDQ_WORDS; i++) {
    const end = PDQ_HEX_LENGTH - 8 * i;
    out[at + i] = parseInt(hex.slice(end - 8, end), 16) >>> 0;
  }
  return out;
}

/** Formats eight words (from `at`) as 64 lowercase hex characters, the reference's form. */
export function pdqWordsToHex(words: Uint32Array, at = 0): string {
  let hex = '';
  for (let i = PDQ_WORDS - 1; i >= 0; i--) {
    hex += (words[at + i]! >>> 0).toString(16).padStart(8, '0');
  }
  return hex;
}

/** Canonical lowercase hex of a PDQ hash given in either case. */
export function normalisePdqHex(hex: string): string {
  if (!HEX64.test(hex)) throw new Error(`a PDQ hash is 64 hexadecimal characters, got ${describe(hex)}`);
  return hex.toLowerCase();
}

/** Number of set bits of a 32-bit integer (SWAR: JavaScript has no popcount instruction). */
export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Hamming distance between the codes at word offsets `a` (in `wa`) and `b` (in `wb`). */
export function pdqDistance(wa: Uint32Array, a: number, wb: Uint32Array, b: number): number {
  let d = 0;
  for (let i = 0; i < PDQ_WORDS; i++) d += popcount32((wa[a + i]! ^ wb[b + i]!) >>> 0);
  return d;
}

/** Hamming distance between two hex hashes: a convenience for callers outside hot loops. */
export function pdqHexDistance(a: string, b: string): number {
  return pdqDistance(pdqHexToWords(a), 0, pdqHexToWords(b), 0);
}

function describe(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return `${value.length} characters ${JSON.stringify(shown)}`;
}
