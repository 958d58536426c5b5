// Google's Content Safety API: a priority for review of images no list knows yet, never a
// verdict (Google's guidance: a person reviews). Documented shape (shared reference
// signals.md §7.2, from Google's partner pages and Coop's client): POST
// /v1beta1/images:classify?key=KEY with {"images": [base64, ...]}, answered with
// {"reviewPriorities": [VERY_LOW..VERY_HIGH, ...], "model_version": "..."}. One image per
// request here, so that each answer is one media item's.
import {
  checkStatus,
  jsonBody,
  malformed,
  record,
  type ClassifierAdapter,
  type ClassifierCredentials,
  type ClassifierFinding,
  type ClassifierInput,
  type ProviderRequest,
  type ProviderResponse,
} from './classifier.js';

/** Each priority as a score: evenly spread, so that an operator's cut reads as a priority. */
export const REVIEW_PRIORITY_SCORES: Readonly<Record<string, number>> = { VERY_LOW: 0.1, LOW: 0.3, MEDIUM: 0.5, HIGH: 0.7, VERY_HIGH: 0.9 };

/** Google's own cap on a request body. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export const googleContentSafety: ClassifierAdapter = {
  provider: 'google-content-safety',
  accepts: ['image'],
  refuses(input) {
    if (input.kind !== 'image') return 'takes images only';
    // base64 grows the bytes by a third.
    return Math.ceil(input.bytes.length / 3) * 4 + 64 > MAX_BODY_BYTES ? 'larger than the 10 MB request cap' : null;
  },
  request(input: ClassifierInput, credentials: ClassifierCredentials): ProviderRequest {
    if (input.kind !== 'image') throw new TypeError('google-content-safety takes images only');
    return {
      method: 'POST',
      path: '/v1beta1/images:classify',
      query: { key: credentials.apiKey ?? '' },
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ images: [Buffer.from(input.bytes).toString('base64')] }),
    };
  },
  parse(_input: ClassifierInput, response: ProviderResponse): ClassifierFinding | null {
    checkStatus('google-content-safety', response);
    const body = record(jsonBody('google-content-safety', response));
    const priorities = body?.reviewPriorities;
    if (!Array.isArray(priorities) || priorities.length !== 1)
      throw malformed('google-content-safety', 'reviewPriorities must hold one priority per image sent');
    const priority = priorities[0];
    const score = typeof priority === 'string' ? REVIEW_PRIORITY_SCORES[priority] : undefined;
    if (score === undefined) throw malformed('google-content-safety', 'an unknown review priority');
    const version = body!.model_version ?? body!.modelVersion;
    return {
      provider: 'google-content-safety',
      model: 'content-safety-images-classify',
      modelVersion: typeof version === 'string' ? version : null,
      input: 'image',
      score,
      label: priority as string,
      materialNature: null,
      details: { reviewPriority: priority as string },
    };
  },
};
