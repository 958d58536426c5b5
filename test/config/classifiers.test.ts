import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, describeConfig } from '../../src/config/config.js';
import { readClassifiers } from '../../src/config/classifiers.js';

const SECRET = 'sk-placeholder-secret-value-0001';

test('nothing is enabled by default', () => {
  const { config, secrets } = readClassifiers({});
  assert.deepEqual(config.enabled, []);
  assert.deepEqual(secrets, {});
  assert.equal(config.providers.photodna.actAt, null, 'no provider acts unless the operator says so');
});

test('an enabled provider takes its settings and its secret; the secret is never in the described configuration', () => {
  const env = {
    VIGIE_CLASSIFIERS: 'openai-moderation, arachnid-shield',
    VIGIE_CLASSIFIER_OPENAI_MODERATION_KEY: SECRET,
    VIGIE_CLASSIFIER_OPENAI_MODERATION_ACT_AT: '0.99',
    VIGIE_CLASSIFIER_OPENAI_MODERATION_DAILY_BUDGET: '500',
    VIGIE_CLASSIFIER_ARACHNID_SHIELD_USERNAME: 'user',
    VIGIE_CLASSIFIER_ARACHNID_SHIELD_PASSWORD: SECRET,
  };
  const { config, secrets } = readClassifiers(env);
  assert.deepEqual(config.enabled, ['openai-moderation', 'arachnid-shield']);
  assert.equal(config.providers['openai-moderation'].actAt, 0.99);
  assert.equal(config.providers['openai-moderation'].dailyBudget, 500);
  assert.equal(secrets['openai-moderation']?.apiKey, SECRET);
  assert.equal(secrets['arachnid-shield']?.password, SECRET);
  const described = JSON.stringify(describeConfig(loadConfig({}, env)));
  assert.ok(!described.includes(SECRET));
  assert.match(described, /openai-moderation/);
});

test('refusals name the variable and never repeat its value', () => {
  assert.throws(() => readClassifiers({ VIGIE_CLASSIFIERS: 'photodna' }), /VIGIE_CLASSIFIER_PHOTODNA_KEY is not set/);
  assert.throws(() => readClassifiers({ VIGIE_CLASSIFIERS: 'no-such-provider' }), /VIGIE_CLASSIFIERS: each entry must be one of/);
  assert.throws(
    () => readClassifiers({ VIGIE_CLASSIFIER_HIVE_ACT_AT: SECRET }),
    (err: Error) => /VIGIE_CLASSIFIER_HIVE_ACT_AT/.test(err.message) && !err.message.includes(SECRET),
  );
  assert.throws(
    () => readClassifiers({ VIGIE_CLASSIFIER_PHOTODNA_URL: `ftp://${SECRET}` }),
    (err: Error) => /VIGIE_CLASSIFIER_PHOTODNA_URL/.test(err.message) && !err.message.includes(SECRET),
  );
});
