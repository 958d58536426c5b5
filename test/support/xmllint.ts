// Validates documents against NCMEC's schema (../shared/ncmec/cyber_tipline.xsd, read in place,
// never copied) with xmllint from Debian's libxml2-utils. Without xmllint the checks skip with
// a message, unless CI is set: then they fail (.ci/run installs it).
import { spawnSync } from 'node:child_process';
import { sharedDir, sharedPath } from './shared.js';

const probe = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
export const xmllintPresent = probe.status === 0;

/** node:test's `skip`: false when xmllint and the schema are there, else why not. */
export function skipWithoutValidator(): false | string {
  if (!xmllintPresent) {
    if (process.env.CI) throw new Error('CI is set but xmllint (libxml2-utils) is not installed');
    return 'xmllint not found (apt-get install libxml2-utils); schema validation skipped';
  }
  if (!sharedDir) {
    if (process.env.CI) throw new Error('CI is set but the shared fixtures are missing');
    return 'shared fixtures not found (set VIGIE_SHARED); schema validation skipped';
  }
  return false;
}

export function schemaPath(): string {
  return sharedPath('ncmec', 'cyber_tipline.xsd');
}

/** null when the document validates; otherwise xmllint's complaint. */
export function schemaErrors(xml: string, xsd = schemaPath()): string | null {
  const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', xsd, '-'], { input: xml, encoding: 'utf8' });
  return r.status === 0 ? null : r.stderr.trim() || `xmllint exited ${r.status}`;
}
