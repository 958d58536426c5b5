// Exact-copy digests of the bytes as received. MD5 is what NCMEC's and most older
// hash lists carry; SHA-256 is the evidence-grade identifier. Neither needs decoding,
// so they are worth having even for a file no decoder can read.

import { createHash } from 'node:crypto';

export interface MediaDigests {
  md5: string;
  sha256: string;
}

export function digestBytes(bytes: Uint8Array): MediaDigests {
  return {
    md5: createHash('md5').update(bytes).digest('hex'),
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}
