import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cliArgs } from '../support/server-process.js';
import { patternImage } from '../support/images.js';
import { hashImageBytes as hashMedia } from '../../src/detect/media/index.js';

function vigie(data: string, ...args: string[]) {
  const r = spawnSync(process.execPath, cliArgs(...args, '--data', data), { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('bank import, list, export and scan work together from the command line', { timeout: 120_000 }, async () => {
  const data = mkdtempSync(join(tmpdir(), 'vigie-bank-cli-'));
  const known = await patternImage(5);
  const { pdq } = await hashMedia(known);
  const list = join(data, 'list.txt');
  writeFileSync(list, `${pdq}\nnot-a-hash\n${pdq}\n`);

  const imported = vigie(data, 'bank', 'import', '--name', 'test-bank', '--verified', list);
  assert.equal(imported.code, 0, imported.err);
  assert.match(imported.out, /test-bank: 1 added, 0 already present, 1 duplicate lines folded, 1 bad lines skipped/);
  assert.match(imported.err, /list\.txt:2: /);
  assert.match(imported.err, /verified/);

  const again = vigie(data, 'bank', 'import', '--name', 'test-bank', list);
  assert.match(again.out, /0 added, 1 already present/);

  const listed = vigie(data, 'bank', 'list');
  assert.equal(listed.code, 0);
  assert.match(listed.out, /^test-bank\tpdq\tinternal\tyes\t1\t/m);

  const exported = vigie(data, 'bank', 'export', '--name', 'test-bank');
  assert.equal(exported.out.trim(), pdq);
  const te = vigie(data, 'bank', 'export', '--name', 'test-bank', '--format', 'threatexchange-csv');
  assert.match(te.out, /^signal_type,signal_str,collab,category,tags/);

  const dir = join(data, 'uploads');
  mkdirSync(join(dir, 'nested'), { recursive: true });
  writeFileSync(join(dir, 'nested', 'copy.png'), known);
  writeFileSync(join(dir, 'other.png'), await patternImage(8));
  writeFileSync(join(dir, 'broken.png'), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]));
  writeFileSync(join(dir, 'notes.txt'), 'plain text');
  const scanned = vigie(data, 'scan', dir, '--bank', 'test-bank');
  assert.equal(scanned.code, 1, 'an undecodable file makes the exit code non-zero');
  const rows = scanned.out.trim().split('\n');
  assert.equal(rows[0], 'path,bank,hash_type,distance,variant,label,matched_hash');
  assert.equal(rows.length, 2, scanned.out);
  assert.ok(rows[1]!.startsWith(`${join(dir, 'nested', 'copy.png')},test-bank,pdq,0,orig,`));
  assert.match(scanned.err, /broken\.png/);

  const missing = vigie(data, 'scan', dir, '--bank', 'no-such-bank');
  assert.equal(missing.code, 2);
});
