// Messages between the hash pool and its worker threads.

import type { DecodeOptions } from './decode.js';
import type { MediaDecodeErrorCode } from './errors.js';
import type { HashMediaOptions, MediaHashes } from './hash-media.js';

/** The pool's messages to a worker: an item to hash, or its answer to an admission. */
export type WorkerRequest =
  | {
      kind: 'hash';
      id: number;
      /** Transferred, so the bytes are copied once (by the pool) and not again. */
      bytes: ArrayBuffer;
      options: HashMediaOptions & Omit<DecodeOptions, 'mode' | 'admit'>;
      /** Ask the pool for the decode's memory before decoding (see `admit`). */
      admit: boolean;
    }
  | { kind: 'admitted'; id: number; ok: true }
  | { kind: 'admitted'; id: number; ok: false; message: string };

/** A worker's messages: the memory a decode needs, asked before decoding, or an item's result. */
export type WorkerReply =
  | { kind: 'admit'; id: number; bytes: number }
  | { kind: 'done'; id: number; ok: true; result: MediaHashes }
  | {
      kind: 'done';
      id: number;
      ok: false;
      error:
        | {
            kind: 'decode';
            code: MediaDecodeErrorCode;
            message: string;
            digests?: { md5: string; sha256: string } | undefined;
            size?: { width: number; height: number } | undefined;
          }
        | { kind: 'other'; message: string };
    };
