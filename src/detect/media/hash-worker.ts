// Entry point of a hash-pool worker thread: decodes and hashes the items it is sent
// and answers each by its id. An item that fails answers with its error; the worker
// carries on with the next one. Before decoding, the worker asks the pool for the memory
// the decode will hold (read from the header) and waits for its answer: the pool keeps
// every worker's decodes within one budget.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import { MediaDecodeError, isMediaDecodeError } from './errors.js';
import { hashImageBytes } from './hash-media.js';
import { PdqHasher } from './pdq/hasher.js';
import type { WorkerReply, WorkerRequest } from './hash-protocol.js';

if (!parentPort) throw new Error('hash-worker runs only as a worker thread');
const port = parentPort;

// The pool already runs one worker per core; libvips threads of its own per worker
// would only contend with them. Its operation cache would hold on to decoded images
// that are never asked for twice.
sharp.concurrency(1);
sharp.cache(false);

const hasher = new PdqHasher();

// A decode's pixels live in a buffer that libvips allocated and only a garbage collection
// frees; a worker allocates little else, so it may not collect for several images, and
// dead 300 MB buffers would pile up behind the pool's budget (measured: 1,169 MB instead
// of about 400 for eight 100-megapixel PNGs). So a worker collects after every large
// decode, before it answers and the pool hands the memory to the next decode.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const COLLECT_AFTER_BYTES = 32 * 1024 * 1024;

const admissions = new Map<number, { resolve(): void; reject(e: Error): void }>();

port.on('message', (req: WorkerRequest) => {
  if (req.kind === 'admitted') {
    const waiting = admissions.get(req.id);
    admissions.delete(req.id);
    if (req.ok) waiting?.resolve();
    else waiting?.reject(new MediaDecodeError('too-many-pixels', req.message));
    return;
  }
  void handle(req).then((reply) => port.postMessage(reply));
});

async function handle(req: Extract<WorkerRequest, { kind: 'hash' }>): Promise<WorkerReply> {
  let admitted = 0;
  const admit = (bytes: number) =>
    new Promise<void>((resolve, reject) => {
      admissions.set(req.id, {
        resolve: () => {
          admitted = bytes;
          resolve();
        },
        reject,
      });
      port.postMessage({ kind: 'admit', id: req.id, bytes } satisfies WorkerReply);
    });
  try {
    const result = await hashImageBytes(new Uint8Array(req.bytes), { ...req.options, ...(req.admit ? { admit } : {}) }, hasher);
    return { kind: 'done', id: req.id, ok: true, result };
  } catch (e) {
    if (isMediaDecodeError(e)) {
      return { kind: 'done', id: req.id, ok: false, error: { kind: 'decode', code: e.code, message: e.message, digests: e.digests, size: e.size } };
    }
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { kind: 'done', id: req.id, ok: false, error: { kind: 'other', message } };
  } finally {
    // Before the answer leaves, so the pixels are gone when the pool grants their memory again.
    if (admitted >= COLLECT_AFTER_BYTES) collect();
  }
}
