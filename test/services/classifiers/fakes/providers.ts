// One fake per provider, each answering in the provider's documented wire format (see each
// adapter's header in src/detect/classifiers) and checking the documented credentials. What
// the fake answers is chosen by the test through `verdicts`, keyed by the SHA-256 of the
// image bytes, text or URL sent: the fakes look at no picture and read no text.
import { createHash } from 'node:crypto';
import { FakeProvider, multipartPart, type FakeAnswer, type SeenRequest } from './fake-server.js';

export const CREDENTIALS = { apiKey: 'test-key-0123456789', username: 'test-user', password: 'test-password' };

/** What the fake should say about an input, by the SHA-256 of the bytes (or text, or URL) sent. */
export type Verdicts = Map<string, string>;

export function digest(value: Uint8Array | string): string {
  return createHash('sha256').update(value).digest('hex');
}

const unauthorised: FakeAnswer = { status: 401, body: { error: 'unauthorised' } };

export function googleFake(verdicts: Verdicts): FakeProvider {
  return new FakeProvider((req) => {
    if (req.method !== 'POST' || req.path !== '/v1beta1/images:classify') return { status: 404, body: {} };
    if (req.query.get('key') !== CREDENTIALS.apiKey) return { status: 403, body: { error: { code: 403, status: 'PERMISSION_DENIED' } } };
    const body = JSON.parse(req.body.toString('utf8')) as { images: string[] };
    const reviewPriorities = body.images.map((b64) => verdicts.get(digest(Buffer.from(b64, 'base64'))) ?? 'VERY_LOW');
    return { status: 200, body: { reviewPriorities, model_version: 'fake-cs-2026.1' } };
  });
}

export function photoDnaFake(verdicts: Verdicts): FakeProvider {
  return new FakeProvider((req) => {
    if (req.method !== 'POST' || req.path !== '/photodna/v1.0/Match') return { status: 404, body: {} };
    if (req.headers['ocp-apim-subscription-key'] !== CREDENTIALS.apiKey) return { status: 401, body: { statusCode: 401, message: 'Access denied' } };
    const type = String(req.headers['content-type']);
    if (!/^image\/(gif|jpeg|png|bmp|tiff)$/.test(type)) return { status: 200, body: { Status: { Code: 3206, Description: 'Not an image' } } };
    const v = verdicts.get(digest(req.body));
    return {
      status: 200,
      body: {
        Status: { Code: 3000, Description: 'OK', Exception: null },
        ContentId: null,
        IsMatch: v === 'match',
        MatchDetails: {
          AdvancedInfo: [],
          MatchFlags: v === 'match' ? [{ AdvancedInfo: [{ Key: 'MatchId', Value: '123' }], Source: 'Test', Violations: [] }] : [],
        },
        XPartnerCustomerId: null,
        TrackingId: 'fake-tracking-1',
        EvaluateResponse: null,
      },
    };
  });
}

export function arachnidFake(verdicts: Verdicts): FakeProvider {
  const expected = `Basic ${Buffer.from(`${CREDENTIALS.username}:${CREDENTIALS.password}`).toString('base64')}`;
  return new FakeProvider((req) => {
    if (req.headers.authorization !== expected) return unauthorised;
    let key: string;
    if (req.method === 'POST' && req.path === '/v1/media/') key = digest(req.body);
    else if (req.method === 'POST' && req.path === '/v1/url/') key = digest((JSON.parse(req.body.toString('utf8')) as { url: string }).url);
    else return { status: 404, body: {} };
    const classification = verdicts.get(key) ?? 'no-known-match';
    return {
      status: 200,
      body: {
        sha1_base32: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
        sha256_hex: digest(req.body),
        size_bytes: req.body.length,
        classification,
        match_type: classification === 'no-known-match' ? null : 'exact',
        near_match_details: [],
      },
    };
  });
}

function hiveEnvelope(output: unknown, model: string): FakeAnswer {
  return {
    status: 200,
    body: {
      id: 'fake-task-1',
      code: 200,
      project_id: 1,
      user_id: 1,
      created_on: '2026-01-01T00:00:00.000Z',
      status: [
        {
          status: { code: '0', message: 'SUCCESS' },
          response: { input: { id: 'in-1', charge: 0, model, model_version: 3, model_type: 'CATEGORIZATION' }, output },
        },
      ],
      from_cache: false,
    },
  };
}

function hiveMedia(req: SeenRequest): Buffer | null {
  if (req.method !== 'POST' || req.path !== '/api/v2/task/sync') return null;
  const part = multipartPart(req);
  return part?.name === 'media' ? part.bytes : null;
}

/** Hive visual moderation: verdict "nsfw:0.9" or "drawn:0.95" style, class:score pairs joined by ",". */
export function hiveFake(verdicts: Verdicts): FakeProvider {
  return new FakeProvider((req) => {
    if (req.headers.authorization !== `Token ${CREDENTIALS.apiKey}`) return unauthorised;
    const bytes = hiveMedia(req);
    if (!bytes) return { status: 400, body: { message: 'no media' } };
    const given = Object.fromEntries(
      (verdicts.get(digest(bytes)) ?? '')
        .split(',')
        .filter(Boolean)
        .map((p) => [p.split(':')[0]!, Number(p.split(':')[1])]),
    );
    const nsfw = given.general_nsfw ?? 0.01;
    const animated = given.animated ?? 0.01;
    const classes = [
      { class: 'general_nsfw', score: nsfw },
      { class: 'general_suggestive', score: (1 - nsfw) / 2 },
      { class: 'general_not_nsfw_not_suggestive', score: (1 - nsfw) / 2 },
      { class: 'animated', score: animated },
      { class: 'natural', score: 1 - animated },
    ];
    return hiveEnvelope([{ time: 0, classes }], 'fake-visual-moderation');
  });
}

/** Hive's combined CSAM API (Safer): verdict "hash:CSAM" or "classifier:0.8" or "classifier-failed". */
export function saferFake(verdicts: Verdicts): FakeProvider {
  return new FakeProvider((req) => {
    if (req.headers.authorization !== `Token ${CREDENTIALS.apiKey}`) return unauthorised;
    const bytes = hiveMedia(req);
    if (!bytes) return { status: 400, body: { message: 'no media' } };
    const v = verdicts.get(digest(bytes)) ?? 'classifier:0.01';
    const matched = v.startsWith('hash:');
    const score = v.startsWith('classifier:') ? Number(v.slice('classifier:'.length)) : 0;
    const output = {
      file: {
        fileType: 'image',
        reasons: matched ? ['matched'] : [],
        classifierPrediction: matched
          ? null
          : v === 'classifier-failed'
            ? null
            : { csam_classifier: { csam: score, pornography: (1 - score) / 2, other: (1 - score) / 2 } },
      },
      hashes: matched
        ? [
            {
              hashType: 'saferhashv0',
              matchTypes: [v.slice('hash:'.length)],
              reasons: ['matched'],
              sources: [{ hashSet: 'fake-set', matches: [{ sourceId: 's-1', matchDistance: 0 }] }],
            },
          ]
        : [],
    };
    return hiveEnvelope(output, 'fake-csam-combined');
  });
}

export function openAiFake(verdicts: Verdicts): FakeProvider {
  return new FakeProvider((req) => {
    if (req.method !== 'POST' || req.path !== '/v1/moderations') return { status: 404, body: {} };
    if (req.headers.authorization !== `Bearer ${CREDENTIALS.apiKey}`)
      return { status: 401, body: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } } };
    const body = JSON.parse(req.body.toString('utf8')) as { model: string; input: string };
    const score = Number(verdicts.get(digest(body.input)) ?? '0.0001');
    const names = ['harassment', 'hate', 'illicit', 'self-harm', 'sexual', 'sexual/minors', 'violence'];
    return {
      status: 200,
      body: {
        id: 'modr-fake-1',
        model: 'omni-moderation-2024-09-26',
        results: [
          {
            flagged: score > 0.5,
            categories: Object.fromEntries(names.map((n) => [n, n === 'sexual/minors' && score > 0.5])),
            category_scores: Object.fromEntries(names.map((n) => [n, n === 'sexual/minors' ? score : 0.0001])),
            category_applied_input_types: Object.fromEntries(names.map((n) => [n, ['text']])),
          },
        ],
      },
    };
  });
}
