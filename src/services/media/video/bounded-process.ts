// Runs a media tool (ffmpeg, ffprobe) as a subprocess that cannot take the host down with
// it: its address space, CPU seconds and file writes are capped by the shell's ulimit
// before it starts (it writes only to pipes, so a file size of 0 costs nothing), the wall
// clock is capped by a kill, and what it prints is capped by the reader, which kills it at
// the cap rather than buffering without end.
import { spawn } from 'node:child_process';

export interface ProcessLimits {
  /** Address space in bytes (ulimit -v). */
  memoryBytes: number;
  /** Wall-clock milliseconds before SIGKILL; CPU seconds are capped at the same figure. */
  timeoutMs: number;
  /** Bytes of standard output read before the process is killed as over its output cap. */
  maxOutputBytes: number;
}

export type ProcessEnd =
  | { kind: 'exited'; code: number; stderr: string }
  | { kind: 'timed-out'; stderr: string }
  | { kind: 'output-cap'; stderr: string }
  | { kind: 'stopped'; stderr: string }
  | { kind: 'failed'; message: string; stderr: string };

const STDERR_CAP = 16 * 1024;

export interface BoundedProcess {
  /** Resolves once the process is gone, whatever ended it. */
  readonly ended: Promise<ProcessEnd>;
  /** Kills it (a consumer that has read enough). */
  stop(): void;
}

/**
 * Starts `command args…` under the limits; `onOutput` gets standard output as it comes.
 * While `onOutput` runs the pipe is not read, so a slow consumer holds the tool back.
 */
export function runBounded(command: string, args: readonly string[], limits: ProcessLimits, onOutput: (chunk: Buffer) => void): BoundedProcess {
  const kib = Math.max(1, Math.floor(limits.memoryBytes / 1024));
  const cpu = Math.max(1, Math.ceil(limits.timeoutMs / 1000));
  // "$@" keeps every argument as one word: nothing of the file's name or the options reaches a shell parser.
  const child = spawn('/bin/sh', ['-c', `ulimit -v ${kib} && ulimit -t ${cpu} && ulimit -f 0 && exec "$@"`, 'sh', command, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' },
  });
  let stderr = '';
  let outputBytes = 0;
  let verdict: 'timed-out' | 'output-cap' | 'stopped' | undefined;
  const kill = (why: 'timed-out' | 'output-cap' | 'stopped') => {
    verdict ??= why;
    child.kill('SIGKILL');
  };
  const timer = setTimeout(() => kill('timed-out'), limits.timeoutMs);
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s: string) => {
    if (stderr.length < STDERR_CAP) stderr += s.slice(0, STDERR_CAP - stderr.length);
  });
  child.stdout.on('data', (chunk: Buffer) => {
    if (verdict) return;
    outputBytes += chunk.length;
    if (outputBytes > limits.maxOutputBytes) return kill('output-cap');
    onOutput(chunk);
  });
  const ended = new Promise<ProcessEnd>((resolve) => {
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ kind: 'failed', message: err.message, stderr });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (verdict) resolve({ kind: verdict, stderr });
      else if (code === null) resolve({ kind: 'failed', message: `killed by ${signal ?? 'a signal'}`, stderr });
      else resolve({ kind: 'exited', code, stderr });
    });
  });
  return { ended, stop: () => kill('stopped') };
}
