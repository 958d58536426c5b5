// Text normalisation for matching (signals.md §4.1): NFKC, zero-width and bidirectional
// controls removed, case, diacritics, confusables and homoglyphs folded to Latin,
// leetspeak folded inside words, repeated letters collapsed, and every run of spaces and
// punctuation made one space. Rules and term lists are normalised by the same function,
// so an operator writes "keep it secret" and it matches "K33P  it.. SEECRET".
//
// Every character of the result keeps the span of the original text it came from
// (starts/ends), so a reviewer sees the evidence highlighted where it was written.
//
// Hand-written because no installed library does these folds with an offset map, and
// the unhomoglyph/confusables packages would bring the whole Unicode confusables table
// when we only need what folds onto Latin letters. It is one linear pass with typed
// arrays because it runs on every post.

export interface NormalisedText {
  readonly original: string;
  /** The folded text: lower-case Latin where a Latin reading exists, single spaces, no edges. */
  readonly text: string;
  /** starts[i]..ends[i] is the span of original text that produced text[i]. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** The original span of text[start..end) (end exclusive). */
export function originalSpan(n: NormalisedText, start: number, end: number): Span {
  if (end <= start || start < 0 || end > n.text.length) throw new RangeError(`bad span ${start}..${end}`);
  return { start: n.starts[start]!, end: n.ends[end - 1]! };
}

// Letters from other scripts that look like Latin ones, as used to dodge filters.
// Only what folds to a-z is listed; everything else keeps its own letters.
const CONFUSABLES: Record<string, string> = {
  // Cyrillic
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  і: 'i',
  ї: 'i',
  ј: 'j',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  ү: 'y',
  һ: 'h',
  ɡ: 'g',
  // Greek
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  ϲ: 'c',
  ϳ: 'j',
  μ: 'u',
  γ: 'y',
  // Latin look-alikes and letters without a decomposition
  ı: 'i',
  ȷ: 'j',
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ħ: 'h',
  ŧ: 't',
  ƅ: 'b',
  ɑ: 'a',
  ɩ: 'i',
  ɪ: 'i',
  ʏ: 'y',
  ᴀ: 'a',
  ʙ: 'b',
  ᴄ: 'c',
  ᴅ: 'd',
  ᴇ: 'e',
  ɢ: 'g',
  ʜ: 'h',
  ᴊ: 'j',
  ᴋ: 'k',
  ʟ: 'l',
  ᴍ: 'm',
  ɴ: 'n',
  ᴏ: 'o',
  ᴘ: 'p',
  ʀ: 'r',
  ᴛ: 't',
  ᴜ: 'u',
  ᴠ: 'v',
  ᴡ: 'w',
  ᴢ: 'z',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
  // Typographic apostrophes and quotes become the ASCII apostrophe (a separator)
  '\u2018': "'",
  '\u2019': "'",
  '\u02bc': "'",
  '\u00b4': "'",
  '\u2032': "'",
  '\u201c': '"',
  '\u201d': '"',
};

// Leetspeak (Coop's "variant" matching uses a similar map): digits and symbols that
// stand for letters. Only folded inside words, see foldLeet below.
const LEET_DIGITS: Record<number, number> = { 0x30: 0x6f, 0x31: 0x69, 0x33: 0x65, 0x34: 0x61, 0x35: 0x73, 0x37: 0x74 };
const LEET_SYMBOLS: Record<number, number> = { 0x40: 0x61, 0x24: 0x73, 0x21: 0x69, 0x7c: 0x69, 0x2b: 0x74, 0x20ac: 0x65 };

const INVISIBLE =
  /^[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\u{e0000}-\u{e0fff}]$/u;
const MARK = /^\p{M}$/u;
const WORD = /^[\p{L}\p{N}]$/u;

const enum Kind {
  Sep = 0,
  Letter = 1, // a-z
  Digit = 2,
  Symbol = 3, // a leet symbol
  Word = 4, // a letter or digit of another script
  Mark = 5, // a combining mark: part of a word only when it follows one
}

// Memo of the fold of each non-ASCII code point (pure, so a module-level cache is safe).
const foldCache = new Map<number, string>();

function foldCodePoint(cp: number): string {
  let f = foldCache.get(cp);
  if (f !== undefined) return f;
  const ch = String.fromCodePoint(cp);
  if (INVISIBLE.test(ch)) f = '';
  else {
    const lower = ch.toLowerCase();
    f = '';
    for (const c of lower) {
      const conf = CONFUSABLES[c];
      if (conf !== undefined) {
        f += conf;
        continue;
      }
      const code = c.codePointAt(0)!;
      // Diacritics are dropped from Latin, Greek and Cyrillic letters only: in other
      // scripts (Devanagari, Arabic, ...) the marks are part of the spelling.
      if (code < 0x0530 || (code >= 0x1e00 && code <= 0x1fff)) {
        const base = c.normalize('NFD').replace(/\p{M}/gu, '');
        const again = base.length === 1 ? CONFUSABLES[base] : undefined;
        f += again ?? base;
      } else f += c;
    }
  }
  foldCache.set(cp, f);
  return f;
}

const kindCache = new Map<number, Kind>();

function kindOf(code: number): Kind {
  if (code < 0x80) {
    if (code >= 0x61 && code <= 0x7a) return Kind.Letter;
    if (code >= 0x30 && code <= 0x39) return Kind.Digit;
    if (LEET_SYMBOLS[code] !== undefined) return Kind.Symbol;
    return Kind.Sep;
  }
  if (code === 0x20ac) return Kind.Symbol;
  let k = kindCache.get(code);
  if (k === undefined) {
    const ch = String.fromCodePoint(code);
    k = WORD.test(ch) ? Kind.Word : MARK.test(ch) ? Kind.Mark : Kind.Sep;
    kindCache.set(code, k);
  }
  return k;
}

// Scratch buffers reused across calls (normalise is synchronous, so nothing can interleave);
// only the result is copied out. This keeps the per-post cost to a few small allocations.
let sCodes = new Uint32Array(1024);
let sStarts = new Int32Array(1024);
let sEnds = new Int32Array(1024);
let sKinds = new Uint8Array(1024);
let sLength = 0;
let oCodes = new Uint16Array(2048);
let oStarts = new Int32Array(2048);
let oEnds = new Int32Array(2048);

const ASCII_KIND = new Uint8Array(128).map((_, c) => kindOf(c >= 0x41 && c <= 0x5a ? c + 32 : c));

function growStage1(): void {
  const n = sCodes.length * 2;
  const codes = new Uint32Array(n);
  codes.set(sCodes);
  const starts = new Int32Array(n);
  starts.set(sStarts);
  const ends = new Int32Array(n);
  ends.set(sEnds);
  const kinds = new Uint8Array(n);
  kinds.set(sKinds);
  sCodes = codes;
  sStarts = starts;
  sEnds = ends;
  sKinds = kinds;
}

function push(code: number, start: number, end: number, kind: number): void {
  if (sLength === sCodes.length) growStage1();
  sCodes[sLength] = code;
  sStarts[sLength] = start;
  sEnds[sLength] = end;
  sKinds[sLength] = kind;
  sLength++;
}

function isMarkAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0x300 && (MARK.test(String.fromCodePoint(s.codePointAt(i)!)) || c === 0x200d);
}

/**
 * Stage 1: code points (whole clusters when combining marks follow) through NFKC, then
 * invisible characters dropped, case, diacritics and confusables folded, with the kind
 * of each resulting code point. Returns true when a digit or leet symbol was seen.
 */
function foldCharacters(input: string): boolean {
  sLength = 0;
  let leetCandidates = false;
  const n = input.length;
  while (sCodes.length < n + 1) growStage1();
  for (let i = 0; i < n;) {
    const c = input.charCodeAt(i);
    if (c < 0x80 && (i + 1 >= n || input.charCodeAt(i + 1) < 0x300)) {
      // ASCII: one output per input, and the buffers were sized for that above
      // (non-ASCII may take more room, through push()).
      if (sLength === sCodes.length) growStage1();
      const k = ASCII_KIND[c]!;
      if (k === Kind.Digit || k === Kind.Symbol) leetCandidates = true;
      sCodes[sLength] = c >= 0x41 && c <= 0x5a ? c + 32 : c;
      sStarts[sLength] = i;
      sEnds[sLength] = i + 1;
      sKinds[sLength] = k;
      sLength++;
      i++;
      continue;
    }
    // A cluster: one code point and the combining marks after it, normalised together
    // so that "e" + U+0301 composes before folding.
    let j = i + (input.codePointAt(i)! > 0xffff ? 2 : 1);
    while (j < n && isMarkAt(input, j)) j += input.codePointAt(j)! > 0xffff ? 2 : 1;
    const cluster = input.slice(i, j);
    const nf = cluster.length === 1 && c < 0x300 ? cluster : cluster.normalize('NFKC');
    for (const ch of nf) {
      const cp = ch.codePointAt(0)!;
      if (cp < 0x80) {
        const k = ASCII_KIND[cp]!;
        if (k === Kind.Digit || k === Kind.Symbol) leetCandidates = true;
        push(cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp, i, j, k);
        continue;
      }
      for (const out of foldCodePoint(cp)) {
        const oc = out.codePointAt(0)!;
        // a combining mark left alone after a Latin letter is a diacritic: drop it
        const prev = sLength > 0 ? sCodes[sLength - 1]! : 0;
        if (oc >= 0x300 && MARK.test(out) && prev >= 0x61 && prev <= 0x7a) continue;
        const k = kindOf(oc);
        if (k === Kind.Digit || k === Kind.Symbol) leetCandidates = true;
        push(oc, i, j, k);
      }
    }
    i = j;
  }
  return leetCandidates;
}

function isLetterish(k: number | undefined): boolean {
  return k === Kind.Letter || k === Kind.Word;
}

/**
 * Stage 2: leetspeak. A digit run is read as letters only inside a word ("h0w", "s3cr3t",
 * "m33t"), as a single digit ending a word ("n0", "h3ll0"), or as zeros starting one
 * ("0ld"): numbers on their own ("13", "2024", "$100") and digits that start a word
 * ("10pm", "3rd") stay digits, because ages, times and amounts matter to rules. Symbols
 * are read as letters only between letters ("c@ll"), except "$" which also counts before
 * a letter ("$ecret"); "@" at the start of a word is a mention and stays.
 */
function foldLeet(): void {
  const n = sLength;
  const codes = sCodes;
  const kinds = sKinds;
  for (let i = 0; i < n; i++) {
    const k = kinds[i];
    if (k === Kind.Digit) {
      let j = i;
      while (j < n && kinds[j] === Kind.Digit) j++;
      const before = i > 0 ? kinds[i - 1] : undefined;
      const after = j < n ? kinds[j] : undefined;
      const inside = isLetterish(before) && isLetterish(after);
      const trailing = isLetterish(before) && j - i === 1 && !isLetterish(after) && after !== Kind.Digit && after !== Kind.Symbol;
      // No time, ordinal or amount starts with 0, so "0ld" and "0nly" are words.
      let zeros = !isLetterish(before) && isLetterish(after);
      for (let m = i; m < j && zeros; m++) if (codes[m] !== 0x30) zeros = false;
      if (inside || trailing || zeros) {
        let all = true;
        for (let m = i; m < j; m++) if (LEET_DIGITS[codes[m]!] === undefined) all = false;
        if (all) {
          for (let m = i; m < j; m++) {
            codes[m] = LEET_DIGITS[codes[m]!]!;
            kinds[m] = Kind.Letter;
          }
        }
      }
      i = j - 1;
    } else if (k === Kind.Symbol) {
      const before = i > 0 ? kinds[i - 1] : undefined;
      const after = i + 1 < n ? kinds[i + 1] : undefined;
      const code = codes[i]!;
      const fold = code === 0x24 ? isLetterish(after) : isLetterish(before) && isLetterish(after);
      if (fold) {
        codes[i] = LEET_SYMBOLS[code]!;
        kinds[i] = Kind.Letter;
      } else kinds[i] = Kind.Sep;
    }
  }
}

export interface NormaliseOptions {
  /** Fold leetspeak (default true). */
  readonly leet?: boolean;
  /** Collapse runs of the same letter to one (default true). */
  readonly collapse?: boolean;
}

function ensureOutput(n: number): void {
  if (oCodes.length >= n) return;
  let size = oCodes.length;
  while (size < n) size *= 2;
  oCodes = new Uint16Array(size);
  oStarts = new Int32Array(size);
  oEnds = new Int32Array(size);
}

/** Normalises text for matching, keeping a map back to the original. */
export function normalise(input: string, options: NormaliseOptions = {}): NormalisedText {
  const leetCandidates = foldCharacters(input);
  const n = sLength;
  const kinds = sKinds;
  if (leetCandidates) {
    if (options.leet !== false) foldLeet();
    else for (let i = 0; i < n; i++) if (kinds[i] === Kind.Symbol) kinds[i] = Kind.Sep;
  }
  const collapse = options.collapse !== false;

  // Stage 3: separators to single spaces, repeated letters collapsed, UTF-16 out.
  ensureOutput(n * 2 + 1);
  const codes = sCodes;
  let len = 0;
  let pendingSpace = -1;
  let prevKind: number = Kind.Sep;
  for (let i = 0; i < n; i++) {
    let k = kinds[i]!;
    // a combining mark belongs to the word before it; alone, it is a separator
    if (k === Kind.Mark) k = prevKind !== Kind.Sep ? Kind.Word : Kind.Sep;
    prevKind = k;
    if (k === Kind.Sep) {
      if (len > 0 && pendingSpace < 0) pendingSpace = i;
      continue;
    }
    const code = codes[i]!;
    if (pendingSpace >= 0) {
      oCodes[len] = 0x20;
      oStarts[len] = sStarts[pendingSpace]!;
      oEnds[len] = sEnds[pendingSpace]!;
      len++;
      pendingSpace = -1;
    } else if (collapse && k === Kind.Letter && len > 0 && oCodes[len - 1] === code) {
      oEnds[len - 1] = sEnds[i]!;
      continue;
    }
    if (code > 0xffff) {
      oCodes[len] = 0xd800 + ((code - 0x10000) >> 10);
      oCodes[len + 1] = 0xdc00 + ((code - 0x10000) & 0x3ff);
      oStarts[len] = oStarts[len + 1] = sStarts[i]!;
      oEnds[len] = oEnds[len + 1] = sEnds[i]!;
      len += 2;
    } else {
      oCodes[len] = code;
      oStarts[len] = sStarts[i]!;
      oEnds[len] = sEnds[i]!;
      len++;
    }
  }
  let text = '';
  for (let i = 0; i < len; i += 8192) text += String.fromCharCode.apply(null, oCodes.subarray(i, Math.min(len, i + 8192)) as unknown as number[]);
  return { original: input, text, starts: oStarts.slice(0, len), ends: oEnds.slice(0, len) };
}

/** The normalised form alone, for rule phrases and term-list entries. */
export function normaliseTerm(term: string): string {
  return normalise(term).text;
}
