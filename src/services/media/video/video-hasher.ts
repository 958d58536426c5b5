// Hashes videos off the event loop, a bounded number at a time: each video takes one
// worker thread (which runs ffmpeg as a subprocess and PDQ-hashes its frames) until it is
// done; videos beyond the workers wait in a bounded queue, and past it are refused at once
// (HashPoolError 'queue-full', which ingest answers with 503 and a retry delay). Bytes that
// came inline are written to a temporary file first: ffmpeg reads MP4 by seeking.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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
}

/** ffmpeg reads MP4 by seeking, so bytes given inline go to a private temporary file first. */
async function asFile(input: { path: string } | Uint8Array): Promise<{ path: string; cleanup?: () => Promise<void> }> {
  if (!(input instanceof Uint8Array)) return { path: input.path };
  const dir = await mkdtemp(join(tmpdir(), 'vigie-video-'));
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
  hashVideo(input: { path: string } | Uint8Array, container: VideoContainer): Promise<VideoHashes> {
    return this.run(input, container, false);
  }

  /**
   * Only what ffprobe says, with the caps checked (no frame decoded): for a video that
   * nothing will be matched against. It takes a worker and a place in the queue as a hash
   * does, so a flood of videos never runs more subprocesses than the workers.
   */
  async probeVideo(input: { path: string } | Uint8Array, container: VideoContainer): Promise<VideoInfo> {
    return (await this.run(input, container, true)).info;
  }

  private async run(input: { path: string } | Uint8Array, container: VideoContainer, probeOnly: boolean): Promise<VideoHashes> {
    if (this.closed) throw new HashPoolError('closed', 'the video hasher is closed');
    if (this.busy.size + this.queue.length + this.arriving >= this.concurrency + this.maxQueue) {
      throw new HashPoolError('queue-full', `the video queue is full (${this.maxQueue} videos waiting)`);
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
      const job = { id: this.nextId++, path, container, options: this.options, ...(probeOnly ? { probeOnly } : {}) };
      this.queue.push({ job, resolve, reject, ...(cleanup ? { cleanup } : {}) });
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
      worker.postMessage(p.job);
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
