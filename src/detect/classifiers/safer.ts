// Thorn's Safer: hash matching (cryptographic, SaferHash) and, when nothing matches, a
// classifier. Safer's own API is not public (access by contract; shared reference
// signals.md §7.6), so this adapter speaks the one published shape that carries Safer's
// results: Hive's combined CSAM detection API (docs.thehive.ai, csam-detection-combined-api;
// signals.md §7.5): POST /api/v2/task/sync, multipart field `media`, header
// `Authorization: Token KEY`; output{file{fileType, reasons, classifierPrediction},
// hashes[{hashType, matchTypes, sources[{hashSet, matches[...]}]}]}. Only those documented
// fields are read. Where classifierPrediction nests its scores (csam, pornography, other) is
// not shown in the public page: both a flat object and one level of nesting are read. A
// Safer Enterprise deployment that answers in another shape needs its own adapter.
import {
  malformed,
  ProviderError,
  record,
  type ClassifierAdapter,
  type ClassifierFinding,
  type ClassifierInput,
  type ProviderResponse,
  unitScore,
} from './classifier.js';
import { hiveAnswer, hiveHeaders } from './hive-response.js';
import { multipartFile } from './multipart.js';

export const safer: ClassifierAdapter = {
  provider: 'safer',
  accepts: ['image'],
  refuses: (input) => (input.kind === 'image' ? null : 'takes media only'),
  request(input, credentials) {
    if (input.kind !== 'image') throw new TypeError('safer takes media only');
    const form = multipartFile('media', input.mediaId.replace(/[^A-Za-z0-9._-]/g, '_') || 'media', input.mimeType, input.bytes);
    return { method: 'POST', path: '/api/v2/task/sync', headers: hiveHeaders(credentials.apiKey, form.contentType), body: form.body };
  },
  parse(_input: ClassifierInput, response: ProviderResponse): ClassifierFinding | null {
    const answer = hiveAnswer('safer', response);
    const output = record(answer.output);
    if (!output) throw malformed('safer', 'output missing');
    const hashes = Array.isArray(output.hashes) ? output.hashes.map(record) : [];
    const csamMatch = hashes.find((h) => Array.isArray(h?.matchTypes) && h.matchTypes.includes('CSAM'));
    const anyMatch = csamMatch ?? hashes.find((h) => Array.isArray(h?.matchTypes) && h.matchTypes.length > 0);
    const model = answer.model ?? 'safer-via-hive-combined';
    if (anyMatch) {
      const sources = Array.isArray(anyMatch.sources) ? anyMatch.sources.map(record) : [];
      return {
        provider: 'safer',
        model,
        modelVersion: answer.modelVersion,
        input: 'image',
        // A hash match on CSAM is a known item; SE (sexual exploitation) ranks below it.
        score: csamMatch ? 1 : 0.8,
        label: csamMatch ? 'hash-match:CSAM' : `hash-match:${String((anyMatch.matchTypes as unknown[])[0])}`,
        materialNature: null,
        details: {
          hashType: typeof anyMatch.hashType === 'string' ? anyMatch.hashType : null,
          hashSet: typeof sources[0]?.hashSet === 'string' ? sources[0].hashSet : null,
        },
      };
    }
    const file = record(output.file);
    const prediction = file?.classifierPrediction;
    // null: the classifier call failed on Hive's side. Unknown is not clean: try again later.
    if (prediction === null || prediction === undefined) throw new ProviderError('safer', 'no hash match and no classifier prediction', true);
    const scores = classScores(prediction);
    if (!scores) throw malformed('safer', 'classifierPrediction has no csam score');
    if (scores.csam === 0) return null;
    return {
      provider: 'safer',
      model,
      modelVersion: answer.modelVersion,
      input: 'image',
      score: unitScore(scores.csam),
      label: 'classifier:csam',
      materialNature: null,
      details: { csam: unitScore(scores.csam), pornography: unitScore(scores.pornography ?? 0), other: unitScore(scores.other ?? 0) },
    };
  },
};

function classScores(value: unknown): { csam: number; pornography?: number; other?: number } | null {
  const flat = record(value);
  if (!flat) return null;
  if (typeof flat.csam === 'number') return flat as { csam: number };
  for (const nested of Object.values(flat)) {
    const r = record(nested);
    if (r && typeof r.csam === 'number') return r as { csam: number };
  }
  return null;
}
