// loadConfig: the one reader of the environment. Defaults; each section from its
// variables; a refusal names the variable and never repeats its value (it may be a secret
// pasted in the wrong place); VIGIE_ROLES; overrides merged per section.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describeConfig, loadConfig } from '../../src/config/config.js';

// Looks like a credential; no refusal may contain it.
const SECRET_LOOKING = 'sk_live_0123456789abcdefSECRET';

test('defaults, with an empty environment', () => {
  const c = loadConfig({}, {});
  assert.deepEqual(c.http, {
    host: '127.0.0.1',
    port: 8080,
    bodyLimit: 50 * 1024 * 1024,
    rateLimitPerKey: 600_000,
    rateLimitPerIp: 600,
    secureCookies: true,
    trustProxy: [],
  });
  assert.deepEqual(c.store, { dataDir: resolve('./data'), sqliteSynchronous: 'FULL' });
  assert.deepEqual(c.ingest, {
    mediaLimit: 32 * 1024 * 1024,
    hashWorkers: 0,
    hashQueue: 256,
    maxPixels: 50_000_000,
    decodeMemoryBytes: 512 * 1024 * 1024,
    video: {
      maxBytes: 48 * 1024 * 1024,
      maxSeconds: 300,
      maxFramePixels: 3840 * 2160,
      workers: 1,
      queue: 16,
      secondsPerHash: 0,
      ffmpegMemoryBytes: 1024 * 1024 * 1024,
      ffmpegTimeoutMs: 120_000,
      ffmpegThreads: 1,
      ffmpegPath: 'ffmpeg',
      ffprobePath: 'ffprobe',
      bankMatchPercent: 80,
      uploadMatchPercent: 0,
    },
  });
  assert.deepEqual(c.detection, { textRulesPath: undefined, textTermLists: {}, urlBanks: [] });
  assert.deepEqual(c.enforcement, { autoActionVerifiedBanks: true, autoRemoveTakeItDown: true, appealUrl: '/appeal' });
  assert.deepEqual(c.blockRegistry, { ipTtlMs: 30 * 24 * 60 * 60 * 1000, canonical: {} });
  assert.deepEqual(c.log, { level: 'info' });
  assert.deepEqual(c.roles, ['api', 'worker', 'indexer']);
  assert.deepEqual(c.secrets, {
    databaseUrl: undefined,
    serverSecret: undefined,
    metricsToken: undefined,
    classifiers: {},
    ncmec: undefined,
    natsUrl: undefined,
    vaultKey: undefined,
    dsaApiToken: undefined,
  });
  assert.deepEqual(c.vault, { keyFile: undefined, previousKeyFiles: [], holdDays: 365, purgeEveryMs: 60 * 60_000 });
  assert.equal(c.statements.territorialScope.length, 30, 'every EU/EEA country by default');
  assert.deepEqual([c.appeals.tokenTtlMs, c.appeals.deadlineMs], [183 * 24 * 60 * 60 * 1000, 72 * 60 * 60 * 1000]);
  assert.deepEqual(c.webhooks, { allowPrivate: false });
});

test('each section from its variables', () => {
  const c = loadConfig(
    {},
    {
      VIGIE_HOST: '0.0.0.0',
      VIGIE_PORT: '9090',
      VIGIE_BODY_LIMIT: '1000',
      VIGIE_RATE_LIMIT_PER_KEY: '10',
      VIGIE_RATE_LIMIT_PER_IP: '5',
      VIGIE_SECURE_COOKIES: 'false',
      VIGIE_TRUST_PROXY: '127.0.0.1,10.0.0.0/8',
      VIGIE_DATA: '/tmp/vigie-config-test',
      VIGIE_SQLITE_SYNCHRONOUS: 'normal',
      VIGIE_MEDIA_LIMIT: '2048',
      VIGIE_HASH_WORKERS: '2',
      VIGIE_HASH_QUEUE: '8',
      VIGIE_MAX_PIXELS: '1000000',
      VIGIE_DECODE_MEMORY_MB: '64',
      VIGIE_VIDEO_LIMIT: '4096',
      VIGIE_VIDEO_MAX_SECONDS: '60',
      VIGIE_VIDEO_MAX_PIXELS: '2000000',
      VIGIE_VIDEO_WORKERS: '2',
      VIGIE_VIDEO_QUEUE: '4',
      VIGIE_VIDEO_SECONDS_PER_HASH: '1',
      VIGIE_VIDEO_MEMORY_MB: '256',
      VIGIE_VIDEO_TIMEOUT_SECONDS: '30',
      VIGIE_VIDEO_THREADS: '2',
      VIGIE_FFMPEG: '/opt/ffmpeg/bin/ffmpeg',
      VIGIE_FFPROBE: '/opt/ffmpeg/bin/ffprobe',
      VIGIE_VPDQ_BANK_PERCENT: '90',
      VIGIE_VPDQ_UPLOAD_PERCENT: '10',
      VIGIE_WEBHOOKS_ALLOW_PRIVATE: 'true',
      VIGIE_METRICS_TOKEN: 'a-metrics-token-of-some-length',
      VIGIE_TEXT_RULES: '/etc/vigie/rules.json',
      VIGIE_TEXT_TERMS: 'placeholder=/etc/vigie/terms.txt',
      VIGIE_URL_BANKS: 'partner=plain:/etc/vigie/urls.txt',
      VIGIE_URL_BANKS_VERIFIED: 'partner',
      VIGIE_AUTO_ACTION_VERIFIED_BANKS: 'false',
      VIGIE_TAKE_IT_DOWN_AUTO_REMOVE: 'false',
      VIGIE_APPEAL_URL: 'https://platform.example/appeal',
      VIGIE_BLOCK_IP_DAYS: '7',
      VIGIE_PHONE_REGION: 'fr',
      VIGIE_DEVICE_IDS_IGNORE_CASE: 'true',
      VIGIE_PAYMENT_IDS_IGNORE_CASE: 'true',
      VIGIE_LOG_LEVEL: 'warn',
      VIGIE_ROLES: 'worker',
      DATABASE_URL: 'postgres://vigie:pw@db.example:5432/vigie',
      VIGIE_SERVER_SECRET: 'c2VjcmV0',
      VIGIE_VAULT_KEY: 'dmF1bHQta2V5LXBsYWNlaG9sZGVy',
      VIGIE_VAULT_KEY_FILE: '/etc/vigie/vault.key',
      VIGIE_VAULT_PREVIOUS_KEY_FILES: '/etc/vigie/vault-1.key, /etc/vigie/vault-0.key',
      VIGIE_HOLD_DAYS: '400',
      VIGIE_HOLD_PURGE_MINUTES: '15',
    },
  );
  assert.deepEqual(c.http, {
    host: '0.0.0.0',
    port: 9090,
    bodyLimit: 1000,
    rateLimitPerKey: 10,
    rateLimitPerIp: 5,
    secureCookies: false,
    trustProxy: ['127.0.0.1', '10.0.0.0/8'],
  });
  assert.deepEqual(c.store, { dataDir: '/tmp/vigie-config-test', sqliteSynchronous: 'NORMAL' });
  assert.deepEqual(c.ingest, {
    mediaLimit: 2048,
    hashWorkers: 2,
    hashQueue: 8,
    maxPixels: 1_000_000,
    decodeMemoryBytes: 64 * 1024 * 1024,
    video: {
      maxBytes: 4096,
      maxSeconds: 60,
      maxFramePixels: 2_000_000,
      workers: 2,
      queue: 4,
      secondsPerHash: 1,
      ffmpegMemoryBytes: 256 * 1024 * 1024,
      ffmpegTimeoutMs: 30_000,
      ffmpegThreads: 2,
      ffmpegPath: '/opt/ffmpeg/bin/ffmpeg',
      ffprobePath: '/opt/ffmpeg/bin/ffprobe',
      bankMatchPercent: 90,
      uploadMatchPercent: 10,
    },
  });
  assert.equal(c.detection.textRulesPath, '/etc/vigie/rules.json');
  assert.deepEqual(c.detection.textTermLists, { placeholder: '/etc/vigie/terms.txt' });
  assert.equal(c.detection.urlBanks.length, 1);
  assert.equal(c.detection.urlBanks[0]!.name, 'partner');
  assert.equal(c.detection.urlBanks[0]!.path, '/etc/vigie/urls.txt');
  assert.equal(c.detection.urlBanks[0]!.verified, true);
  assert.deepEqual(c.enforcement, { autoActionVerifiedBanks: false, autoRemoveTakeItDown: false, appealUrl: 'https://platform.example/appeal' });
  assert.deepEqual(c.blockRegistry, {
    ipTtlMs: 7 * 24 * 60 * 60 * 1000,
    canonical: { defaultPhoneRegion: 'FR', deviceIdsIgnoreCase: true, paymentIdsIgnoreCase: true },
  });
  assert.deepEqual(c.log, { level: 'warn' });
  assert.deepEqual(c.roles, ['worker']);
  assert.deepEqual(c.secrets, {
    databaseUrl: 'postgres://vigie:pw@db.example:5432/vigie',
    serverSecret: 'c2VjcmV0',
    metricsToken: 'a-metrics-token-of-some-length',
    classifiers: {},
    ncmec: undefined,
    natsUrl: undefined,
    vaultKey: 'dmF1bHQta2V5LXBsYWNlaG9sZGVy',
    dsaApiToken: undefined,
  });
  assert.deepEqual(c.vault, {
    keyFile: '/etc/vigie/vault.key',
    previousKeyFiles: ['/etc/vigie/vault-1.key', '/etc/vigie/vault-0.key'],
    holdDays: 400,
    purgeEveryMs: 15 * 60_000,
  });
  assert.deepEqual(c.webhooks, { allowPrivate: true });
  // What a log line may show: the database without its password, no secret.
  const shown = JSON.stringify(describeConfig(c));
  assert.ok(!shown.includes(':pw@'), shown);
  assert.ok(!shown.includes('c2VjcmV0'), shown);
  assert.ok(!shown.includes('a-metrics-token'), shown);
  assert.ok(!shown.includes('dmF1bHQta2V5'), shown);
});

test('an empty variable counts as unset', () => {
  assert.equal(loadConfig({}, { VIGIE_PORT: '', VIGIE_ROLES: '' }).http.port, 8080);
});

test('a bad value is refused naming the variable, never repeating the value', () => {
  const variables = [
    'VIGIE_PORT',
    'VIGIE_BODY_LIMIT',
    'VIGIE_MEDIA_LIMIT',
    'VIGIE_RATE_LIMIT_PER_KEY',
    'VIGIE_RATE_LIMIT_PER_IP',
    'VIGIE_SECURE_COOKIES',
    'VIGIE_TRUST_PROXY',
    'VIGIE_SQLITE_SYNCHRONOUS',
    'VIGIE_LOG_LEVEL',
    'VIGIE_AUTO_ACTION_VERIFIED_BANKS',
    'VIGIE_BLOCK_IP_DAYS',
    'VIGIE_PHONE_REGION',
    'VIGIE_DEVICE_IDS_IGNORE_CASE',
    'VIGIE_PAYMENT_IDS_IGNORE_CASE',
    'VIGIE_ROLES',
    'VIGIE_TEXT_TERMS',
    'VIGIE_URL_BANKS',
  ];
  for (const name of variables) {
    assert.throws(
      () => loadConfig({}, { [name]: SECRET_LOOKING }),
      (err: Error) => {
        assert.ok(err.message.startsWith(`${name}:`), `${name}: the message names the variable: ${err.message}`);
        assert.ok(!err.message.includes(SECRET_LOOKING), `${name}: the message repeats the value: ${err.message}`);
        assert.ok(!err.message.includes('SECRET'), `${name}: the message repeats part of the value: ${err.message}`);
        return true;
      },
    );
  }
  // Out of range, not only unparseable.
  assert.throws(() => loadConfig({}, { VIGIE_PORT: '70000' }), /^Error: VIGIE_PORT:/);
  assert.throws(() => loadConfig({}, { VIGIE_BLOCK_IP_DAYS: '0' }), /^Error: VIGIE_BLOCK_IP_DAYS:/);
});

test('VIGIE_ROLES: a list of roles, trimmed and deduplicated; an unknown role is refused with the known ones', () => {
  assert.deepEqual(loadConfig({}, { VIGIE_ROLES: 'api' }).roles, ['api']);
  assert.deepEqual(loadConfig({}, { VIGIE_ROLES: ' worker , indexer,worker' }).roles, ['worker', 'indexer']);
  assert.throws(() => loadConfig({}, { VIGIE_ROLES: 'api,scheduler' }), /^Error: VIGIE_ROLES: give one or more of api, worker, indexer/);
  assert.throws(() => loadConfig({}, { VIGIE_ROLES: ' , ' }), /^Error: VIGIE_ROLES:/);
});

test('overrides merge per section: a field given replaces that field, the rest of its section stays', () => {
  const c = loadConfig(
    { http: { port: 0 }, store: { dataDir: '/tmp/vigie-override' }, roles: ['api'], secrets: { databaseUrl: undefined } },
    {
      VIGIE_HOST: '0.0.0.0',
      VIGIE_PORT: '9090',
      VIGIE_SQLITE_SYNCHRONOUS: 'NORMAL',
      VIGIE_ROLES: 'worker',
      DATABASE_URL: 'postgres://x@db/vigie',
      VIGIE_SERVER_SECRET: 'c2VjcmV0',
      VIGIE_VAULT_KEY: 'dmF1bHQta2V5LXBsYWNlaG9sZGVy',
      VIGIE_VAULT_KEY_FILE: '/etc/vigie/vault.key',
      VIGIE_VAULT_PREVIOUS_KEY_FILES: '/etc/vigie/vault-1.key, /etc/vigie/vault-0.key',
      VIGIE_HOLD_DAYS: '400',
      VIGIE_HOLD_PURGE_MINUTES: '15',
    },
  );
  assert.equal(c.http.port, 0, 'the override wins');
  assert.equal(c.http.host, '0.0.0.0', 'the rest of the section comes from the environment');
  assert.deepEqual(c.store, { dataDir: '/tmp/vigie-override', sqliteSynchronous: 'NORMAL' });
  assert.deepEqual(c.roles, ['api'], 'a list is replaced whole');
  // An override left undefined does not erase what the environment gave.
  assert.equal(c.secrets.databaseUrl, 'postgres://x@db/vigie');
  assert.equal(c.secrets.serverSecret, 'c2VjcmV0');
  assert.equal(loadConfig({ store: { dataDir: 'relative/dir' } }, {}).store.dataDir, resolve('relative/dir'), 'a data folder is made absolute');
});

test('NATS_URL turns JetStream on; a bad URL is refused naming the variable; the password is never shown', () => {
  const off = loadConfig({}, {});
  assert.equal(off.secrets.natsUrl, undefined);
  assert.deepEqual(off.nats, { prefix: 'vigie' });
  assert.equal(describeConfig(off).jobs, 'database');

  const on = loadConfig({}, { NATS_URL: 'nats://worker:hunter2-secret@10.0.0.5:4222', VIGIE_NATS_PREFIX: 'vigie-eu' });
  assert.equal(on.secrets.natsUrl, 'nats://worker:hunter2-secret@10.0.0.5:4222');
  assert.equal(on.nats.prefix, 'vigie-eu');
  const shown = JSON.stringify(describeConfig(on));
  assert.doesNotMatch(shown, /hunter2/);
  assert.match(shown, /JetStream/);
  assert.equal(loadConfig({}, { NATS_URL: 'nats://a:4222, nats://b:4222' }).secrets.natsUrl, 'nats://a:4222, nats://b:4222');

  for (const bad of [`http://${SECRET_LOOKING}:4222`, 'nats://', 'localhost:4222', `nats://host/${SECRET_LOOKING}`]) {
    assert.throws(
      () => loadConfig({}, { NATS_URL: bad }),
      (err: Error) => err.message.startsWith('NATS_URL:') && !err.message.includes(SECRET_LOOKING),
      bad,
    );
  }
  assert.throws(() => loadConfig({}, { VIGIE_NATS_PREFIX: 'Has Spaces' }), /VIGIE_NATS_PREFIX/);
});

test('VIGIE_JOB_LEASE_SECONDS: the job lease, 5 minutes by default, never below what a handler may take', () => {
  assert.deepEqual(loadConfig({}, {}).jobs, { leaseMs: 300_000 });
  assert.deepEqual(loadConfig({}, { VIGIE_JOB_LEASE_SECONDS: '130' }).jobs, { leaseMs: 130_000 });
  assert.throws(() => loadConfig({}, { VIGIE_JOB_LEASE_SECONDS: '70' }), /VIGIE_JOB_LEASE_SECONDS: must be at least 125/);
});
