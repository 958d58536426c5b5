// OpenAI's moderation endpoint, for text only: its `sexual/minors` category is scored for
// text and not for images (category_applied_input_types says ["text"]; shared reference
// signals.md §7.3). Documented shape: POST /v1/moderations, `Authorization: Bearer KEY`,
// {"model": "omni-moderation-latest", "input": text}; answered with {id, model,
// results[{flagged, categories{}, category_scores{}}]}.
import {
  checkStatus,
  jsonBody,
  malformed,
  record,
  type ClassifierAdapter,
  type ClassifierFinding,
  type ClassifierInput,
  type ProviderResponse,
  unitScore,
} from './classifier.js';

export const OPENAI_CATEGORY = 'sexual/minors';
export const OPENAI_MODEL = 'omni-moderation-latest';
/** OpenAI's own limit is on tokens; a post longer than this is cut before it leaves. */
const MAX_TEXT_CHARS = 32_000;

export const openAiModeration: ClassifierAdapter = {
  provider: 'openai-moderation',
  accepts: ['text'],
  refuses: (input) => (input.kind === 'text' ? (input.text.trim() === '' ? 'empty text' : null) : 'takes text only: sexual/minors is not scored for images'),
  request(input, credentials) {
    if (input.kind !== 'text') throw new TypeError('openai-moderation takes text only');
    return {
      method: 'POST',
      path: '/v1/moderations',
      headers: { authorization: `Bearer ${credentials.apiKey ?? ''}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: OPENAI_MODEL, input: input.text.slice(0, MAX_TEXT_CHARS) }),
    };
  },
  parse(_input: ClassifierInput, response: ProviderResponse): ClassifierFinding | null {
    checkStatus('openai-moderation', response);
    const body = record(jsonBody('openai-moderation', response));
    const result = Array.isArray(body?.results) ? record(body!.results[0]) : null;
    const score = record(result?.category_scores)?.[OPENAI_CATEGORY];
    if (typeof score !== 'number') throw malformed('openai-moderation', `results[0].category_scores["${OPENAI_CATEGORY}"] missing`);
    if (score === 0) return null;
    const flagged = record(result!.categories)?.[OPENAI_CATEGORY];
    return {
      provider: 'openai-moderation',
      model: typeof body!.model === 'string' ? body!.model : OPENAI_MODEL,
      modelVersion: typeof body!.model === 'string' ? body!.model : null,
      input: 'text',
      score: unitScore(score),
      label: OPENAI_CATEGORY,
      materialNature: null,
      details: { flagged: flagged === true, responseId: typeof body!.id === 'string' ? body!.id : null },
    };
  },
};
