import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { scan } from '../../src/cli/commands/text-scan.js';

const dir = mkdtempSync(join(tmpdir(), 'vigie-text-scan-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function runScan(args: string[], lines: string[]): Promise<{ code: number; out: Record<string, unknown>[]; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks: string[] = [];
  const errs: string[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c.toString()));
  stderr.on('data', (c: Buffer) => errs.push(c.toString()));
  const code = await scan(args, { stdin: Readable.from([lines.join('\n') + '\n']), stdout, stderr });
  const text = chunks.join('');
  const out =
    text.trim() === ''
      ? []
      : text
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, out, err: errs.join('') };
}

const families = (o: Record<string, unknown>) => (o.signals as { family: string }[]).map((s) => s.family).sort();

describe('vigie text scan', () => {
  test('review: the case a message opens or joins, as the ingest answer says it; ages by flag, band or birth year', async () => {
    const dm = (id: string, text: string, extra: Record<string, unknown>) =>
      JSON.stringify({ id, text, from: 'g', to: 'k', at: '2026-05-01T10:00:00Z', ...extra });
    const { code, out } = await runScan(
      [],
      [
        JSON.stringify({ id: 'p1', text: 'Selling my old phone, message me on whatsapp' }),
        dm('1', 'hey how old are you?', { recipientIsMinor: true, senderIsMinor: false }),
        dm('2', 'do your parents check your phone?', { recipientAgeBand: '13-15', senderIsMinor: false }),
        dm('3', "let's keep this between us, add me on snapchat", { recipientBirthYear: 2013, senderIsMinor: false }),
        dm('4', 'send me a picture of you', { recipientIsMinor: true, senderIsMinor: false }),
      ],
    );
    assert.equal(code, 0);
    assert.deepEqual(
      out.map((o) => o.review),
      [null, null, null, { caseId: 'case-1', opened: true }, { caseId: 'case-1', opened: false }],
    );
  });

  test('one output line per input line, in order, with signals and links', async () => {
    const { code, out } = await runScan(
      [],
      [
        JSON.stringify({ id: 'a1', text: 'how old are you? add me on snap', lang: 'en' }),
        JSON.stringify({ id: 2, text: 'nice weather today, see example.com' }),
      ],
    );
    assert.equal(code, 0);
    assert.deepEqual(
      out.map((o) => o.id),
      ['a1', '2'],
    );
    assert.deepEqual(families(out[0]!), ['age-probing', 'platform-migration']);
    const sig = (out[0]!.signals as Record<string, unknown>[])[0]!;
    assert.deepEqual(Object.keys(sig).slice(0, 3), ['family', 'clause', 'strength']);
    assert.deepEqual(out[1]!.signals, []);
    assert.deepEqual(
      (out[1]!.links as { url: string }[]).map((l) => l.url),
      ['http://example.com/'],
    );
  });

  test('a bad line gives an error line with its id or line number, and the run goes on', async () => {
    const { code, out } = await runScan([], ['{ broken', JSON.stringify({ id: 'no-text' }), '', JSON.stringify({ id: 'ok', text: 'keep it secret' })]);
    assert.equal(code, 1);
    assert.deepEqual(out[0], { id: null, line: 1, error: 'not a JSON object' });
    assert.equal(out[1]!.id, 'no-text');
    assert.equal(out[1]!.line, 2);
    assert.match(String(out[1]!.error), /text/);
    assert.deepEqual(families(out[2]!), ['secrecy']);
  });

  test('messages of one conversation are evaluated together, in order', async () => {
    const m = (id: string, from: string, text: string) => JSON.stringify({ id, text, from, to: from === 'a' ? 'k' : 'a', recipientIsMinor: from === 'a' });
    const { out } = await runScan(
      [],
      [m('1', 'a', 'how old are you'), m('2', 'k', '13'), m('3', 'a', "don't tell your parents we talk"), m('4', 'a', 'send me a pic of you')],
    );
    const risks = out.map((o) => (o.conversation as { risk: number }).risk);
    assert.ok(risks[3]! > risks[2]! && risks[2]! > risks[0]!, `risks ${risks}`);
    assert.ok(families(out[3]!).includes('conversation'));
  });

  test('operator rules and term lists', async () => {
    const rulesPath = join(dir, 'rules.json');
    const listPath = join(dir, 'list.txt');
    writeFileSync(listPath, '# placeholders only\nplaceholderterm\nplaceholder phrase*\n');
    writeFileSync(
      rulesPath,
      JSON.stringify({
        format: 'vigie.text-rules',
        version: 1,
        termLists: { mine: {} },
        rules: [{ id: 'mine', family: 'solicitation', clause: 'behaviour.obtain-material', strength: 0.7, when: { terms: 'mine' } }],
      }),
    );
    const { code, out } = await runScan(
      ['--rules', rulesPath, '--terms', `mine=${listPath}`],
      [JSON.stringify({ id: 'x', text: 'a PLACEHOLDER phrases b' }), JSON.stringify({ id: 'y', text: 'how old are you' })],
    );
    assert.equal(code, 0);
    assert.deepEqual(families(out[0]!), ['solicitation']);
    assert.deepEqual(families(out[1]!), []);
  });

  test('URL banks in the plain and IWF-style formats', async () => {
    const listPath = join(dir, 'urls.csv');
    writeFileSync(listPath, 'url\nlisted.example.com/dir/\n');
    const { out } = await runScan(['--url-bank', `test=iwf:${listPath}`], [JSON.stringify({ id: 'l', text: 'see hxxp://listed.example.com/dir/x' })]);
    assert.deepEqual((out[0]!.links as { banks: string[] }[])[0]!.banks, ['test']);
    assert.ok(families(out[0]!).includes('link-bank'));
  });

  test('unusable rules or options: exit 2 and a clear message', async () => {
    const badRules = join(dir, 'bad.json');
    writeFileSync(
      badRules,
      JSON.stringify({ format: 'vigie.text-rules', version: 1, rules: [{ id: 'x', family: 'f', clause: 'nope', strength: 1, when: { phrases: ['x'] } }] }),
    );
    const r1 = await runScan(['--rules', badRules], []);
    assert.equal(r1.code, 2);
    assert.match(r1.err, /rules\.0\.clause/);
    const r2 = await runScan(['--terms', 'oops'], []);
    assert.equal(r2.code, 2);
    assert.match(r2.err, /NAME=VALUE/);
  });

  test('--print-default-rules prints a rules file that loads', async () => {
    const stdout = new PassThrough();
    let text = '';
    stdout.on('data', (c: Buffer) => (text += c.toString()));
    assert.equal(await scan(['--print-default-rules'], { stdin: Readable.from([]), stdout, stderr: new PassThrough() }), 0);
    const path = join(dir, 'default.json');
    writeFileSync(path, text);
    const { code, out } = await runScan(['--rules', path], [JSON.stringify({ id: 'd', text: 'tu habites où ?' })]);
    assert.equal(code, 0);
    assert.deepEqual(families(out[0]!), ['meeting']);
  });

  test('is registered as "vigie text scan"', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'text', 'scan'], {
      input: JSON.stringify({ id: 'cli', text: 'ajoute-moi sur snap' }) + '\n',
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(families(JSON.parse(r.stdout) as Record<string, unknown>), ['platform-migration']);
  });
});
