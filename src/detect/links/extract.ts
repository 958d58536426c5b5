// Finds links in text, whatever the spelling: full URLs, bare domains ("example.com/x"),
// defanged forms and spaced-out dots (see deobfuscate.ts). Hand-written as one linear
// scan: the URL-extraction libraries that would fit (linkify-it, url-regex-safe) are not
// dependencies, a regular expression would still need the public-suffix check below,
// and we need offsets back into the original text.
import { canonicalizeUrl, UrlError, type CanonicalUrl } from './canonicalize.js';
import { deobfuscate } from './deobfuscate.js';
import { domainInfo } from './domain.js';

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface ExtractedLink {
  /** The link as written in the original text. */
  readonly raw: string;
  /** The link after undoing obfuscation, before canonicalisation. */
  readonly text: string;
  /** Where the link is in the original text (UTF-16 offsets, end exclusive). */
  readonly span: Span;
  /** True when the link was disguised (defanged, spaced, full-width, invisible characters). */
  readonly obfuscated: boolean;
  readonly canonical: CanonicalUrl;
}

export interface ExtractOptions {
  /** At most this many links are returned per text (default 64). */
  readonly maxLinks?: number;
}

// TLDs accepted after a dot written as a word or with spaces ("example dot com"): prose
// is full of "word. Word" and "a dot b", so only the common link TLDs are believed there.
const SOFT_DOT_TLDS = new Set([
  'com',
  'net',
  'org',
  'io',
  'me',
  'co',
  'ly',
  'gg',
  'xyz',
  'ru',
  'fr',
  'uk',
  'de',
  'info',
  'biz',
  'app',
  'link',
  'site',
  'online',
  'top',
  'to',
  'cc',
  'tk',
  'be',
  'ch',
  'ca',
  'us',
  'eu',
  'tv',
  'ws',
]);

function isHostChar(code: number, ch: string): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x2d ||
    code === 0x5f ||
    (code >= 0x80 && /[\p{L}\p{N}\p{M}]/u.test(ch))
  );
}

function isPathStop(code: number): boolean {
  // whitespace, controls, quotes and angle brackets end a link
  return code <= 0x20 || code === 0x22 || code === 0x3c || code === 0x3e || code === 0x60 || (code >= 0x7f && code <= 0xa0) || code === 0x3000;
}

const TRAILING = new Set(['.', ',', ';', ':', '!', '?', "'", '"', '*', '…']);

function trimPathEnd(text: string, start: number, end: number): number {
  while (end > start) {
    const c = text[end - 1]!;
    if (TRAILING.has(c)) {
      end--;
      continue;
    }
    // a closing bracket that does not close one inside the link belongs to the prose
    const open = c === ')' ? '(' : c === ']' ? '[' : undefined;
    if (open) {
      const inside = text.slice(start, end);
      if (count(inside, open) < count(inside, c)) {
        end--;
        continue;
      }
    }
    break;
  }
  return end;
}

function count(s: string, c: string): number {
  let n = 0;
  for (let i = s.indexOf(c); i >= 0; i = s.indexOf(c, i + 1)) n++;
  return n;
}

function validHost(host: string, hasScheme: boolean, soft: boolean): boolean {
  const labels = host.split('.');
  if (labels.some((l) => l === '' || l.length > 63) || host.length > 253) return false;
  const tld = labels[labels.length - 1]!;
  if (labels.length === 4 && labels.every((l) => /^\d{1,3}$/.test(l))) return !soft;
  if (soft && !SOFT_DOT_TLDS.has(tld)) return false;
  if (hasScheme) return labels.length >= 1;
  if (labels.length < 2 || !/^(\p{L}{2,}|xn--[a-z0-9-]+)$/iu.test(tld)) return false;
  return domainInfo(host.toLowerCase()).knownSuffix;
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/**
 * A linear pre-check that rejects most posts without building the deobfuscated copy: it
 * looks for a dot between word characters, a dot with a space on one side before a
 * lower-case letter, "://", a bracketed dot or "dot", or full-width, ideographic-dot or
 * invisible characters (which may hide any of these).
 */
function mayHoldLink(s: string): boolean {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) {
      // full-width forms, ideographic dots and invisible characters can hide a link
      if ((c >= 0xff00 && c <= 0xffef) || c === 0x3002 || c === 0x00ad || (c >= 0x200b && c <= 0x200f) || (c >= 0x2060 && c <= 0x206f) || c === 0xfeff)
        return true;
      continue;
    }
    if (c === 0x2e) {
      const before = i > 0 ? s.charCodeAt(i - 1) : 0;
      const after = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if ((isAsciiAlnum(before) || before >= 0x80) && (isAsciiAlnum(after) || after >= 0x80)) return true;
      if (
        (before === 0x20 || after === 0x20) &&
        /[a-z]/.test(
          s
            .slice(i + 1, i + 4)
            .trim()
            .charAt(0),
        )
      )
        return true;
      if (before === 0x5b || before === 0x28 || before === 0x7b || before === 0x3c || before === 0x5c) return true;
    } else if (c === 0x3a && s.charCodeAt(i + 1) === 0x2f && s.charCodeAt(i + 2) === 0x2f) return true;
    else if ((c === 0x64 || c === 0x44) && (s[i + 1] === 'o' || s[i + 1] === 'O') && (s[i + 2] === 't' || s[i + 2] === 'T')) {
      const before = i > 0 ? s.charCodeAt(i - 1) : 0;
      const after = s.charCodeAt(i + 3);
      if (
        (before === 0x20 || before === 0x5b || before === 0x28 || before === 0x7b || before === 0x3c) &&
        (after === 0x20 || after === 0x5d || after === 0x29 || after === 0x7d || after === 0x3e)
      )
        return true;
    }
  }
  return false;
}

/** Extracts every link from a text, in order of appearance. Never throws on bad input. */
export function extractLinks(input: string, options: ExtractOptions = {}): ExtractedLink[] {
  const maxLinks = options.maxLinks ?? 64;
  // Cheap test first: most posts hold no link at all.
  if (!mayHoldLink(input)) return [];
  const d = deobfuscate(input);
  const t = d.text;
  const out: ExtractedLink[] = [];
  let covered = 0;
  for (let i = 0; i < t.length && out.length < maxLinks; i++) {
    const isDot = t[i] === '.';
    const isSchemeSep = t[i] === ':' && t[i + 1] === '/' && t[i + 2] === '/';
    if ((!isDot && !isSchemeSep) || i < covered) continue;

    let hostStart: number;
    let hostEnd: number;
    let linkStart: number;
    let hasScheme = false;
    if (isSchemeSep) {
      let s = i;
      while (s > 0 && /[a-zA-Z0-9+.-]/.test(t[s - 1]!)) s--;
      if (s === i || !/[a-zA-Z]/.test(t[s]!)) continue;
      const scheme = t.slice(s, i).toLowerCase();
      if (scheme !== 'http' && scheme !== 'https') continue;
      linkStart = s;
      hostStart = i + 3;
      hasScheme = true;
      hostEnd = hostStart;
    } else {
      if (i === 0 || !isHostChar(t.charCodeAt(i - 1), t[i - 1]!) || !isHostChar(t.charCodeAt(i + 1), t[i + 1] ?? '')) continue;
      hostStart = i;
      while (hostStart > covered && (isHostChar(t.charCodeAt(hostStart - 1), t[hostStart - 1]!) || t[hostStart - 1] === '.')) hostStart--;
      linkStart = hostStart;
      hostEnd = i;
      // A scheme right before the host was handled when its "://" was seen.
      const before = t[hostStart - 1];
      if (before === '@') {
        // an e-mail address or a mention, not a link: skip past its host
        let e = i;
        while (e < t.length && (isHostChar(t.charCodeAt(e), t[e]!) || t[e] === '.')) e++;
        covered = e;
        continue;
      }
      if (before === '/' && t[hostStart - 2] === '/') linkStart = hostStart - 2;
    }
    while (hostEnd < t.length && (isHostChar(t.charCodeAt(hostEnd), t[hostEnd]!) || t[hostEnd] === '.')) hostEnd++;
    // user information before the host is kept in the link and dropped by canonicalisation
    if (hasScheme && t[hostEnd] === '@') {
      hostStart = hostEnd + 1;
      hostEnd = hostStart;
      while (hostEnd < t.length && (isHostChar(t.charCodeAt(hostEnd), t[hostEnd]!) || t[hostEnd] === '.')) hostEnd++;
    }
    // a trailing dot ends the sentence, not the host
    while (hostEnd > hostStart && t[hostEnd - 1] === '.') hostEnd--;
    const host = t.slice(hostStart, hostEnd);
    let soft = false;
    for (let k = hostStart; k < hostEnd; k++) if (d.softDots[k]) soft = true;
    if (host === '' || !validHost(host, hasScheme, soft)) {
      covered = Math.max(covered, hostEnd);
      continue;
    }
    let end = hostEnd;
    if (t[end] === ':' && /\d/.test(t[end + 1] ?? '')) {
      end++;
      while (/\d/.test(t[end] ?? '')) end++;
    }
    if (t[end] === '/' || t[end] === '?' || t[end] === '#') {
      while (end < t.length && !isPathStop(t.charCodeAt(end))) end++;
      end = trimPathEnd(t, hostEnd, end);
    }
    covered = end;
    const text = t.slice(linkStart, end);
    const span = { start: d.starts[linkStart]!, end: d.ends[end - 1]! };
    const raw = input.slice(span.start, span.end);
    let canonical: CanonicalUrl;
    try {
      canonical = canonicalizeUrl(text);
    } catch (err) {
      if (err instanceof UrlError) continue;
      throw err;
    }
    out.push({ raw, text, span, obfuscated: raw !== text, canonical });
    i = end - 1;
  }
  return out;
}
