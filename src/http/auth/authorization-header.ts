// The Authorization header, parsed once and strictly (RFC 9110 §11.4, formerly RFC 7235):
// `credentials = auth-scheme [ 1*SP token68 ]`. The scheme is case-insensitive ("Bearer",
// "bearer", "BEARER"); one or more spaces or tabs separate it from the credentials; the
// credentials are one token68 (letters, digits and - . _ ~ + /, then any number of =).
// Anything else is refused rather than trimmed or guessed at, so that two spellings of the
// same credential can never count as two different callers. Pure: a string in, a value out.

export type BearerParse = { ok: true; token: string } | { ok: false; reason: 'missing' | 'scheme' | 'malformed' };

// Node has already removed leading and trailing whitespace from a header value; a header
// built by hand (tests, another framework) may still carry it, and it changes nothing.
const CREDENTIALS = /^[ \t]*([!#$%&'*+\-.^_`|~0-9A-Za-z]+)(?:[ \t]+([-._~+/0-9A-Za-z]+=*))?[ \t]*$/;

/** The bearer token of an Authorization header, or why there is none. */
export function parseBearer(header: string | readonly string[] | undefined): BearerParse {
  if (header === undefined || header === '') return { ok: false, reason: 'missing' };
  // Two Authorization headers are ambiguous: which one would the rate limit count?
  if (typeof header !== 'string') return { ok: false, reason: 'malformed' };
  const m = CREDENTIALS.exec(header);
  if (!m) return { ok: false, reason: 'malformed' };
  if (m[2] === undefined) return { ok: false, reason: 'malformed' };
  if (m[1]!.toLowerCase() !== 'bearer') return { ok: false, reason: 'scheme' };
  return { ok: true, token: m[2] };
}
