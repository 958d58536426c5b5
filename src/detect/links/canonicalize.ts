// URL canonicalisation as Google Safe Browsing (v4, "URLs and Hashing") specifies it, so
// that a bank entry and a link found in a post reduce to the same string however the
// link was spelled. Written by hand: WHATWG URL (node's URL) normalises differently (it
// keeps ports, rejects hosts such as "host%23.com", and does not unescape repeatedly),
// and no Safe Browsing canonicaliser is a dependency of the project. We do borrow the
// WHATWG host parser for the two things it does exactly as Safe Browsing wants: IPv4 in
// any legal spelling to four decimal parts, and IDN to Punycode.
//
// The work is done on a "byte string" (each char holds one byte, 0-255), because Safe
// Browsing unescapes and escapes bytes, not characters.
import { domainToASCII } from 'node:url';
import { parseIPv6 } from './address.js';

export interface CanonicalUrl {
  /** scheme://host/path?query, as Safe Browsing writes it. */
  readonly url: string;
  readonly scheme: string;
  /** Canonical host: lower case, Punycode, IPv4 in dotted decimal, escaped. */
  readonly host: string;
  /** Canonical path, starting with "/". */
  readonly path: string;
  /** The query without "?", or undefined when there is no "?" at all. */
  readonly query: string | undefined;
  readonly hostIsIp: boolean;
}

export class UrlError extends Error {
  override readonly name = 'UrlError';
}

/** Longer input is refused, so that one hostile link cannot cost much. */
export const MAX_URL_LENGTH = 8192;

const HEX = '0123456789ABCDEF';

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

function unescapeOnce(s: string): string {
  if (s.indexOf('%') < 0) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && i + 2 < s.length) {
      const hi = hexValue(s.charCodeAt(i + 1));
      const lo = hexValue(s.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        out += String.fromCharCode(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

/** Percent-unescapes until the string stops changing (Safe Browsing step 2). */
export function unescapeRepeatedly(s: string): string {
  // Each pass shortens the string, so this ends; the bound is only a guard.
  for (let n = 0; n < 1024; n++) {
    const next = unescapeOnce(s);
    if (next === s) return s;
    s = next;
  }
  return s;
}

/** Escapes bytes <= 0x20, >= 0x7f, "#" and "%" with upper-case hex (Safe Browsing step 5). */
export function escapeBytes(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f || c === 0x23 || c === 0x25) {
      out += '%' + HEX[c >> 4] + HEX[c & 15];
    } else out += s[i];
  }
  return out;
}

function toByteString(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}

function fromByteString(s: string): string | undefined {
  const buf = Buffer.from(s, 'latin1');
  const text = buf.toString('utf8');
  // Invalid UTF-8 decodes with U+FFFD; such a host cannot be an IDN.
  return text.includes('\ufffd') ? undefined : text;
}

function canonicalHost(raw: string): { host: string; isIp: boolean } {
  // Only ASCII is lower-cased here: the other bytes may be parts of UTF-8 sequences.
  let host = raw.replace(/[A-Z]+/g, (m) => m.toLowerCase()).replace(/\.{2,}/g, '.');
  host = host.replace(/^\.+/, '').replace(/\.+$/, '');
  if (host === '') throw new UrlError('URL has no host');
  if (host.startsWith('[') && host.endsWith(']')) {
    const bytes = parseIPv6(host);
    if (!bytes) throw new UrlError(`bad IPv6 host ${JSON.stringify(host)}`);
    const isZero = (from: number, to: number) => bytes.subarray(from, to).every((b) => b === 0);
    const mapped = isZero(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff;
    const nat64 = bytes[0] === 0 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && isZero(4, 12);
    if (mapped || nat64) return { host: Array.from(bytes.subarray(12, 16)).join('.'), isIp: true };
    return { host: new URL(`http://${host}/`).hostname, isIp: true };
  }
  // Characters the WHATWG parser forbids in a host would make it cut or refuse the host.
  const text = /[\x00-\x20#%/:<>?@[\\\]^|\x7f]/.test(host) ? undefined : fromByteString(host);
  if (text !== undefined) {
    // The WHATWG host parser turns "3279880203", "0x7f.1" or "0300.0250.0.1" into
    // dotted decimal and IDN labels into Punycode; it refuses hosts with characters
    // such as "%", "#" or spaces, which Safe Browsing keeps (escaped).
    const ascii = domainToASCII(text);
    if (ascii !== '') {
      const isIp = /^\d{1,3}(\.\d{1,3}){3}$/.test(ascii);
      return { host: ascii, isIp };
    }
  }
  return { host: escapeBytes(host), isIp: false };
}

function canonicalPath(raw: string): string {
  const segments = raw.split('/');
  const out: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const last = i === segments.length - 1;
    if (seg === '' || seg === '.') {
      // Runs of slashes collapse; a trailing "/" or "/." keeps the trailing slash.
      if (last) out.push('');
      continue;
    }
    if (seg === '..') {
      out.pop();
      if (last) out.push('');
      continue;
    }
    out.push(seg);
  }
  const path = '/' + out.join('/');
  return escapeBytes(path.replace(/\/{2,}/g, '/'));
}

/**
 * Canonicalises a URL the Safe Browsing way. A URL without a scheme is taken as http.
 * Throws UrlError for input that has no host or a scheme that is not followed by "//".
 */
export function canonicalizeUrl(input: string): CanonicalUrl {
  if (input.length > MAX_URL_LENGTH) throw new UrlError(`URL longer than ${MAX_URL_LENGTH} characters`);
  // Step 2: tabs, CR and LF go (escaped forms stay), surrounding spaces go, the fragment goes.
  let s = toByteString(input)
    .replace(/[\t\r\n]/g, '')
    .trim();
  const hash = s.indexOf('#');
  if (hash >= 0) s = s.slice(0, hash);
  s = unescapeRepeatedly(s);

  let scheme = 'http';
  const sep = s.indexOf('://');
  if (sep > 0 && /^[a-zA-Z][a-zA-Z0-9+.-]*$/.test(s.slice(0, sep))) {
    scheme = s.slice(0, sep).toLowerCase();
    s = s.slice(sep + 3);
  } else if (s.startsWith('//')) {
    s = s.slice(2);
  }

  let query: string | undefined;
  const q = s.indexOf('?');
  if (q >= 0) {
    query = s.slice(q + 1);
    s = s.slice(0, q);
  }
  const slash = s.indexOf('/');
  let authority = slash >= 0 ? s.slice(0, slash) : s;
  const rawPath = slash >= 0 ? s.slice(slash) : '/';

  // User information is not part of what a link points at; the port is dropped, as
  // Safe Browsing's expressions are made of host and path only.
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close > 0) authority = authority.slice(0, close + 1);
  } else {
    const colon = authority.indexOf(':');
    if (colon >= 0) authority = authority.slice(0, colon);
  }

  const { host, isIp } = canonicalHost(authority);
  const path = canonicalPath(rawPath);
  const escapedQuery = query === undefined ? undefined : escapeBytes(query);
  const url = `${scheme}://${host}${path}${escapedQuery === undefined ? '' : '?' + escapedQuery}`;
  return { url, scheme, host, path, query: escapedQuery, hostIsIp: isIp };
}
