// The Canadian Centre for Child Protection's Arachnid Shield: known-media lookup by exact
// (SHA-1) and near (PhotoDNA) match, for media bytes and for a URL. Documented shape (shared
// reference signals.md §7.4, from the Centre's Rust SDK, src/api/v1.rs and
// data_structures.rs): HTTP Basic auth; POST /v1/media/ with the raw bytes and their
// Content-Type; POST /v1/url/ with {"url": ...}; both answered with a ScannedMedia:
// sha1_base32, sha256_hex, size_bytes, classification (csam, harmful-abusive-material,
// no-known-match), match_type (exact, near), near_match_details[]. The URL endpoint gets the
// address only: the Centre looks it up on its side, vigie never fetches it.
import {
  basicAuth,
  checkStatus,
  jsonBody,
  malformed,
  record,
  type ClassifierAdapter,
  type ClassifierFinding,
  type ClassifierInput,
  type ProviderResponse,
} from './classifier.js';

/** csam is what the Centre confirmed as such; harmful-abusive-material is its second category. */
const CLASSIFICATION_SCORES: Readonly<Record<string, number>> = { csam: 1, 'harmful-abusive-material': 0.8, 'no-known-match': 0 };

export const arachnidShield: ClassifierAdapter = {
  provider: 'arachnid-shield',
  accepts: ['image', 'url'],
  refuses(input) {
    return input.kind === 'text' ? 'takes media and URLs only' : null;
  },
  request(input, credentials) {
    const headers = { authorization: basicAuth(credentials) };
    if (input.kind === 'image') return { method: 'POST', path: '/v1/media/', headers: { ...headers, 'content-type': input.mimeType }, body: input.bytes };
    if (input.kind === 'url')
      return { method: 'POST', path: '/v1/url/', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ url: input.url }) };
    throw new TypeError('arachnid-shield takes media and URLs only');
  },
  parse(input: ClassifierInput, response: ProviderResponse): ClassifierFinding | null {
    checkStatus('arachnid-shield', response);
    const body = record(jsonBody('arachnid-shield', response));
    const classification = body?.classification;
    const score = typeof classification === 'string' ? CLASSIFICATION_SCORES[classification] : undefined;
    if (score === undefined) throw malformed('arachnid-shield', 'classification is not csam, harmful-abusive-material or no-known-match');
    if (score === 0) return null;
    const near = Array.isArray(body!.near_match_details) ? body!.near_match_details.length : 0;
    return {
      provider: 'arachnid-shield',
      model: input.kind === 'url' ? 'arachnid-shield-v1-url' : 'arachnid-shield-v1-media',
      modelVersion: null,
      input: input.kind === 'url' ? 'url' : 'image',
      score,
      label: classification as string,
      materialNature: null,
      details: {
        matchType: typeof body!.match_type === 'string' ? body!.match_type : null,
        sha256: typeof body!.sha256_hex === 'string' ? body!.sha256_hex : null,
        nearMatches: near,
      },
    };
  },
};
