// npm run bench:ingest-ab -- --base DIR [--duration S] [--connections N] [--runs N]
// The ingest load of bench:ingest on this checkout and on another one (DIR: a checkout of an
// earlier commit with its own node_modules, e.g. a `git worktree`) at the same time: two
// `vigie serve` processes on SQLite, each driven by its own autocannon instance with the same
// posts. A shared host whose speed drifts from one minute to the next (by a third here) blurs
// runs taken one after the other; run side by side, both servers see the same host, and the
// ratio of their posts/s is what the change costs. Each server gets about half the machine,
// so the absolute figures are lower than bench:ingest's; the ratio is the result.
import { parseArgs } from 'node:util';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { postBody } from './ingest-posts.js';

const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    duration: { type: 'string', default: '15' },
    connections: { type: 'string', default: '32' },
    runs: { type: 'string', default: '3' },
  },
});
if (!values.base) throw new Error('--base DIR: a checkout of the code to compare with (run npm ci there first)');
const duration = Number(values.duration);
const connections = Number(values.connections);
const runs = Number(values.runs);
const trees = { base: resolve(values.base), current: resolve('.') };

interface Server {
  child: ChildProcess;
  url: string;
  key: string;
  dataDir: string;
}

function cli(tree: string, args: string[]): string[] {
  return ['--import', 'tsx', join(tree, 'src/cli/main.ts'), ...args];
}

async function start(tree: string): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-ab-'));
  const env = { ...process.env, VIGIE_LOG_LEVEL: 'info' };
  const key = execFileSync(process.execPath, cli(tree, ['apikey', 'create', '--name', 'bench', '--data', dataDir]), { cwd: tree, env, stdio: ['ignore', 'pipe', 'ignore'] })
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
  return { child, url, key, dataDir };
}

async function load(server: Server): Promise<number> {
  let counter = 0;
  const result = await autocannon({
    url: server.url,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        path: '/v1/content',
        headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
        setupRequest: (req) => Object.assign(req, { body: postBody(counter++) }),
      },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} answers other than 2xx and ${result.errors} errors from ${server.url}`);
  return Math.round(result.requests.total / duration);
}

const ratios: number[] = [];
for (let run = 1; run <= runs; run++) {
  const servers = { base: await start(trees.base), current: await start(trees.current) };
  try {
    const [base, current] = await Promise.all([load(servers.base), load(servers.current)]);
    const ratio = current / base;
    ratios.push(ratio);
    console.log(JSON.stringify({ bench: 'ingest-ab', run, connections, duration_s: duration, base_posts_per_s: base, current_posts_per_s: current, ratio: Number(ratio.toFixed(3)) }));
  } finally {
    for (const s of Object.values(servers)) {
      s.child.kill('SIGTERM');
      await new Promise((ok) => (s.child.exitCode !== null ? ok(null) : s.child.once('exit', ok)));
      rmSync(s.dataDir, { recursive: true, force: true });
    }
  }
}
const sorted = [...ratios].sort((a, b) => a - b);
console.log(JSON.stringify({ bench: 'ingest-ab', runs, median_ratio: Number(sorted[sorted.length >> 1]!.toFixed(3)), min: Number(sorted[0]!.toFixed(3)), max: Number(sorted[sorted.length - 1]!.toFixed(3)) }));
