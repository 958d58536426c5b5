// Messages between the hash pool and its worker threads.

import type { DecodeOptions } from './decode.js';
import type { MediaDecodeErrorCode } from './errors.js';
import type { HashMediaOptions, MediaHashes } from './hash-media.js';

export interface WorkerRequest {
  id: number;
  /** Transferred, so the bytes are copied once (by the pool) and not again. */
  bytes: ArrayBuffer;
  options: HashMediaOptions & Omit<DecodeOptions, 'mode'>;
}

export type WorkerReply =
  | { id: number; ok: true; result: MediaHashes }
  | {
      id: number;
      ok: false;
      error: { kind: 'decode'; code: MediaDecodeErrorCode; message: string; digests?: { md5: string; sha256: string } } | { kind: 'other'; message: string };
    };
