// The adapters' pure halves on answers the fakes do not give: the documented variants and
// the malformed ones. Inputs are placeholders; no request leaves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProviderError, adapterFor, type ClassifierInput } from '../../../src/detect/classifiers/index.js';

const image: ClassifierInput = { kind: 'image', mediaId: 'm-1', bytes: new Uint8Array([1, 2, 3]), mimeType: 'image/png' };
const ok = (body: unknown) => ({ status: 200, body: JSON.stringify(body) });

function refusal(fn: () => unknown, retryable: boolean): void {
  assert.throws(fn, (err: unknown) => err instanceof ProviderError && err.retryable === retryable);
}

test('Google: one priority per image, a known priority, the model version kept', () => {
  const g = adapterFor('google-content-safety');
  assert.equal(g.parse(image, ok({ reviewPriorities: ['VERY_HIGH'], model_version: 'v9' }))!.modelVersion, 'v9');
  refusal(() => g.parse(image, ok({ reviewPriorities: ['HIGH', 'LOW'] })), false);
  refusal(() => g.parse(image, ok({ reviewPriorities: ['URGENT'] })), false);
  refusal(() => g.parse(image, { status: 500, body: 'oops' }), true);
});

test('PhotoDNA: a status other than 3000 is a refusal naming its code; no match is nothing', () => {
  const p = adapterFor('photodna');
  assert.equal(p.parse(image, ok({ Status: { Code: 3000 }, IsMatch: false })), null);
  assert.throws(
    () => p.parse(image, ok({ Status: { Code: 3208, Description: 'Image size out of range' } })),
    (err: Error) => err instanceof ProviderError && !err.retryable && /3208/.test(err.message),
  );
  refusal(() => p.parse(image, ok({ IsMatch: true })), false);
});

test('Arachnid Shield: an unknown classification is a refusal, not a miss', () => {
  const a = adapterFor('arachnid-shield');
  assert.equal(a.parse(image, ok({ classification: 'no-known-match' })), null);
  refusal(() => a.parse(image, ok({ classification: 'maybe' })), false);
  assert.equal(a.refuses({ kind: 'text', text: 'placeholder' }), 'takes media and URLs only');
});

test('Safer: a flat classifier prediction is read as a nested one is', () => {
  const s = adapterFor('safer');
  const answer = (output: unknown) => ok({ status: [{ status: { code: '0' }, response: { input: { model: 'm', model_version: 2 }, output } }] });
  const f = s.parse(image, answer({ file: { classifierPrediction: { csam: 0.6, pornography: 0.2, other: 0.2 } }, hashes: [] }))!;
  assert.equal(f.score, 0.6);
  assert.equal(f.modelVersion, '2');
  assert.equal(s.parse(image, answer({ file: { classifierPrediction: { csam_classifier: { csam: 0, pornography: 0.5, other: 0.5 } } }, hashes: [] })), null);
  refusal(() => s.parse(image, answer({ file: { classifierPrediction: { something: 1 } }, hashes: [] })), false);
});

test('OpenAI: text only; a missing sexual/minors score is a refusal', () => {
  const o = adapterFor('openai-moderation');
  assert.match(o.refuses(image)!, /text only/);
  assert.equal(o.refuses({ kind: 'text', text: '   ' }), 'empty text');
  refusal(() => o.parse({ kind: 'text', text: 'x' }, ok({ results: [{ category_scores: { sexual: 0.1 } }] })), false);
  const long = 'placeholder '.repeat(5000);
  const body = JSON.parse(String(o.request({ kind: 'text', text: long }, { apiKey: 'k' }).body)) as { input: string };
  assert.ok(body.input.length <= 32_000);
});
