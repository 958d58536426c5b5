// `vigie vault migrate` and `vigie vault rotate-key` from the command line: clear media
// from an older version are sealed, and a rotation leaves everything readable under the
// new key alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cliArgs } from '../support/server-process.js';
import { patternImage } from '../support/images.js';
import { MediaFiles } from '../../src/store/media-files.js';
import { keyring } from '../../src/vault/envelope.js';

function vigie(data: string, env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, cliArgs(...args, '--data', data), { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('vault migrate seals clear media; rotate-key moves every object to the new key', { timeout: 120_000 }, async () => {
  const data = mkdtempSync(join(tmpdir(), 'vigie-vault-cli-'));
  try {
    const img = await patternImage(21, 80, 60);
    const sha = createHash('sha256').update(img).digest('hex');
    const dir = join(data, 'media', sha.slice(0, 2), sha.slice(2, 4));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, sha), img);
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    writeFileSync(join(data, 'old.key'), oldKey.toString('base64'), { mode: 0o600 });
    writeFileSync(join(data, 'new.key'), newKey.toString('base64'), { mode: 0o600 });
    const env = { VIGIE_VAULT_KEY_FILE: join(data, 'old.key') };

    const migrated = vigie(data, env, 'vault', 'migrate');
    assert.equal(migrated.code, 0, migrated.err);
    assert.equal(JSON.parse(migrated.out).sealed, 1);
    assert.equal(readFileSync(join(dir, sha)).includes(img.subarray(100, 140)), false);

    const rotated = vigie(data, env, 'vault', 'rotate-key', '--new-key-file', join(data, 'new.key'));
    assert.equal(rotated.code, 0, rotated.err);
    const report = JSON.parse(rotated.out);
    assert.equal(report.media.rewrapped, 1);
    assert.deepEqual(report.remaining, { [keyring(newKey).current.id]: 1 });
    assert.match(rotated.err, /set VIGIE_VAULT_KEY_FILE/);
    assert.deepEqual(await new MediaFiles(join(data, 'media'), keyring(newKey)).read(sha), img);

    const missing = vigie(data, env, 'vault', 'rotate-key');
    assert.equal(missing.code, 2);
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
});
