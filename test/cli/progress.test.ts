// Progress lines: on stderr when it is a terminal, never in a pipe.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProgress, type ProgressStream } from '../../src/cli/progress.js';
import { runCli } from '../support/cli.js';

function fakeStream(isTTY: boolean, columns = 80): ProgressStream & { written: string[] } {
  const written: string[] = [];
  return { isTTY, columns, written, write: (chunk: string) => written.push(chunk) > 0 };
}

describe('createProgress', () => {
  test('on a terminal: redraws in place, at most every interval, and clears its line at the end', () => {
    const stream = fakeStream(true);
    let now = 0;
    let renders = 0;
    const progress = createProgress(stream, { intervalMs: 100, now: () => now });
    for (let i = 1; i <= 1000; i++) {
      now = i; // 1000 updates over one second
      progress.update(() => `${++renders} drawn, at ${i}`);
    }
    assert.equal(stream.written.length, 10, 'ten updates a second');
    assert.equal(renders, 10, 'the text is made only when it is drawn');
    for (const w of stream.written) assert.match(w, /^\r\x1b\[K\d+ drawn/);
    progress.done();
    assert.equal(stream.written.at(-1), '\r\x1b[K');
    progress.done();
    assert.equal(stream.written.length, 11, 'nothing more to clear');
  });

  test('a line wider than the terminal is cut, so that \\r can redraw it', () => {
    const stream = fakeStream(true, 20);
    createProgress(stream).update(() => 'x'.repeat(50));
    assert.equal(stream.written[0], `\r\x1b[K${'x'.repeat(18)}…`);
    const unknownSize = fakeStream(true, 0); // as under `script` or some CI terminals
    createProgress(unknownSize).update(() => 'y'.repeat(50));
    assert.equal(unknownSize.written[0], `\r\x1b[K${'y'.repeat(50)}`);
  });

  test('not a terminal: writes nothing at all', () => {
    const stream = fakeStream(false);
    const progress = createProgress(stream, { intervalMs: 0 });
    let rendered = false;
    progress.update(() => {
      rendered = true;
      return 'never';
    });
    progress.done();
    assert.deepEqual(stream.written, []);
    assert.equal(rendered, false);
  });
});

describe('long commands in a pipe', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-cli-progress-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('bank import and verify keep stderr free of progress lines', { timeout: 60_000 }, async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, VIGIE_DATA: dataDir };
    delete env.DATABASE_URL;
    const list = join(dataDir, 'list.txt');
    const hashes = Array.from({ length: 2000 }, (_, i) => i.toString(16).padStart(32, '0'));
    writeFileSync(list, `${hashes.join('\n')}\n`);
    const imported = await runCli(['bank', 'import', '--name', 'md5-list', '--hash-type', 'md5', list], { env });
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /md5-list: 2000 added/);
    assert.equal(imported.stderr, 'created bank md5-list (md5, source internal, matches go to review)\n');

    const verified = await runCli(['verify'], { env });
    assert.equal(verified.code, 0, verified.stderr);
    assert.match(verified.stdout, /^ok: /);
    assert.equal(verified.stderr, '');
  });
});
