// `vigie platform add` and `vigie apikey create --platform` as an operator runs them: real
// processes on a temporary data folder. The key made acts for the new platform only.
import { test, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../src/store/store.js';
import { findApiKey } from '../../src/services/api-keys/authenticate-key.js';
import { runCli } from '../support/cli.js';

const dataDir = mkdtempSync(join(tmpdir(), 'vigie-cli-platform-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

function vigie(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, VIGIE_DATA: dataDir };
  delete env.DATABASE_URL;
  return runCli([...args, '--data', dataDir], { env });
}

describe('vigie platform', () => {
  test('adds a platform, lists it, and makes a key that acts for it', async () => {
    const added = await vigie(['platform', 'add', 'forum-2', '--name', 'Second forum']);
    assert.equal(added.code, 0, added.stderr);
    assert.equal(added.stdout, 'forum-2\n');

    const again = await vigie(['platform', 'add', 'forum-2', '--name', 'Again']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists/);
    const bad = await vigie(['platform', 'add', 'Forum Two', '--name', 'x']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /lower-case/);

    const listed = await vigie(['platform', 'list', '--json']);
    assert.deepEqual(
      JSON.parse(listed.stdout).map((p: { id: string }) => p.id),
      ['default', 'forum-2'],
    );

    const made = await vigie(['apikey', 'create', '--name', 'forum-2 ingest', '--platform', 'forum-2']);
    assert.equal(made.code, 0, made.stderr);
    const key = made.stdout.trim().split('\n').at(-1)!;
    const nowhere = await vigie(['apikey', 'create', '--name', 'orphan', '--platform', 'nowhere']);
    assert.equal(nowhere.code, 1, 'a key for a platform that does not exist is refused');
    assert.match(nowhere.stderr, /no platform "nowhere"/);

    const store = await Store.open({ dataDir });
    try {
      assert.equal((await findApiKey(store, key))?.platform, 'forum-2');
    } finally {
      await store.close();
    }
  });
});
