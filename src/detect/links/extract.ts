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
  'com', 'net', 'org', 'io', 'me', 'co', 'ly', 'gg', 'xyz', 'ru', 'fr', 'uk', 'de', 'info', 'biz',
  'app', 'link', 'site', 'online', 'top', 'to', 'cc', 'tk', 'be', 'ch', 'ca', 'us', 'eu', 'tv', 'ws',
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

/** Extracts every link from a text, in order of appearance. Never throws on bad input. */
export function extractLinks(input: string, options: ExtractOptions = {}): ExtractedLink[] {
  const maxLinks = options.maxLinks ?? 64;
  // Cheap test first: most posts hold no link at all.
  if (!/[.\u3002\uff0e\uff61]|dot|:\/\//i.test(input)) return [];
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
