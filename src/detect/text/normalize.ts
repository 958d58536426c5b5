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
  а: 'a', в: 'b', е: 'e', ё: 'e', і: 'i', ї: 'i', ј: 'j', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c',
  т: 't', у: 'y', х: 'x', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', ӏ: 'l', ү: 'y', һ: 'h', ɡ: 'g',
  // Greek
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w', ϲ: 'c',
  ϳ: 'j', μ: 'u', γ: 'y',
  // Latin look-alikes and letters without a decomposition
  ı: 'i', ȷ: 'j', ł: 'l', ø: 'o', đ: 'd', ħ: 'h', ŧ: 't', ƅ: 'b', ɑ: 'a', ɩ: 'i', ɪ: 'i', ʏ: 'y', ᴀ: 'a', ʙ: 'b',
  ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ɢ: 'g', ʜ: 'h', ᴊ: 'j', ᴋ: 'k', ʟ: 'l', ᴍ: 'm', ɴ: 'n', ᴏ: 'o', ᴘ: 'p', ʀ: 'r', ᴛ: 't',
  ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ᴢ: 'z', ß: 'ss', æ: 'ae', œ: 'oe', þ: 'th',
  // Typographic apostrophes and quotes become the ASCII apostrophe (a separator)
  '\u2018': "'", '\u2019': "'", '\u02bc': "'", '\u00b4': "'", '\u2032': "'", '\u201c': '"', '\u201d': '"',
};

// Leetspeak (Coop's "variant" matching uses a similar map): digits and symbols that
// stand for letters. Only folded inside words, see foldLeet below.
const LEET_DIGITS: Record<number, number> = { 0x30: 0x6f, 0x31: 0x69, 0x33: 0x65, 0x34: 0x61, 0x35: 0x73, 0x37: 0x74 };
const LEET_SYMBOLS: Record<number, number> = { 0x40: 0x61, 0x24: 0x73, 0x21: 0x69, 0x7c: 0x69, 0x2b: 0x74, 0x20ac: 0x65 };

const INVISIBLE = /^[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\u{e0000}-\u{e0fff}]$/u;
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

/** Growable parallel arrays of code units and their original spans. */
class Units {
  codes: Uint32Array;
  starts: Int32Array;
  ends: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.codes = new Uint32Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }
  push(code: number, start: number, end: number): void {
    if (this.length === this.codes.length) this.grow();
    this.codes[this.length] = code;
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.length++;
  }
  private grow(): void {
    const n = this.codes.length * 2 + 16;
    const codes = new Uint32Array(n);
    codes.set(this.codes);
    const starts = new Int32Array(n);
    starts.set(this.starts);
    const ends = new Int32Array(n);
    ends.set(this.ends);
    this.codes = codes;
    this.starts = starts;
    this.ends = ends;
  }
}

function isMarkAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0x300 && (MARK.test(String.fromCodePoint(s.codePointAt(i)!)) || c === 0x200d);
}

/**
 * Stage 1: code points (whole clusters when combining marks follow) through NFKC, then
 * invisible characters dropped, case, diacritics and confusables folded. Works on code
 * points; stage 2 works on the resulting code points too.
 */
function foldCharacters(input: string): Units {
  const u = new Units(input.length + 16);
  const n = input.length;
  for (let i = 0; i < n; ) {
    const c = input.charCodeAt(i);
    if (c < 0x80 && (i + 1 >= n || input.charCodeAt(i + 1) < 0x300)) {
      u.push(c >= 0x41 && c <= 0x5a ? c + 32 : c, i, i + 1);
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
        u.push(cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp, i, j);
        continue;
      }
      for (const out of foldCodePoint(cp)) {
        const oc = out.codePointAt(0)!;
        // a combining mark left alone after a Latin letter is a diacritic: drop it
        const prev = u.length > 0 ? u.codes[u.length - 1]! : 0;
        if (oc >= 0x300 && MARK.test(out) && prev >= 0x61 && prev <= 0x7a) continue;
        u.push(oc, i, j);
      }
    }
    i = j;
  }
  return u;
}

function isLetterish(k: Kind | undefined): boolean {
  return k === Kind.Letter || k === Kind.Word;
}

/**
 * Stage 2: leetspeak. A digit run is read as letters only inside a word ("h0w", "s3cr3t",
 * "m33t"), as a single digit ending a word ("n0", "h3ll0"), or as zeros starting one
 * ("0ld"): numbers on their own ("13",
 * "2024", "$100") and digits that start a word ("10pm", "3rd") stay digits, because ages,
 * times and amounts matter to rules. Symbols are read as letters only between letters
 * ("c@ll", "a+b" is not a word), except "$" which also counts before a letter ("$ecret");
 * "@" at the start of a word is a mention and stays.
 */
function foldLeet(u: Units, kinds: Uint8Array): void {
  const n = u.length;
  for (let i = 0; i < n; i++) {
    const k = kinds[i];
    if (k === Kind.Digit) {
      let j = i;
      while (j < n && kinds[j] === Kind.Digit) j++;
      const before = i > 0 ? (kinds[i - 1] as Kind) : undefined;
      const after = j < n ? (kinds[j] as Kind) : undefined;
      const inside = isLetterish(before) && isLetterish(after);
      const trailing = isLetterish(before) && j - i === 1 && !isLetterish(after) && after !== Kind.Digit && after !== Kind.Symbol;
      // No time, ordinal or amount starts with 0, so "0ld" and "0nly" are words.
      let zeros = !isLetterish(before) && isLetterish(after);
      for (let m = i; m < j && zeros; m++) if (u.codes[m] !== 0x30) zeros = false;
      if (inside || trailing || zeros) {
        let all = true;
        for (let m = i; m < j; m++) if (LEET_DIGITS[u.codes[m]!] === undefined) all = false;
        if (all) {
          for (let m = i; m < j; m++) {
            u.codes[m] = LEET_DIGITS[u.codes[m]!]!;
            kinds[m] = Kind.Letter;
          }
        }
      }
      i = j - 1;
    } else if (k === Kind.Symbol) {
      const before = i > 0 ? (kinds[i - 1] as Kind) : undefined;
      const after = i + 1 < n ? (kinds[i + 1] as Kind) : undefined;
      const code = u.codes[i]!;
      const fold = code === 0x24 ? isLetterish(after) : isLetterish(before) && isLetterish(after);
      if (fold) {
        u.codes[i] = LEET_SYMBOLS[code]!;
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

/** Normalises text for matching, keeping a map back to the original. */
export function normalise(input: string, options: NormaliseOptions = {}): NormalisedText {
  const u = foldCharacters(input);
  const n = u.length;
  const kinds = new Uint8Array(n);
  for (let i = 0; i < n; i++) kinds[i] = kindOf(u.codes[i]!);
  if (options.leet !== false) foldLeet(u, kinds);
  else for (let i = 0; i < n; i++) if (kinds[i] === Kind.Symbol) kinds[i] = Kind.Sep;
  for (let i = 0; i < n; i++) {
    if (kinds[i] === Kind.Mark) kinds[i] = i > 0 && kinds[i - 1] !== Kind.Sep ? Kind.Word : Kind.Sep;
  }
  const collapse = options.collapse !== false;

  // Stage 3: separators to single spaces, repeated letters collapsed, UTF-16 out.
  const outCodes: number[] = [];
  const starts = new Int32Array(n * 2 + 1);
  const ends = new Int32Array(n * 2 + 1);
  let len = 0;
  let pendingSpace = -1;
  for (let i = 0; i < n; i++) {
    const k = kinds[i] as Kind;
    if (k === Kind.Sep) {
      if (len > 0 && pendingSpace < 0) pendingSpace = i;
      continue;
    }
    const code = u.codes[i]!;
    if (pendingSpace >= 0) {
      outCodes.push(0x20);
      starts[len] = u.starts[pendingSpace]!;
      ends[len] = u.ends[pendingSpace]!;
      len++;
      pendingSpace = -1;
    } else if (collapse && k === Kind.Letter && len > 0 && outCodes[len - 1] === code) {
      ends[len - 1] = u.ends[i]!;
      continue;
    }
    if (code > 0xffff) {
      const hi = 0xd800 + ((code - 0x10000) >> 10);
      const lo = 0xdc00 + ((code - 0x10000) & 0x3ff);
      outCodes.push(hi, lo);
      starts[len] = starts[len + 1] = u.starts[i]!;
      ends[len] = ends[len + 1] = u.ends[i]!;
      len += 2;
    } else {
      outCodes.push(code);
      starts[len] = u.starts[i]!;
      ends[len] = u.ends[i]!;
      len++;
    }
  }
  let text = '';
  for (let i = 0; i < len; i += 4096) text += String.fromCharCode(...outCodes.slice(i, i + 4096));
  return { original: input, text, starts: starts.slice(0, len), ends: ends.slice(0, len) };
}

/** The normalised form alone, for rule phrases and term-list entries. */
export function normaliseTerm(term: string): string {
  return normalise(term).text;
}
