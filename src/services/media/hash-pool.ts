// A small pool of worker threads that decode and hash media, so the event loop that
// serves the API never runs a decoder or a PDQ pass. One worker per core by default,
// each with a couple of items in flight (one decoding in libvips while another is
// hashed in JavaScript). Work beyond that waits in a bounded queue; past its bound an
// item is refused at once rather than piling up memory.
//
// Failures stay with their item: a decode error rejects that item only, and a worker
// that dies takes only its in-flight items with it before it is replaced.
//
// Memory: the pixels of a decode cost far more than its file (a 291 KB PNG of
// 10000 × 10000 pixels decodes to 300 MB). Before decoding, a worker reads the header and
// asks the pool for what the decode will hold; the pool grants it while the decodes of all
// its workers stay within one budget (`decodeMemoryBytes`), in the order asked, and refuses
// at once a decode that alone is larger than the whole budget. An item given as a file
// (a spooled upload) is read only when a worker takes it, so waiting items hold no bytes.

import { readFile } from 'node:fs/promises';
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
   * Bytes of decoded pixels all workers may hold at once; default 512 MiB. A decode that
   * would pass it waits for others to finish; one larger than it is refused
   * (MediaDecodeError 'too-many-pixels').
   */
  decodeMemoryBytes?: number;
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

export const DEFAULT_DECODE_MEMORY_BYTES = 512 * 1024 * 1024;

/**
 * An image to hash: its bytes, a clear file holding them (the CLI), or a loader (a sealed
 * spool, decrypted only when a worker takes it); the last two are read when a worker is free.
 */
export type MediaInput = Uint8Array | { path: string } | { load(): Promise<Uint8Array> };

interface Job {
  id: number;
  input: MediaInput;
  options: Extract<WorkerRequest, { kind: 'hash' }>['options'];
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
  private readonly budget: number;
  /** Decoded bytes granted, by job id, and the decodes waiting for a grant, in order. */
  private readonly granted = new Map<number, number>();
  private grantedBytes = 0;
  private readonly admissions: { slot: Slot; id: number; bytes: number }[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: HashPoolOptions = {}) {
    this.size = positive(options.size ?? availableParallelism(), 'size');
    this.perWorker = positive(options.inFlightPerWorker ?? 2, 'inFlightPerWorker');
    this.maxQueue = nonNegative(options.maxQueue ?? 256, 'maxQueue');
    this.budget = positive(options.decodeMemoryBytes ?? DEFAULT_DECODE_MEMORY_BYTES, 'decodeMemoryBytes');
    this.decode = { ...options.decode };
    const mode = this.decode.mode;
    if (mode !== undefined && mode !== 'exact' && mode !== 'fast') throw new RangeError(`decode.mode is 'exact' or 'fast', got ${String(mode)}`);
  }

  /** Decodes and hashes one image off the calling thread. */
  hashMedia(input: MediaInput, options: HashMediaOptions = {}): Promise<MediaHashes> {
    if (options.decode !== undefined && options.decode !== 'exact' && options.decode !== 'fast') {
      return Promise.reject(new RangeError(`decode is 'exact' or 'fast', got ${String(options.decode)}`));
    }
    if (this.closed) return Promise.reject(new HashPoolError('closed', 'the hash pool is closed'));
    const isFile = typeof input === 'object' && input !== null && !(input instanceof Uint8Array) && 'path' in input && typeof input.path === 'string';
    const isLoader = typeof input === 'object' && input !== null && !(input instanceof Uint8Array) && 'load' in input && typeof input.load === 'function';
    if (!(input instanceof Uint8Array) && !isFile && !isLoader) {
      return Promise.reject(new TypeError('hashMedia takes the bytes of an image as a Uint8Array, { path } of a file, or { load } of its bytes'));
    }
    return new Promise<MediaHashes>((resolve, reject) => {
      const job: Job = {
        id: this.nextId++,
        // A copy of exactly these bytes, which is then transferred to the worker: the
        // caller's buffer may be a view on a larger one, or reused. (Not bytes.slice():
        // on a Buffer that is a view, and transferring it would detach the caller's.)
        input: input instanceof Uint8Array ? new Uint8Array(input) : input,
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

  /** Bytes of decoded pixels granted to decodes under way, and decodes waiting for a grant. */
  get decodeMemory(): { budget: number; granted: number; waiting: number } {
    return { budget: this.budget, granted: this.grantedBytes, waiting: this.admissions.length };
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
    if (job.input instanceof Uint8Array) return this.post(slot, job, job.input);
    // A file is read (a sealed spool decrypted) now that a worker is free for it; its slot is held meanwhile.
    const input = job.input;
    const read: Promise<Uint8Array> = 'load' in input ? input.load() : readFile(input.path);
    read.then(
      (bytes) => {
        if (slot.jobs.get(job.id) !== job) return; // the worker failed meanwhile
        this.post(slot, job, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      },
      (err: Error) => {
        if (slot.jobs.get(job.id) !== job) return;
        this.finish(slot, job.id);
        job.reject(err);
        this.pump();
      },
    );
  }

  private post(slot: Slot, job: Job, bytes: Uint8Array): void {
    // readFile's buffer may come from a shared pool: transfer only a buffer of our own.
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
    const req: WorkerRequest = { kind: 'hash', id: job.id, bytes: own.buffer as ArrayBuffer, options: job.options, admit: true };
    slot.worker.postMessage(req, [req.bytes]);
  }

  /** A worker asks for the memory of a decode: granted now, later, or refused. */
  private admit(slot: Slot, id: number, bytes: number): void {
    if (!slot.jobs.has(id)) return;
    if (bytes > this.budget) {
      const message = `decoding this image would hold about ${mib(bytes)} MiB of pixels, more than the decode memory budget of ${mib(this.budget)} MiB`;
      slot.worker.postMessage({ kind: 'admitted', id, ok: false, message } satisfies WorkerRequest);
      return;
    }
    this.admissions.push({ slot, id, bytes });
    this.grant();
  }

  /** Grants waiting decodes in the order they asked, while they fit. */
  private grant(): void {
    while (this.admissions.length > 0) {
      const next = this.admissions[0]!;
      if (this.grantedBytes + next.bytes > this.budget) return;
      this.admissions.shift();
      if (!next.slot.jobs.has(next.id)) continue;
      this.granted.set(next.id, next.bytes);
      this.grantedBytes += next.bytes;
      next.slot.worker.postMessage({ kind: 'admitted', id: next.id, ok: true } satisfies WorkerRequest);
    }
  }

  /** An item is over: its slot and its memory grant are free again. */
  private finish(slot: Slot, id: number): void {
    slot.jobs.delete(id);
    if (slot.jobs.size === 0) slot.worker.unref();
    const bytes = this.granted.get(id);
    if (bytes !== undefined) {
      this.granted.delete(id);
      this.grantedBytes -= bytes;
    }
    this.grant();
  }

  private settle(slot: Slot, reply: WorkerReply): void {
    if (reply.kind === 'admit') return this.admit(slot, reply.id, reply.bytes);
    const job = slot.jobs.get(reply.id);
    if (!job) return;
    this.finish(slot, reply.id);
    if (reply.ok) job.resolve(reply.result);
    else if (reply.error.kind === 'decode') {
      const e = new MediaDecodeError(reply.error.code, reply.error.message, reply.error.size ? { size: reply.error.size } : {});
      if (reply.error.digests) e.digests = reply.error.digests;
      job.reject(e);
    } else job.reject(new Error(reply.error.message));
    this.pump();
  }

  private fail(slot: Slot, err: Error): void {
    const at = this.slots.indexOf(slot);
    if (at < 0) return;
    this.slots.splice(at, 1);
    const jobs = [...slot.jobs.values()];
    for (let i = this.admissions.length - 1; i >= 0; i--) if (this.admissions[i]!.slot === slot) this.admissions.splice(i, 1);
    for (const job of jobs) this.finish(slot, job.id);
    for (const job of jobs) {
      job.reject(new HashPoolError('worker-failed', `the hash worker failed while hashing this item: ${err.message}`));
    }
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

function mib(bytes: number): number {
  return Math.ceil(bytes / (1024 * 1024));
}

function positive(n: number, name: string): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`${name} must be a positive integer, got ${n}`);
  return n;
}

function nonNegative(n: number, name: string): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer, got ${n}`);
  return n;
}
