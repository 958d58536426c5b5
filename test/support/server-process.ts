// Runs `vigie serve` as a child process, as an operator would, for tests that must kill it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: string[];
}

/**
 * The CLI from the TypeScript sources (through tsx), or, with VIGIE_SERVER_BUILD=1, the
 * compiled one in dist/ (run `npm run build` first) — what `npm start` runs, for benchmarks
 * that should not count tsx's own costs.
 */
export function cliArgs(...args: string[]): string[] {
  if (process.env.VIGIE_SERVER_BUILD === '1') return ['dist/cli/main.js', ...args];
  return ['--import', 'tsx', 'src/cli/main.ts', ...args];
}

export async function startServerProcess(dataDir: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...nodeArgs, ...cliArgs('serve', '--data', dataDir, '--port', '0')], {
    env: { ...process.env, VIGIE_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const lines = createInterface({ input: child.stdout! });
  const errLines = createInterface({ input: child.stderr! });
  errLines.on('line', (l) => output.push(l));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start:\n${output.join('\n')}`));
    }, 30_000);
    lines.on('line', (line) => {
      output.push(line);
      try {
        const rec = JSON.parse(line) as { msg?: string; address?: string };
        if (rec.msg === 'vigie is listening' && rec.address) {
          clearTimeout(timer);
          resolve(rec.address);
        } else if (rec.msg === 'vigie is running') {
          // A process without the api role (a worker, an indexer) has no address.
          clearTimeout(timer);
          resolve('');
        }
      } catch {
        // not a log line
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output.join('\n')}`));
    });
  });
  return { child, url, output };
}

export async function kill(server: ServerProcess, signal: NodeJS.Signals): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = once(server.child, 'exit');
  server.child.kill(signal);
  await exited;
}
