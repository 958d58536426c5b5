// `vigie hash`, run as a user runs it: a separate process, files on disk.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashImageBytes } from '../../src/detect/media/index.js';
import { jpeg, pattern, png } from '../detect/media/images.js';
import { sharedPath, skipWithoutShared } from '../support/shared.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function vigie(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const lines = (s: string) => s.split('\n').filter((l) => l.length > 0);

describe('vigie hash', () => {
  let dir = '';
  let a = '';
  let b = '';
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-hash-'));
    a = join(dir, 'a.png');
    b = join(dir, 'b, with a comma.jpg');
    writeFileSync(a, await png(pattern(200, 150, 1)));
    writeFileSync(b, await jpeg(pattern(700, 500, 2)));
    writeFileSync(join(dir, 'notes.txt'), 'not an image');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('prints pdq,quality,path per file in the order given; unreadable files go to stderr and set the exit code', async () => {
    const missing = join(dir, 'missing.png');
    const text = join(dir, 'notes.txt');
    const run = await vigie('hash', b, missing, a, text);
    assert.equal(run.code, 1);
    const expectA = await hashImageBytes(readFileSync(a));
    const expectB = await hashImageBytes(readFileSync(b));
    assert.deepEqual(lines(run.stdout), [`${expectB.pdq},${expectB.quality},${b}`, `${expectA.pdq},${expectA.quality},${a}`]);
    const errors = lines(run.stderr);
    assert.equal(errors.length, 2);
    assert.match(errors[0]!, new RegExp(`^vigie hash: ${missing}: cannot read: no such file$`));
    assert.match(errors[1]!, new RegExp(`^vigie hash: ${text}: cannot decode \\(unrecognised-format\\)`));
  });

  test('--dihedral prints the eight hashes; --md5 and --sha256 add columns before the path', async () => {
    const [run, plain] = await Promise.all([vigie('hash', '--dihedral', '--md5', '--sha256', a), vigie('hash', '--sha256', a)]);
    assert.equal(run.code, 0, run.stderr);
    const expected = await hashImageBytes(readFileSync(a), { dihedral: true });
    const d = expected.dihedral!;
    assert.deepEqual(lines(run.stdout), [
      [d.orig, d.rot90, d.rot180, d.rot270, d.flipx, d.flipy, d.flipplus1, d.flipminus1, expected.quality, expected.md5, expected.sha256, a].join(','),
    ]);
    assert.deepEqual(lines(plain.stdout), [`${expected.pdq},${expected.quality},${expected.sha256},${a}`]);
  });

  test('usage: no file is an error (2), --help is not, bad options are refused', async () => {
    const [none, help, unknownOption, badCap] = await Promise.all([
      vigie('hash'),
      vigie('hash', '--help'),
      vigie('hash', '--frobnicate', a),
      vigie('hash', '--max-pixels', 'lots', a),
    ]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /missing required argument 'file'[\s\S]*vigie hash --help/);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /orig,rot90,rot180,rot270,flipx,flipy,flipplus1,flipminus1,quality,path/);
    assert.equal(unknownOption.code, 2);
    assert.match(unknownOption.stderr, /frobnicate/);
    assert.equal(badCap.code, 2);
    assert.match(badCap.stderr, /--max-pixels takes a positive integer/);
  });

  test('--max-pixels caps what is decoded', async () => {
    const run = await vigie('hash', '--max-pixels', '1000', a);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /cannot decode \(too-many-pixels\): image of 200×150 pixels is over the cap of 1000/);
  });
});

describe('vigie hash against pdq-photo-hasher', { skip: skipWithoutShared() }, () => {
  test("prints the reference's own lines for every fixture (hash and quality)", async () => {
    const reference = lines(readFileSync(sharedPath('fixtures', 'pdq', 'expected', 'pdq-photo-hasher.out'), 'utf8'));
    const files = reference.map((l) => l.split(',')[2]!);
    const run = await vigie('hash', ...files.map((f) => sharedPath('fixtures', 'pdq', f)));
    assert.equal(run.code, 0, run.stderr);
    const ours = lines(run.stdout).map((l) => l.split(',').slice(0, 2).join(','));
    assert.deepEqual(
      ours,
      reference.map((l) => l.split(',').slice(0, 2).join(',')),
    );
  });

  test('--dihedral prints the lines of pdq-photo-hasher --pdqdih-across (PNM inputs)', async () => {
    const reference = lines(readFileSync(sharedPath('fixtures', 'pdq', 'expected', 'pdq-photo-hasher--pdqdih-across.out'), 'utf8')).filter((l) =>
      l.includes(',pnm/'),
    );
    const files = reference.map((l) => l.split(',').at(-1)!);
    const run = await vigie('hash', '--dihedral', ...files.map((f) => sharedPath('fixtures', 'pdq', f)));
    assert.equal(run.code, 0, run.stderr);
    const strip = (l: string) => l.split(',').slice(0, 9).join(',');
    assert.deepEqual(lines(run.stdout).map(strip), reference.map(strip));
  });
});
