// Microsoft PhotoDNA Cloud Service, Match: a known-image lookup against the lists Microsoft
// holds (NCMEC, industry). Documented shape (shared reference signals.md §7.1, from
// developer.microsoftmoderator.com "PhotoDNA Cloud Service v2"): POST
// /photodna/v1.0/Match?enhance=false with the image bytes and its Content-Type, header
// Ocp-Apim-Subscription-Key; the answer carries Status{Code, Description}, IsMatch,
// MatchDetails.MatchFlags[{Source, AdvancedInfo[{Key, Value}]}], ContentId, TrackingId.
// Status 3000 is success; 3206 (not an image) and 3208 (size out of range) refuse the input.
import {
  checkStatus,
  jsonBody,
  malformed,
  ProviderError,
  record,
  type ClassifierAdapter,
  type ClassifierFinding,
  type ClassifierInput,
  type ProviderResponse,
} from './classifier.js';

const TYPES = new Set(['image/gif', 'image/jpeg', 'image/png', 'image/bmp', 'image/tiff']);
const MAX_BYTES = 4 * 1024 * 1024;
const STATUS_OK = 3000;
const REFUSED_INPUT = new Set([3206, 3208]);

export const photoDna: ClassifierAdapter = {
  provider: 'photodna',
  accepts: ['image'],
  refuses(input) {
    if (input.kind !== 'image') return 'takes images only';
    if (!TYPES.has(input.mimeType)) return `does not take ${input.mimeType} (gif, jpeg, png, bmp, tiff only)`;
    return input.bytes.length > MAX_BYTES ? 'larger than 4 MB' : null;
  },
  request(input, credentials) {
    if (input.kind !== 'image') throw new TypeError('photodna takes images only');
    return {
      method: 'POST',
      path: '/photodna/v1.0/Match',
      query: { enhance: 'false' },
      headers: { 'content-type': input.mimeType, 'ocp-apim-subscription-key': credentials.apiKey ?? '' },
      body: input.bytes,
    };
  },
  parse(_input: ClassifierInput, response: ProviderResponse): ClassifierFinding | null {
    checkStatus('photodna', response);
    const body = record(jsonBody('photodna', response));
    const status = record(body?.Status);
    const code = status?.Code;
    if (typeof code !== 'number') throw malformed('photodna', 'Status.Code missing');
    if (code !== STATUS_OK) {
      const description = typeof status!.Description === 'string' ? status!.Description : '';
      throw new ProviderError(
        'photodna',
        `status ${code}${description ? ` (${description})` : ''}${REFUSED_INPUT.has(code) ? ': the image was refused' : ''}`,
        false,
      );
    }
    if (body!.IsMatch !== true) return null;
    const flags = record(body!.MatchDetails)?.MatchFlags;
    const first = Array.isArray(flags) ? record(flags[0]) : null;
    const info = Array.isArray(first?.AdvancedInfo) ? first.AdvancedInfo.map(record) : [];
    const matchId = info.find((i) => i?.Key === 'MatchId')?.Value;
    return {
      provider: 'photodna',
      model: 'photodna-cloud-match',
      modelVersion: null,
      input: 'image',
      score: 1,
      label: 'match',
      materialNature: null,
      details: {
        source: typeof first?.Source === 'string' ? first.Source : null,
        matchId: typeof matchId === 'string' ? matchId : null,
        trackingId: typeof body!.TrackingId === 'string' ? body!.TrackingId : null,
      },
    };
  },
};
