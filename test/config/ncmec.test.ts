// The ncmec section: the test environment unless production is asked for, the reporter and
// the auto-file banks from their variables, the credentials only in the secrets (never in the
// described configuration, never in a refusal).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeConfig, loadConfig } from '../../src/config/config.js';

test('defaults: the test environment, no credentials, a day to approve a draft', () => {
  const c = loadConfig({}, {});
  assert.equal(c.ncmec.environment, 'test');
  assert.equal(c.ncmec.baseUrl, 'https://exttest.cybertip.org/ispws');
  assert.equal(c.ncmec.approveWithinMs, 24 * 3_600_000);
  assert.deepEqual(c.ncmec.autoFileBanks, []);
  assert.equal(c.ncmec.industryMou, false, 'no industry classification unless the operator says the MOU is signed');
  assert.equal(c.secrets.ncmec, undefined);
  assert.equal(c.referrals.geoipDatabase, undefined);
});

test('production, the reporter, auto-file banks and credentials from their variables; the password never shown', () => {
  const c = loadConfig(
    {},
    {
      VIGIE_NCMEC_ENV: 'production',
      VIGIE_NCMEC_USERNAME: 'esp-user',
      VIGIE_NCMEC_PASSWORD: 'pw-0123456789-SECRET',
      VIGIE_NCMEC_REPORTER_EMAIL: 'legal@example.org',
      VIGIE_NCMEC_AUTO_FILE_BANKS: 'ncmec-industry, internal-confirmed',
      VIGIE_NCMEC_APPROVE_WITHIN_HOURS: '4',
      VIGIE_GEOIP_DATABASE: '/var/lib/geoip/GeoLite2-Country.mmdb',
    },
  );
  assert.equal(c.ncmec.baseUrl, 'https://report.cybertip.org/ispws');
  assert.equal(c.ncmec.reporter.email, 'legal@example.org');
  assert.deepEqual(c.ncmec.autoFileBanks, ['ncmec-industry', 'internal-confirmed']);
  assert.equal(c.ncmec.approveWithinMs, 4 * 3_600_000);
  assert.deepEqual(c.secrets.ncmec, { username: 'esp-user', password: 'pw-0123456789-SECRET' });
  assert.equal(c.referrals.geoipDatabase, '/var/lib/geoip/GeoLite2-Country.mmdb');
  assert.ok(!JSON.stringify(describeConfig(c)).includes('SECRET'));
});

test('a bad value is refused naming the variable, never repeating it; the credentials go together', () => {
  assert.throws(
    () => loadConfig({}, { VIGIE_NCMEC_REPORTER_EMAIL: 'not-an-email-SECRET' }),
    (err: Error) => err.message.startsWith('VIGIE_NCMEC_REPORTER_EMAIL:') && !err.message.includes('SECRET'),
  );
  assert.throws(() => loadConfig({}, { VIGIE_NCMEC_ENV: 'staging' }), /VIGIE_NCMEC_ENV/);
  assert.throws(() => loadConfig({}, { VIGIE_NCMEC_USERNAME: 'only-the-user' }), /go together/);
});

test('VIGIE_NCMEC_INDUSTRY_MOU: true or false only (empty is the default, off)', () => {
  assert.equal(loadConfig({}, { VIGIE_NCMEC_INDUSTRY_MOU: 'true' }).ncmec.industryMou, true);
  assert.equal(loadConfig({}, { VIGIE_NCMEC_INDUSTRY_MOU: 'false' }).ncmec.industryMou, false);
  assert.equal(loadConfig({}, { VIGIE_NCMEC_INDUSTRY_MOU: '' }).ncmec.industryMou, false);
  assert.throws(() => loadConfig({}, { VIGIE_NCMEC_INDUSTRY_MOU: 'yes' }), /^Error: VIGIE_NCMEC_INDUSTRY_MOU:/);
});
