// Undoes the ways people disguise links in text ("example[.]com", "hxxp://", "example . com",
// full-width letters, zero-width characters) while keeping, for every character of the
// result, the span of the original text it came from, so evidence can be highlighted.
// Hand-written: it is a single linear pass over the text with a few fixed tokens, which
// no installed library does with an offset map.

export interface DeobfuscatedText {
  readonly text: string;
  /** starts[i], ends[i]: the original span of text[i] (UTF-16 offsets, end exclusive). */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** 1 where text[i] is a dot that was written as a word or with spaces around it. */
  readonly softDots: Uint8Array;
}

const INVISIBLE = /^[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]$/;
// Ideographic and half-width full stops, which NFKC leaves as they are.
const DOTS = new Set(['\u3002', '\uff0e', '\uff61']);

/** Growable UTF-16 output with the original span of every unit. */
class Builder {
  codes: Uint16Array;
  starts: Int32Array;
  ends: Int32Array;
  soft: Uint8Array;
  length = 0;
  constructor(capacity: number) {
    this.codes = new Uint16Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.soft = new Uint8Array(capacity);
  }
  pushUnit(code: number, start: number, end: number, soft = 0): void {
    if (this.length === this.codes.length) this.grow();
    this.codes[this.length] = code;
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.soft[this.length] = soft;
    this.length++;
  }
  push(s: string, start: number, end: number, soft = 0): void {
    for (let k = 0; k < s.length; k++) this.pushUnit(s.charCodeAt(k), start, end, soft);
  }
  last(): string | undefined {
    return this.length > 0 ? String.fromCharCode(this.codes[this.length - 1]!) : undefined;
  }
  text(): string {
    let out = '';
    for (let i = 0; i < this.length; i += 8192) {
      out += String.fromCharCode.apply(null, this.codes.subarray(i, Math.min(this.length, i + 8192)) as unknown as number[]);
    }
    return out;
  }
  private grow(): void {
    const n = this.codes.length * 2 + 16;
    const codes = new Uint16Array(n);
    codes.set(this.codes);
    const starts = new Int32Array(n);
    starts.set(this.starts);
    const ends = new Int32Array(n);
    ends.set(this.ends);
    const soft = new Uint8Array(n);
    soft.set(this.soft);
    this.codes = codes;
    this.starts = starts;
    this.ends = ends;
    this.soft = soft;
  }
}

function isAlnum(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x80 && /[\p{L}\p{N}]/u.test(c));
}

/** Pass 1: NFKC per code point, invisible characters dropped, odd full stops made ".". */
function foldCharacters(input: string): Builder {
  const b = new Builder(input.length + 8);
  for (let i = 0; i < input.length;) {
    const code = input.charCodeAt(i);
    if (code < 0x80) {
      b.pushUnit(code, i, i + 1);
      i++;
      continue;
    }
    const cp = input.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const ch = input.slice(i, i + width);
    if (INVISIBLE.test(ch)) {
      // dropped
    } else if (DOTS.has(ch)) b.push('.', i, i + width);
    else {
      const folded = ch.normalize('NFKC');
      b.push(DOTS.has(folded) ? '.' : folded, i, i + width);
    }
    i += width;
  }
  return b;
}

// Written-out dots and defanged separators, longest first; matched case-insensitively.
const DOT_TOKENS = ['[dot]', '(dot)', '{dot}', '<dot>', '[.]', '(.)', '{.}', '<.>', '\\.'];
const COLON_TOKENS: readonly [string, string][] = [
  ['[://]', '://'],
  ['[:]', ':'],
  ['[/]', '/'],
  ['(:)', ':'],
];

function startsWithAt(s: string, i: number, token: string): boolean {
  return s.substr(i, token.length).toLowerCase() === token;
}

/** Pass 2: defanged tokens and spaced dots rewritten; maps composed onto the original. */
export function deobfuscate(input: string): DeobfuscatedText {
  const a = foldCharacters(input);
  const s = a.text();
  const out = new Builder(s.length + 8);
  const emit = (text: string, from: number, to: number, soft = 0) => {
    // The output characters span the original text of a[from..to).
    out.push(text, a.starts[from]!, a.ends[to - 1]!, soft);
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    // hxxp:// and hxxps:// (also h**p)
    if ((c === 'h' || c === 'H') && /^h[xX*]{2}p[sS]?(?::|\[:\])/i.test(s.substr(i, 10))) {
      const secure = s[i + 4] === 's' || s[i + 4] === 'S';
      emit(secure ? 'https' : 'http', i, i + (secure ? 5 : 4));
      i += secure ? 5 : 4;
      continue;
    }
    if (c === '[' || c === '(' || c === '{' || c === '<' || c === '\\') {
      const dot = DOT_TOKENS.find((t) => startsWithAt(s, i, t));
      if (dot && isAlnum(lastChar(out))) {
        // spaces after a written dot ("example[.] com") go with it
        let k = i + dot.length;
        while (s[k] === ' ' && k - i - dot.length < 3) k++;
        if (isAlnum(s[k])) {
          emit('.', i, k, dot.includes('dot') ? 1 : 0);
          i = k;
          continue;
        }
      }
      const colon = COLON_TOKENS.find(([t]) => startsWithAt(s, i, t));
      if (colon) {
        emit(colon[1], i, i + colon[0].length);
        i += colon[0].length;
        continue;
      }
    }
    if (c === ' ' && isAlnum(lastChar(out))) {
      // "example . com", "example .com", "example [.] com" and "example dot com"
      let j = i;
      while (s[j] === ' ' && j - i < 3) j++;
      const dot = s[j] === '.' ? '.' : DOT_TOKENS.find((t) => startsWithAt(s, j, t));
      const word = !dot && startsWithAt(s, j, 'dot ') ? 'dot' : undefined;
      const token = dot ?? word;
      if (token) {
        let k = j + token.length;
        while (s[k] === ' ' && k - j - token.length < 3) k++;
        if (isAlnum(s[k])) {
          emit('.', i, k, 1);
          i = k;
          continue;
        }
      }
    }
    if (c === '.' && s[i + 1] === ' ' && isAlnum(lastChar(out))) {
      // "example. com": a space after the dot only
      let k = i + 1;
      while (s[k] === ' ' && k - i < 3) k++;
      if (isAlnum(s[k])) {
        emit('.', i, k, 1);
        i = k;
        continue;
      }
    }
    emit(c, i, i + 1);
    i++;
  }
  return {
    text: out.text(),
    starts: out.starts.subarray(0, out.length),
    ends: out.ends.subarray(0, out.length),
    softDots: out.soft.subarray(0, out.length),
  };
}

function lastChar(b: Builder): string | undefined {
  return b.last();
}
