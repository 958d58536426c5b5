// The command line as a user meets it: --help on every command, suggestions for typing
// mistakes, exit 2 for usage errors, and help that loads neither the store nor the server.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_MAX_PIXELS } from '../../src/detect/media/decode.js';
import { runCli, type CliRun } from '../support/cli.js';

const COMMANDS = [
  ['serve'],
  ['migrate'],
  ['verify'],
  ['apikey', 'create'],
  ['bank', 'import'],
  ['bank', 'export'],
  ['bank', 'list'],
  ['scan'],
  ['hash'],
  ['staff', 'add'],
  ['webhooks', 'replay'],
  ['text', 'scan'],
  ['cybertip', 'list'],
  ['cybertip', 'build'],
];

// Usage errors must be refused before anything is opened: this data folder stays empty.
const dataDir = mkdtempSync(join(tmpdir(), 'vigie-cli-help-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));
const env: NodeJS.ProcessEnv = { ...process.env, VIGIE_DATA: dataDir };
delete env.DATABASE_URL;

const vigie = (...args: string[]) => runCli(args, { env });

/** A few at a time: each run starts a Node process. */
async function all<T, R>(items: T[], f: (item: T) => Promise<R>, width = 4): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width) out.push(...(await Promise.all(items.slice(i, i + width).map(f))));
  return out;
}

function usageError(run: CliRun, ...patterns: RegExp[]): void {
  assert.equal(run.code, 2, run.stderr);
  assert.equal(run.stdout, '');
  for (const p of patterns) assert.match(run.stderr, p);
}

describe('vigie --help', () => {
  test('every command answers --help and `vigie help CMD` with its options and an example, exit 0', { timeout: 120_000 }, async () => {
    const runs = await all(COMMANDS, async (words) => [words, await vigie(...words, '--help'), await vigie('help', ...words)] as const);
    for (const [words, flag, word] of runs) {
      const name = `vigie ${words.join(' ')}`;
      assert.equal(flag.code, 0, `${name} --help: ${flag.stderr}`);
      assert.equal(flag.stderr, '');
      assert.ok(flag.stdout.startsWith(`Usage: ${name} `), `${name}: ${flag.stdout.slice(0, 80)}`);
      assert.match(flag.stdout, /\nOptions:\n/);
      assert.match(flag.stdout, /\nExamples:\n/);
      assert.ok(flag.stdout.includes(`\n  $ ${name} `), `${name}: an example runs it`);
      assert.equal(word.code, 0);
      assert.equal(word.stdout, flag.stdout, `vigie help ${words.join(' ')} is ${name} --help`);
    }
    assert.deepEqual(readdirSync(dataDir), []);
  });

  test('vigie scan --help', async () => {
    const run = await vigie('scan', '--help');
    assert.equal(run.code, 0, run.stderr);
    const text = run.stdout.replace(/\s+/g, ' ');
    assert.match(text, /--bank <name> the bank to match against \(required\)/);
    assert.match(text, /--max-distance <n> largest PDQ distance that counts as a match \(default: 31\)/);
    assert.match(run.stdout, /\$ vigie scan \/srv\/uploads --bank internal-pdq/);
  });

  test('help lists the commands and shows defaults and choices', async () => {
    const [top, group, bankImport, hash, serve] = await Promise.all([
      vigie('--help'),
      vigie('bank', '--help'),
      vigie('bank', 'import', '--help'),
      vigie('hash', '--help'),
      vigie('serve', '--help'),
    ]);
    assert.equal(top.code, 0);
    for (const words of COMMANDS) assert.match(top.stdout, new RegExp(`^  ${words[0]}\\b`, 'm'));
    assert.match(group.stdout, /^ {2}import \[options\] <file>/m);
    assert.match(group.stdout, /^ {2}list \[options\]/m);
    assert.match(bankImport.stdout.replace(/\s+/g, ' '), /choices: "lines", "csv", "threatexchange-csv", default: "lines"/);
    assert.match(
      hash.stdout.replace(/\s+/g, ' '),
      new RegExp(`--max-pixels <n> refuse to decode images larger than this \\(default: ${DEFAULT_MAX_PIXELS}\\)`),
    );
    assert.match(serve.stdout.replace(/\s+/g, ' '), /choices: "auto", "json", "pretty", default: "auto"/);
  });

  test('no command: the list of commands on stderr, exit 2', async () => {
    const run = await vigie();
    usageError(run, /Usage: vigie <command>/, /bank/);
  });
});

describe('usage errors exit 2 with a suggestion', () => {
  test('a mistyped command or sub-command', async () => {
    const [command, sub, viaHelp, scan] = await Promise.all([vigie('bnak', 'list'), vigie('bank', 'lst'), vigie('help', 'bnak'), vigie('scna', dataDir)]);
    usageError(command, /unknown command 'bnak'/, /Did you mean bank\?/);
    usageError(sub, /unknown command 'lst'/, /Did you mean list\?/, /vigie bank --help/);
    usageError(viaHelp, /unknown command 'bnak'/, /Did you mean bank\?/);
    usageError(scan, /Did you mean scan\?/);
  });

  test('an unknown option, even where a required one is then missing', async () => {
    const [typo, unknown] = await Promise.all([vigie('bank', 'import', '--nmae', 'x', 'list.txt'), vigie('hash', '--frobnicate', 'a.png')]);
    usageError(typo, /unknown option '--nmae'/, /Did you mean --name\?/, /vigie bank import --help/);
    usageError(unknown, /unknown option '--frobnicate'/);
  });

  test('missing or bad values are named clearly', async () => {
    const runs = await Promise.all([
      vigie('bank', 'import', 'list.txt'),
      vigie('bank', 'export', '--name', 'x', '--format', 'xml'),
      vigie('webhooks', 'replay', '--all-dead', '--limit', '0'),
      vigie('webhooks', 'replay'),
      vigie('webhooks', 'replay', '--id', 'x', '--all-dead'),
      vigie('scan', dataDir, '--bank', 'b', '--max-distance', '99'),
      vigie('serve', '--port', 'eighty'),
      vigie('apikey', 'create', '--name', 'k', '--scope', 'everything'),
      vigie('bank', 'import', '--name', 'x', 'a.txt', 'b.txt'),
    ]);
    const [name, format, limit, neither, both, distance, port, scope, excess] = runs;
    usageError(name!, /required option '--name <name>' not specified/);
    usageError(format!, /argument 'xml' is invalid\. Allowed choices are lines, csv, threatexchange-csv/);
    usageError(limit!, /--limit takes a whole number from 1 to 10000/);
    usageError(neither!, /give --id ID or --all-dead/);
    usageError(both!, /'--id <id>' cannot be used with option '--all-dead'/);
    usageError(distance!, /--max-distance takes a whole number from 0 to 47/);
    usageError(port!, /--port takes a whole number from 0 to 65535/);
    usageError(scope!, /argument 'everything' is invalid\. Allowed choices are content:write/);
    usageError(excess!, /too many arguments/);
    assert.deepEqual(readdirSync(dataDir), []);
  });
});

describe('lazy loading', () => {
  // A module loader hook that writes down every module the command loads.
  const hooks = mkdtempSync(join(tmpdir(), 'vigie-cli-trace-'));
  after(() => rmSync(hooks, { recursive: true, force: true }));
  writeFileSync(
    join(hooks, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.VIGIE_TRACE, r.url + '\\n');
  return r;
}
`,
  );
  writeFileSync(
    join(hooks, 'register.mjs'),
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(hooks, 'hooks.mjs')).href)});\n`,
  );

  async function loaded(...args: string[]): Promise<{ run: CliRun; modules: string[] }> {
    const trace = join(hooks, `${args.join('_').replace(/[^a-z]/gi, '')}.txt`);
    const run = await runCli(args, { env: { ...env, VIGIE_TRACE: trace }, nodeArgs: ['--import', join(hooks, 'register.mjs')] });
    return { run, modules: readFileSync(trace, 'utf8').split('\n') };
  }
  const heavy = (modules: string[], pattern: RegExp) => modules.filter((m) => pattern.test(m));
  const STORE = /node_modules\/(better-sqlite3|kysely|pg)\/|\/src\/store\/store\.ts/;
  const SERVER = /node_modules\/fastify\/|\/src\/server\.ts/;
  const DECODER = /node_modules\/sharp\//;

  test('help loads neither the store, the server nor the image decoder', async () => {
    for (const args of [
      ['serve', '--help'],
      ['hash', '--help'],
      ['scan', '--help'],
      ['bank', 'import', '--help'],
    ]) {
      const { run, modules } = await loaded(...args);
      assert.equal(run.code, 0, run.stderr);
      assert.ok(
        modules.some((m) => m.includes('/src/cli/program.ts')),
        'the trace works',
      );
      assert.deepEqual(heavy(modules, STORE), [], args.join(' '));
      assert.deepEqual(heavy(modules, SERVER), [], args.join(' '));
      assert.deepEqual(heavy(modules, DECODER), [], args.join(' '));
    }
  });

  test('vigie hash opens no database and loads no server', async () => {
    const { run, modules } = await loaded('hash', join(dataDir, 'missing.png'));
    assert.equal(run.code, 1);
    assert.deepEqual(heavy(modules, STORE), []);
    assert.deepEqual(heavy(modules, SERVER), []);
  });
});
