// Entry point of a hash-pool worker thread: decodes and hashes the items it is sent
// and answers each by its id. An item that fails answers with its error; the worker
// carries on with the next one.

import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import { isMediaDecodeError } from './errors.js';
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

port.on('message', (req: WorkerRequest) => {
  void handle(req).then((reply) => port.postMessage(reply));
});

async function handle(req: WorkerRequest): Promise<WorkerReply> {
  try {
    const result = await hashImageBytes(new Uint8Array(req.bytes), req.options, hasher);
    return { id: req.id, ok: true, result };
  } catch (e) {
    if (isMediaDecodeError(e)) {
      return { id: req.id, ok: false, error: { kind: 'decode', code: e.code, message: e.message, digests: e.digests } };
    }
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { id: req.id, ok: false, error: { kind: 'other', message } };
  }
}
