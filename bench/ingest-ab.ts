// npm run bench:ingest-ab -- --base DIR [--slices N] [--slice S] [--connections N] [--runs N]
// The ingest load of bench:ingest on this checkout and on another one (DIR: a checkout of an
// earlier commit with its own node_modules, e.g. a `git worktree`), taken in turns: both
// `vigie serve` processes (SQLite) run side by side and are driven one at a time, in short
// slices (3 s by default) that alternate between them, each warmed up first. A shared host
// whose speed drifts by a third from one minute to the next blurs runs taken one after the
// other; two slices a few seconds apart see nearly the same host. Driving both at once was
// tried and dropped: on two cores the scheduler favoured one side by 4 to 9 % on identical code.
// Prints, per run, the posts/s of each over all its slices and their ratio (current / base),
// then the geometric mean of the ratios; run it with DIR = this checkout to see the noise.
import { parseArgs } from 'node:util';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { postBody } from './ingest-posts.js';

const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    slices: { type: 'string', default: '8' },
    slice: { type: 'string', default: '3' },
    connections: { type: 'string', default: '64' },
    runs: { type: 'string', default: '3' },
  },
});
if (!values.base) throw new Error('--base DIR: a checkout of the code to compare with (run npm ci there first)');
const slices = Number(values.slices);
const slice = Number(values.slice);
const connections = Number(values.connections);
const runs = Number(values.runs);
const trees = { base: resolve(values.base), current: resolve('.') };

interface Server {
  child: ChildProcess;
  url: string;
  key: string;
  dataDir: string;
  /** The next post's number: ids stay new across slices. */
  next: number;
}

function cli(tree: string, args: string[]): string[] {
  return ['--import', 'tsx', join(tree, 'src/cli/main.ts'), ...args];
}

async function start(tree: string): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-ab-'));
  const env = { ...process.env, VIGIE_LOG_LEVEL: 'info' };
  const key = execFileSync(process.execPath, cli(tree, ['apikey', 'create', '--name', 'bench', '--data', dataDir]), {
    cwd: tree,
    env,
    stdio: ['ignore', 'pipe', 'ignore'],
  })
    .toString()
    .trim();
  const child = spawn(process.execPath, cli(tree, ['serve', '--data', dataDir, '--port', '0']), { cwd: tree, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((ok, fail) => {
    child.once('exit', (code) => fail(new Error(`the server in ${tree} exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const rec = JSON.parse(line) as { msg?: string; address?: string };
        if (rec.msg === 'vigie is listening' && rec.address) ok(rec.address);
      } catch {
        // not a log line
      }
    });
  });
  return { child, url, key, dataDir, next: 0 };
}

/** Posts answered in `seconds` of load. */
async function load(server: Server, seconds: number): Promise<number> {
  const result = await autocannon({
    url: server.url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/v1/content',
        headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
        setupRequest: (req) => Object.assign(req, { body: postBody(server.next++) }),
      },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} answers other than 2xx and ${result.errors} errors from ${server.url}`);
  return result.requests.total;
}

async function stop(s: Server): Promise<void> {
  s.child.kill('SIGTERM');
  if (s.child.exitCode === null) await once(s.child, 'exit');
  rmSync(s.dataDir, { recursive: true, force: true });
}

const ratios: number[] = [];
for (let run = 1; run <= runs; run++) {
  const base = await start(trees.base);
  const current = await start(trees.current);
  try {
    await load(base, slice);
    await load(current, slice);
    const posts = { base: 0, current: 0 };
    for (let i = 0; i < slices; i++) {
      // Each side goes first every other slice, so that a drift within a pair cancels.
      const order = i % 2 === 0 ? (['base', 'current'] as const) : (['current', 'base'] as const);
      for (const side of order) posts[side] += await load(side === 'base' ? base : current, slice);
    }
    const seconds = slices * slice;
    const ratio = posts.current / posts.base;
    ratios.push(ratio);
    console.log(
      JSON.stringify({
        bench: 'ingest-ab',
        run,
        connections,
        seconds_each: seconds,
        base_posts_per_s: Math.round(posts.base / seconds),
        current_posts_per_s: Math.round(posts.current / seconds),
        ratio: Number(ratio.toFixed(3)),
      }),
    );
  } finally {
    await stop(base);
    await stop(current);
  }
}
const sorted = [...ratios].sort((a, b) => a - b);
const geometricMean = Math.exp(ratios.reduce((sum, r) => sum + Math.log(r), 0) / ratios.length);
console.log(
  JSON.stringify({
    bench: 'ingest-ab',
    runs,
    mean_ratio: Number(geometricMean.toFixed(3)),
    min: Number(sorted[0]!.toFixed(3)),
    max: Number(sorted[sorted.length - 1]!.toFixed(3)),
  }),
);
