// A small pool of worker threads that decode and hash media, so the event loop that
// serves the API never runs a decoder or a PDQ pass. One worker per core by default,
// each with a couple of items in flight (one decoding in libvips while another is
// hashed in JavaScript). Work beyond that waits in a bounded queue; past its bound an
// item is refused at once rather than piling up memory.
//
// Failures stay with their item: a decode error rejects that item only, and a worker
// that dies takes only its in-flight items with it before it is replaced.

import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../work/threads.js';
import type { DecodeOptions } from '../../detect/media/decode.js';
import { MediaDecodeError } from '../../detect/media/errors.js';
import type { HashMediaOptions, MediaHashes } from '../../detect/media/hash-media.js';
import type { WorkerReply, WorkerRequest } from '../../detect/media/hash-protocol.js';

export interface HashPoolOptions {
  /** Worker threads; default one per core. */
  size?: number;
  /** Items a worker holds at once; default 2. */
  inFlightPerWorker?: number;
  /** Items waiting for a worker beyond which new ones are refused; default 256. */
  maxQueue?: number;
  /**
   * Decoder settings for every item (pixel cap, 16-bit rule, and the mode an item
   * gets when its own `decode` option does not say: 'exact' unless set here).
   */
  decode?: DecodeOptions;
}

export type HashPoolErrorCode = 'queue-full' | 'closed' | 'worker-failed';

export class HashPoolError extends Error {
  override readonly name = 'HashPoolError';
  constructor(
    readonly code: HashPoolErrorCode,
    message: string,
  ) {
    super(message);
  }
}

interface Job {
  id: number;
  bytes: Uint8Array;
  options: WorkerRequest['options'];
  resolve(result: MediaHashes): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  jobs: Map<number, Job>;
}

function startWorker(): Worker {
  return startModuleWorker(import.meta.url, '../../detect/media/hash-worker');
}

export class HashPool {
  private readonly size: number;
  private readonly perWorker: number;
  private readonly maxQueue: number;
  private readonly decode: DecodeOptions;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: HashPoolOptions = {}) {
    this.size = positive(options.size ?? availableParallelism(), 'size');
    this.perWorker = positive(options.inFlightPerWorker ?? 2, 'inFlightPerWorker');
    this.maxQueue = nonNegative(options.maxQueue ?? 256, 'maxQueue');
    this.decode = { ...options.decode };
    const mode = this.decode.mode;
    if (mode !== undefined && mode !== 'exact' && mode !== 'fast') throw new RangeError(`decode.mode is 'exact' or 'fast', got ${String(mode)}`);
  }

  /** Decodes and hashes one image off the calling thread. */
  hashMedia(bytes: Uint8Array, options: HashMediaOptions = {}): Promise<MediaHashes> {
    if (options.decode !== undefined && options.decode !== 'exact' && options.decode !== 'fast') {
      return Promise.reject(new RangeError(`decode is 'exact' or 'fast', got ${String(options.decode)}`));
    }
    if (this.closed) return Promise.reject(new HashPoolError('closed', 'the hash pool is closed'));
    if (!(bytes instanceof Uint8Array)) return Promise.reject(new TypeError('hashMedia takes the bytes of an image as a Uint8Array'));
    return new Promise<MediaHashes>((resolve, reject) => {
      const job: Job = {
        id: this.nextId++,
        // A copy of exactly these bytes, which is then transferred to the worker: the
        // caller's buffer may be a view on a larger one, or reused. (Not bytes.slice():
        // on a Buffer that is a view, and transferring it would detach the caller's.)
        bytes: new Uint8Array(bytes),
        options: {
          maxPixels: this.decode.maxPixels,
          sixteenBit: this.decode.sixteenBit,
          decode: options.decode ?? this.decode.mode ?? 'exact',
          dihedral: options.dihedral === true,
        },
        resolve,
        reject,
      };
      const slot = this.freeSlot();
      if (slot) this.dispatch(slot, job);
      else if (this.queue.length >= this.maxQueue) {
        reject(new HashPoolError('queue-full', `the hash queue is full (${this.maxQueue} items waiting)`));
      } else this.queue.push(job);
    });
  }

  /** Items waiting plus items being hashed. */
  get pending(): number {
    return this.queue.length + this.slots.reduce((n, s) => n + s.jobs.size, 0);
  }

  /** Refuses new items, lets in-flight ones finish, then stops the workers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new HashPoolError('closed', 'the hash pool closed before this item ran'));
    await Promise.all(
      this.slots.map(async (slot) => {
        while (slot.jobs.size > 0) await new Promise((r) => setTimeout(r, 5));
        await slot.worker.terminate();
      }),
    );
    this.slots.length = 0;
  }

  private freeSlot(): Slot | undefined {
    let best: Slot | undefined;
    for (const s of this.slots) if (s.jobs.size < this.perWorker && (!best || s.jobs.size < best.jobs.size)) best = s;
    if (best && best.jobs.size === 0) return best;
    if (this.slots.length < this.size) return this.spawn();
    return best;
  }

  private spawn(): Slot {
    const worker = startWorker();
    const slot: Slot = { worker, jobs: new Map() };
    worker.unref();
    worker.on('message', (reply: WorkerReply) => this.settle(slot, reply));
    worker.on('error', (err) => this.fail(slot, err));
    worker.on('exit', (code) => this.fail(slot, new Error(`worker exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  private dispatch(slot: Slot, job: Job): void {
    slot.jobs.set(job.id, job);
    if (slot.jobs.size === 1) slot.worker.ref();
    const req: WorkerRequest = { id: job.id, bytes: job.bytes.buffer as ArrayBuffer, options: job.options };
    slot.worker.postMessage(req, [req.bytes]);
  }

  private settle(slot: Slot, reply: WorkerReply): void {
    const job = slot.jobs.get(reply.id);
    if (!job) return;
    slot.jobs.delete(reply.id);
    if (slot.jobs.size === 0) slot.worker.unref();
    if (reply.ok) job.resolve(reply.result);
    else if (reply.error.kind === 'decode') {
      const e = new MediaDecodeError(reply.error.code, reply.error.message);
      if (reply.error.digests) e.digests = reply.error.digests;
      job.reject(e);
    } else job.reject(new Error(reply.error.message));
    this.pump();
  }

  private fail(slot: Slot, err: Error): void {
    const at = this.slots.indexOf(slot);
    if (at < 0) return;
    this.slots.splice(at, 1);
    for (const job of slot.jobs.values()) {
      job.reject(new HashPoolError('worker-failed', `the hash worker failed while hashing this item: ${err.message}`));
    }
    slot.jobs.clear();
    void slot.worker.terminate();
    if (!this.closed) this.pump();
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      const slot = this.freeSlot();
      if (!slot) return;
      this.dispatch(slot, this.queue.shift()!);
    }
  }
}

function positive(n: number, name: string): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`${name} must be a positive integer, got ${n}`);
  return n;
}

function nonNegative(n: number, name: string): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer, got ${n}`);
  return n;
}
