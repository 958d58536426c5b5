// `vigie cybertip list` and `vigie cybertip build`, run as a user runs them (a separate
// process) on a data folder where a verified-bank match drafted a report: one JSON line per
// report, and the document that would be submitted, valid against NCMEC's schema, with
// nothing sent anywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../../src/store/store.js';
import { runCli } from '../../support/cli.js';
import { schemaErrors, skipWithoutValidator } from '../../support/xmllint.js';
import { cybertipApp, postKnownImage } from './harness.js';

const skip = skipWithoutValidator();

test('vigie cybertip list and build on a data folder', { skip, timeout: 120_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-cybertip-cli-'));
  try {
    const store = await Store.open({ dataDir });
    const t = await cybertipApp(store);
    const { cybertipId, account } = await postKnownImage(t, store);
    await t.app.close();
    await store.close();

    const env: NodeJS.ProcessEnv = { ...process.env, VIGIE_NCMEC_REPORTER_EMAIL: 'legal@example.org', VIGIE_NCMEC_PLATFORM: 'Example Social' };
    delete env.DATABASE_URL;
    const list = await runCli(['cybertip', 'list', '--data', dataDir], { env });
    assert.equal(list.code, 0, list.stderr);
    const lines = list.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(lines.length, 1);
    assert.deepEqual(
      { id: lines[0].id, caseId: lines[0].caseId, status: lines[0].status, ncmecReportId: lines[0].ncmecReportId },
      { id: cybertipId, caseId: null, status: 'draft', ncmecReportId: null },
    );

    const out = join(dataDir, 'report.xml');
    const build = await runCli(['cybertip', 'build', cybertipId, '--out', out, '--data', dataDir], { env });
    assert.equal(build.code, 0, build.stderr);
    assert.match(build.stderr, /would be submitted/);
    const xml = readFileSync(out, 'utf8');
    assert.equal(schemaErrors(xml), null);
    assert.match(xml, new RegExp(`<espIdentifier>${account}</espIdentifier>`));

    const missing = await runCli(['cybertip', 'build', 'ct_nope', '--out', out, '--data', dataDir], { env });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no CyberTipline report/);
    const noReporter = { ...env };
    delete noReporter.VIGIE_NCMEC_REPORTER_EMAIL;
    const unconfigured = await runCli(['cybertip', 'build', cybertipId, '--out', out, '--data', dataDir], { env: noReporter });
    assert.equal(unconfigured.code, 1);
    assert.match(unconfigured.stderr, /VIGIE_NCMEC_REPORTER_EMAIL/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
