// Hashes videos off the event loop, a bounded number at a time: each video takes one
// worker thread (which runs ffmpeg as a subprocess and PDQ-hashes its frames) until it is
// done; videos beyond the workers wait in a bounded queue, and past it are refused at once
// (HashPoolError 'queue-full', which ingest answers with 503 and a retry delay). Bytes that
// came inline, and a sealed spool's bytes (decrypted by its loader once a worker is free for
// it, so queued videos hold nothing), are written to a private temporary file first: ffmpeg reads MP4 by seeking (the index may sit at the end of
// the file), so a pipe to its stdin would refuse such videos. That file is the one place
// clear media bytes touch a file system: in a folder of its own (mode 0700, file 0600), on
// /dev/shm (memory) where there is one, deleted as soon as ffmpeg is done with it.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../../work/threads.js';
import type { VideoContainer } from '../../../detect/media/video-format.js';
import { HashPoolError } from '../hash-pool.js';
import type { VideoHashOptions, VideoHashes } from './hash-video.js';
import type { VideoInfo } from './probe-video.js';
import { VideoError } from './video-error.js';
import type { VideoJob, VideoReply } from './video-protocol.js';

export const DEFAULT_VIDEO_OPTIONS: VideoHashOptions = {
  ffmpeg: 'ffmpeg',
  ffprobe: 'ffprobe',
  maxSeconds: 600,
  maxFramePixels: 3840 * 2160,
  secondsPerHash: 0,
  memoryBytes: 1024 * 1024 * 1024,
  timeoutMs: 120_000,
  threads: 1,
};

export interface VideoHasherOptions {
  /** Videos hashed at once (one worker thread and one ffmpeg each); default 1. */
  concurrency?: number;
  /** Videos waiting beyond which new ones are refused; default 16. */
  maxQueue?: number;
  video?: Partial<VideoHashOptions>;
}

interface Pending {
  job: VideoJob;
  resolve(r: VideoHashes): void;
  reject(e: Error): void;
  cleanup?: () => Promise<void>;
  /**
   * A sealed spool: decrypted to its scratch file only once a worker is free for it, so
   * videos waiting in the queue hold neither memory nor clear bytes on a file system.
   */
  prepare?: () => Promise<{ path: string; cleanup?: () => Promise<void> }>;
}

/** A video to hash: its bytes, a clear file (the CLI), or a loader of its bytes (a sealed spool). */
export type VideoInput = Uint8Array | { path: string } | { load(): Promise<Uint8Array> };

/** Memory-backed where the system has it, so clear bytes for ffmpeg need not reach a disk. */
function scratchDir(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

/** ffmpeg reads MP4 by seeking, so bytes given inline or decrypted go to a private temporary file first. */
async function asFile(given: VideoInput): Promise<{ path: string; cleanup?: () => Promise<void> }> {
  if (!(given instanceof Uint8Array) && 'path' in given) return { path: given.path };
  const input = given instanceof Uint8Array ? given : await given.load();
  const dir = await mkdtemp(join(scratchDir(), 'vigie-video-'));
  const path = join(dir, randomBytes(8).toString('hex'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    await writeFile(path, input, { mode: 0o600 });
  } catch (e) {
    await cleanup();
    throw e;
  }
  return { path, cleanup };
}

export class VideoHasher {
  readonly options: VideoHashOptions;
  private readonly concurrency: number;
  private readonly maxQueue: number;
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private workers = 0;
  /** Videos accepted but not yet queued (their bytes being written): they count against the queue. */
  private arriving = 0;
  private nextId = 1;
  private closed = false;

  constructor(options: VideoHasherOptions = {}) {
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.maxQueue = Math.max(0, options.maxQueue ?? 16);
    this.options = { ...DEFAULT_VIDEO_OPTIONS, ...options.video };
  }

  /** Hashes a video given as a file, or as bytes (written to a temporary file for ffmpeg). */
  hashVideo(input: VideoInput, container: VideoContainer): Promise<VideoHashes> {
    return this.run(input, container, false);
  }

  /**
   * Only what ffprobe says, with the caps checked (no frame decoded): for a video that
   * nothing will be matched against. It takes a worker and a place in the queue as a hash
   * does, so a flood of videos never runs more subprocesses than the workers.
   */
  async probeVideo(input: VideoInput, container: VideoContainer): Promise<VideoInfo> {
    return (await this.run(input, container, true)).info;
  }

  private async run(input: VideoInput, container: VideoContainer, probeOnly: boolean): Promise<VideoHashes> {
    if (this.closed) throw new HashPoolError('closed', 'the video hasher is closed');
    if (this.busy.size + this.queue.length + this.arriving >= this.concurrency + this.maxQueue) {
      throw new HashPoolError('queue-full', `the video queue is full (${this.maxQueue} videos waiting)`);
    }
    const base = { id: this.nextId++, container, options: this.options, ...(probeOnly ? { probeOnly } : {}) };
    if (!(input instanceof Uint8Array) && 'load' in input) {
      return new Promise<VideoHashes>((resolve, reject) => {
        this.queue.push({ job: { ...base, path: '' }, resolve, reject, prepare: () => asFile(input) });
        this.pump();
      });
    }
    this.arriving++;
    let file: Awaited<ReturnType<typeof asFile>>;
    try {
      file = await asFile(input);
    } finally {
      this.arriving--;
    }
    const { path, cleanup } = file;
    if (this.closed) {
      await cleanup?.();
      throw new HashPoolError('closed', 'the video hasher closed before this video ran');
    }
    return new Promise<VideoHashes>((resolve, reject) => {
      this.queue.push({ job: { ...base, path }, resolve, reject, ...(cleanup ? { cleanup } : {}) });
      this.pump();
    });
  }

  /** Videos waiting plus videos being hashed. */
  get pending(): number {
    return this.queue.length + this.busy.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) this.settle(p, new HashPoolError('closed', 'the video hasher closed before this video ran'));
    while (this.busy.size > 0) await new Promise((r) => setTimeout(r, 10));
    await Promise.all(this.idle.splice(0).map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      const worker = this.idle.pop() ?? (this.workers < this.concurrency ? this.spawn() : undefined);
      if (!worker) return;
      const p = this.queue.shift()!;
      this.busy.set(worker, p);
      worker.ref();
      if (!p.prepare) {
        worker.postMessage(p.job);
        continue;
      }
      // The worker is held while the spool is decrypted to its scratch file.
      p.prepare().then(
        (file) => {
          p.job.path = file.path;
          if (file.cleanup) p.cleanup = file.cleanup;
          if (this.busy.get(worker) === p) worker.postMessage(p.job);
          else void file.cleanup?.();
        },
        (err: unknown) => {
          if (this.busy.get(worker) !== p) return;
          this.busy.delete(worker);
          worker.unref();
          this.idle.push(worker);
          this.settle(p, err instanceof Error ? err : new Error(String(err)));
          this.pump();
        },
      );
    }
  }

  private spawn(): Worker {
    const worker = startModuleWorker(import.meta.url, 'video-worker');
    this.workers++;
    worker.on('message', (reply: VideoReply) => {
      const p = this.busy.get(worker);
      if (!p || p.job.id !== reply.id) return;
      this.busy.delete(worker);
      worker.unref();
      this.idle.push(worker);
      this.settle(p, reply.ok ? reply.result : reply.code === 'other' ? new Error(reply.message) : new VideoError(reply.code, reply.message));
      this.pump();
    });
    let gone = false;
    const lost = (err: Error) => {
      if (gone) return;
      gone = true;
      const p = this.busy.get(worker);
      this.busy.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      this.workers--;
      if (p) this.settle(p, new HashPoolError('worker-failed', `the video worker failed while hashing this video: ${err.message}`));
      if (!this.closed) this.pump();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`worker exited with code ${code}`)));
    return worker;
  }

  private settle(p: Pending, outcome: VideoHashes | Error): void {
    const done = () => (outcome instanceof Error ? p.reject(outcome) : p.resolve(outcome));
    if (p.cleanup) void p.cleanup().finally(done);
    else done();
  }
}
