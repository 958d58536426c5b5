// `vigie hash FILE...`: PDQ-hash image files, one CSV line per file in the format of
// Meta's pdq-photo-hasher (`hash,quality,path`), so its output can be compared or
// loaded wherever that tool's is. Files are hashed in the worker pool, in parallel,
// and printed in the order given. A file that cannot be read or decoded is reported
// on stderr by name, the others are still hashed, and the exit code is 1.

import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { MediaHashes } from '../../detect/media/index.js';
import type { HashPool } from '../../services/media/hash-pool.js';
import type { HashOptions } from '../grammar/hash.js';

export async function run(files: string[], values: HashOptions): Promise<number> {
  const maxPixels = values.maxPixels;

  // Loaded only now, so that a usage error does not load the image decoder.
  const { DIHEDRAL_NAMES, isMediaDecodeError } = await import('../../detect/media/index.js');
  const { HashPool } = await import('../../services/media/hash-pool.js');
  // No more workers than files: each one takes a moment to start.
  const pool = new HashPool({
    size: Math.min(availableParallelism(), files.length),
    decode: maxPixels === undefined ? {} : { maxPixels },
  });
  const format = (r: MediaHashes, path: string): string => {
    const hashes = values.dihedral && r.dihedral ? DIHEDRAL_NAMES.map((n) => r.dihedral![n]) : [r.pdq];
    const digests = [...(values.md5 ? [r.md5] : []), ...(values.sha256 ? [r.sha256] : [])];
    return [...hashes, String(r.quality), ...digests, path].join(',');
  };

  // Everything is started at once, bounded so a long file list does not fill the
  // pool's queue, and written out strictly in the order of the arguments.
  const results: Promise<string | Error>[] = [];
  let failed = 0;
  const window = 64;
  try {
    for (let i = 0; i < files.length; i++) {
      if (i >= window) await settleAndPrint(results[i - window]!);
      const path = files[i]!;
      results.push(
        hashFile(pool, path, values.dihedral).then(
          (r) => format(r, path),
          (e: unknown) => describe(path, e, isMediaDecodeError),
        ),
      );
    }
    for (let i = Math.max(0, files.length - window); i < files.length; i++) await settleAndPrint(results[i]!);
  } finally {
    await pool.close();
  }
  return failed > 0 ? 1 : 0;

  async function settleAndPrint(p: Promise<string | Error>): Promise<void> {
    const line = await p;
    if (line instanceof Error) {
      failed++;
      process.stderr.write(`vigie hash: ${line.message}\n`);
    } else process.stdout.write(`${line}\n`);
  }
}

async function hashFile(pool: HashPool, path: string, dihedral: boolean): Promise<MediaHashes> {
  const bytes = await readFile(path);
  return pool.hashMedia(bytes, { dihedral });
}

function describe(path: string, e: unknown, isDecodeError: (e: unknown) => e is { code: string; message: string }): Error {
  if (isDecodeError(e)) return new Error(`${path}: cannot decode (${e.code}): ${e.message}`);
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string' && typeof err.syscall === 'string') {
    return new Error(`${path}: cannot read: ${err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory' : err.message}`);
  }
  return new Error(`${path}: ${e instanceof Error ? e.message : String(e)}`);
}
