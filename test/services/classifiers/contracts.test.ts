// Each adapter against its fake, through the client that sends it: the documented request
// (path, credentials, body), a finding and a miss, the provider's refusals, a malformed
// answer, a time-out, and the breaker. Images are generated test patterns; texts and URLs
// are placeholders.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { adapterFor, type ClassifierInput, type ClassifierProvider } from '../../../src/detect/classifiers/index.js';
import { ProviderClient, type ProviderSettings } from '../../../src/services/classifiers/provider-client.js';
import { patternImage } from '../../support/images.js';
import type { FakeProvider } from './fakes/fake-server.js';
import { CREDENTIALS, arachnidFake, digest, googleFake, hiveFake, openAiFake, photoDnaFake, saferFake, type Verdicts } from './fakes/providers.js';

interface Contract {
  provider: ClassifierProvider;
  fake: (v: Verdicts) => FakeProvider;
  /** An input the fake answers with a finding, the verdict that makes it so, and the score expected. */
  hit: (img: Buffer) => { input: ClassifierInput; verdict: string; score: number; label: string };
  miss: (img: Buffer) => ClassifierInput;
  /** A request is in the documented shape (checked on the fake's side of the wire). */
  checkRequest: (req: FakeProvider['requests'][number], img: Buffer) => void;
  wrongCredentials: Partial<typeof CREDENTIALS>;
}

const image = (bytes: Buffer, mimeType = 'image/png'): ClassifierInput => ({ kind: 'image', mediaId: 'm-1', bytes, mimeType });
const TEXT = 'placeholder text for the moderation contract';
const URL_ONE = 'https://example.test/listed-page';

const CONTRACTS: Contract[] = [
  {
    provider: 'google-content-safety',
    fake: googleFake,
    hit: (img) => ({ input: image(img), verdict: 'HIGH', score: 0.7, label: 'HIGH' }),
    miss: (img) => image(img),
    checkRequest: (req, img) => {
      assert.equal(req.path, '/v1beta1/images:classify');
      assert.equal(req.query.get('key'), CREDENTIALS.apiKey);
      assert.deepEqual(JSON.parse(req.body.toString()), { images: [img.toString('base64')] });
    },
    wrongCredentials: { apiKey: 'wrong-key' },
  },
  {
    provider: 'photodna',
    fake: photoDnaFake,
    hit: (img) => ({ input: image(img), verdict: 'match', score: 1, label: 'match' }),
    miss: (img) => image(img),
    checkRequest: (req, img) => {
      assert.equal(req.path, '/photodna/v1.0/Match');
      assert.equal(req.query.get('enhance'), 'false');
      assert.equal(req.headers['content-type'], 'image/png');
      assert.ok(req.body.equals(img));
    },
    wrongCredentials: { apiKey: 'wrong-key' },
  },
  {
    provider: 'arachnid-shield',
    fake: arachnidFake,
    hit: (img) => ({ input: image(img), verdict: 'csam', score: 1, label: 'csam' }),
    miss: (img) => image(img),
    checkRequest: (req, img) => {
      assert.equal(req.path, '/v1/media/');
      assert.equal(req.headers['content-type'], 'image/png');
      assert.ok(req.body.equals(img));
    },
    wrongCredentials: { password: 'wrong' },
  },
  {
    provider: 'safer',
    fake: saferFake,
    hit: (img) => ({ input: image(img), verdict: 'hash:CSAM', score: 1, label: 'hash-match:CSAM' }),
    miss: (img) => image(img),
    checkRequest: (req) => {
      assert.equal(req.path, '/api/v2/task/sync');
      assert.match(String(req.headers['content-type']), /^multipart\/form-data; boundary=/);
    },
    wrongCredentials: { apiKey: 'wrong-key' },
  },
  {
    provider: 'hive',
    fake: hiveFake,
    hit: (img) => ({ input: image(img), verdict: 'general_nsfw:0.9', score: 0.9, label: 'general_nsfw' }),
    miss: (img) => image(img),
    checkRequest: (req) => {
      assert.equal(req.path, '/api/v2/task/sync');
      assert.equal(req.headers.authorization, `Token ${CREDENTIALS.apiKey}`);
    },
    wrongCredentials: { apiKey: 'wrong-key' },
  },
  {
    provider: 'openai-moderation',
    fake: openAiFake,
    hit: () => ({ input: { kind: 'text', text: TEXT }, verdict: '0.93', score: 0.93, label: 'sexual/minors' }),
    miss: () => ({ kind: 'text', text: 'another placeholder text' }),
    checkRequest: (req) => {
      assert.equal(req.path, '/v1/moderations');
      const body = JSON.parse(req.body.toString()) as { model: string; input: string };
      assert.equal(body.model, 'omni-moderation-latest');
      assert.equal(typeof body.input, 'string');
    },
    wrongCredentials: { apiKey: 'wrong-key' },
  },
];

function settings(url: string, over: Partial<ProviderSettings> = {}): ProviderSettings {
  return {
    baseUrl: url,
    credentials: CREDENTIALS,
    timeoutMs: 2000,
    ratePerSecond: 1000,
    dailyBudget: 1000,
    reviewAt: 0.4,
    actAt: null,
    breakerFailures: 3,
    breakerCooldownMs: 60_000,
    ...over,
  };
}

const unlimited = { spendBudget: async () => true };

function keyOf(input: ClassifierInput): string {
  return digest(input.kind === 'image' ? input.bytes : input.kind === 'text' ? input.text : input.url);
}

for (const c of CONTRACTS) {
  describe(`${c.provider} against its fake`, () => {
    const verdicts: Verdicts = new Map();
    const fake = c.fake(verdicts);
    let img: Buffer;
    let other: Buffer;
    before(async () => {
      await fake.start();
      img = await patternImage(11, 200, 200);
      other = await patternImage(12, 200, 200);
    });
    after(() => fake.stop());
    const client = (over: Partial<ProviderSettings> = {}, now?: () => number) =>
      new ProviderClient(adapterFor(c.provider), settings(fake.url, over), { ...unlimited, ...(now ? { now } : {}) });

    test('a finding becomes a review signal with its provenance, from a request in the documented shape', async () => {
      const hit = c.hit(img);
      verdicts.set(keyOf(hit.input), hit.verdict);
      const before = fake.requests.length;
      const r = await client().classify(hit.input, hit.input.kind === 'image' ? { mediaId: 'm-1' } : {});
      assert.equal(r.kind, 'signal', JSON.stringify(r));
      if (r.kind !== 'signal') return;
      assert.equal(r.signal.signal, 'classifier');
      assert.equal(r.signal.source, `classifier:${c.provider}`);
      assert.equal(r.signal.strength, hit.score);
      assert.equal(r.signal.evidence.provider, c.provider);
      assert.equal(r.signal.evidence.label, hit.label);
      assert.equal(typeof r.signal.evidence.model, 'string');
      assert.ok('modelVersion' in r.signal.evidence);
      assert.equal(r.signal.evidence.acts, false);
      assert.equal(fake.requests.length, before + 1);
      c.checkRequest(fake.requests.at(-1)!, img);
    });

    test('nothing found raises no signal', async () => {
      const r = await client().classify(c.miss(other));
      assert.deepEqual(r, { kind: 'nothing' });
    });

    test('a score at or above the operator cut marks the signal as one that may act', async () => {
      const hit = c.hit(img);
      verdicts.set(keyOf(hit.input), hit.verdict);
      const r = await client({ actAt: hit.score }).classify(hit.input);
      assert.ok(r.kind === 'signal' && r.signal.evidence.acts === true);
    });

    test('wrong credentials are a refusal, not a retry', async () => {
      const r = await client({ credentials: { ...CREDENTIALS, ...c.wrongCredentials } }).classify(c.miss(other));
      assert.equal(r.kind, 'failed');
    });

    test('a 503 or a 429 is tried again later; a 400 is a refusal', async () => {
      fake.faults.push({ kind: 'status', status: 503 });
      assert.equal((await client().classify(c.miss(other))).kind, 'later');
      fake.faults.push({ kind: 'status', status: 429 });
      assert.equal((await client().classify(c.miss(other))).kind, 'later');
      fake.faults.push({ kind: 'status', status: 400 });
      assert.equal((await client().classify(c.miss(other))).kind, 'failed');
    });

    test('an answer not in the documented shape is a refusal, never a miss', async () => {
      fake.faults.push({ kind: 'garbage' });
      const r = await client().classify(c.miss(other));
      assert.equal(r.kind, 'failed', JSON.stringify(r));
    });

    test('no answer within the time limit is tried again later', async () => {
      fake.faults.push({ kind: 'delay', ms: 800 });
      const r = await client({ timeoutMs: 150 }).classify(c.miss(other));
      assert.equal(r.kind, 'later');
      assert.ok(r.kind === 'later' && /within 150 ms/.test(r.reason));
    });

    test('the breaker opens after repeated failures: no request goes out until the cooldown, then one probe', async () => {
      let t = 1_000_000;
      const cl = client({ breakerFailures: 2, breakerCooldownMs: 10_000 }, () => t);
      fake.faults.push({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });
      await cl.classify(c.miss(other));
      await cl.classify(c.miss(other));
      assert.equal(cl.breakerState, 'open');
      const sent = fake.requests.length;
      const r = await cl.classify(c.miss(other));
      assert.equal(r.kind, 'later');
      assert.equal(fake.requests.length, sent, 'no request while the breaker is open');
      t += 10_000;
      assert.equal(cl.breakerState, 'half-open');
      assert.equal((await cl.classify(c.miss(other))).kind, 'nothing');
      assert.equal(fake.requests.length, sent + 1);
      assert.equal(cl.breakerState, 'closed');
    });

    test('over the rate, or past the budget, nothing is sent', async () => {
      const t = 5_000_000;
      const limited = client({ ratePerSecond: 1 }, () => t);
      await limited.classify(c.miss(other));
      const sent = fake.requests.length;
      assert.equal((await limited.classify(c.miss(other))).kind, 'later');
      const spent = new ProviderClient(adapterFor(c.provider), settings(fake.url), { spendBudget: async () => false });
      assert.equal((await spent.classify(c.miss(other))).kind, 'skipped');
      assert.equal(fake.requests.length, sent);
    });
  });
}

test('inputs a provider does not take never leave: images to OpenAI, text to image classifiers, WebP to PhotoDNA', async () => {
  const never = async () => {
    throw new Error('no request may be made');
  };
  const cl = (p: ClassifierProvider) => new ProviderClient(adapterFor(p), settings('http://127.0.0.1:9'), { spendBudget: async () => true, fetch: never });
  const img = await patternImage(3, 100, 100);
  assert.equal((await cl('openai-moderation').classify(image(img))).kind, 'skipped');
  for (const p of ['google-content-safety', 'photodna', 'safer', 'hive'] as const)
    assert.equal((await cl(p).classify({ kind: 'text', text: TEXT })).kind, 'skipped');
  assert.equal((await cl('photodna').classify(image(img, 'image/webp'))).kind, 'skipped');
});

describe('Arachnid Shield URL lookups send the address only', () => {
  const verdicts: Verdicts = new Map([[digest(URL_ONE), 'harmful-abusive-material']]);
  const fake = arachnidFake(verdicts);
  before(() => fake.start());
  after(() => fake.stop());
  test('the URL goes as a JSON string and its classification comes back as a link signal', async () => {
    const cl = new ProviderClient(adapterFor('arachnid-shield'), settings(fake.url), unlimited);
    const r = await cl.classify({ kind: 'url', url: URL_ONE }, { url: URL_ONE });
    assert.ok(r.kind === 'signal');
    assert.equal(r.signal.clause, 'content.link-to-material');
    assert.equal(r.signal.strength, 0.8);
    assert.equal(r.signal.evidence.url, URL_ONE);
    assert.deepEqual(JSON.parse(fake.requests[0]!.body.toString()), { url: URL_ONE });
    assert.equal(fake.requests[0]!.path, '/v1/url/');
  });
});

test('Hive: an animated class the operator names, over its cut, marks the image drawn and points at illustrated depictions', async () => {
  const img = await patternImage(21, 120, 120);
  const fake = hiveFake(new Map([[digest(img), 'general_nsfw:0.85,animated:0.97']]));
  await fake.start();
  try {
    const adapter = adapterFor('hive', { hive: { signal: ['general_nsfw'], drawn: ['animated'], drawnAt: 0.9 } });
    const r = await new ProviderClient(adapter, settings(fake.url), unlimited).classify(image(img));
    assert.ok(r.kind === 'signal');
    assert.equal(r.signal.evidence.materialNature, 'drawn-or-animated');
    assert.equal(r.signal.clause, 'content.illustrated-depiction');
    assert.equal(r.signal.evidence['provider.animated'], 0.97);
  } finally {
    await fake.stop();
  }
});

test('Safer: a failed classifier with no hash match is unknown (tried again), not clean', async () => {
  const img = await patternImage(31, 120, 120);
  const fake = saferFake(new Map([[digest(img), 'classifier-failed']]));
  await fake.start();
  try {
    const cl = new ProviderClient(adapterFor('safer'), settings(fake.url), unlimited);
    assert.equal((await cl.classify(image(img))).kind, 'later');
  } finally {
    await fake.stop();
  }
});
