// The hash types vigie knows, by the name banks record (banks.hash_type).

import type { HashTypeDef } from './hash-type.js';
import { digestType } from './digest.js';
import { PDQ_TYPE } from './pdq.js';
import { VPDQ_TYPE } from './vpdq/vpdq-type.js';

export const HASH_TYPE_DEFS = {
  pdq: PDQ_TYPE,
  md5: digestType('md5', ['video_md5', 'photo_md5', 'md5']),
  sha1: digestType('sha1', []),
  sha256: digestType('sha256', []),
  vpdq: VPDQ_TYPE,
} as const satisfies Record<string, HashTypeDef>;

export type HashType = keyof typeof HASH_TYPE_DEFS;

export const HASH_TYPES = Object.keys(HASH_TYPE_DEFS) as readonly HashType[];

export function hashTypeDef<T extends HashType>(type: T): (typeof HASH_TYPE_DEFS)[T] {
  return HASH_TYPE_DEFS[type];
}
