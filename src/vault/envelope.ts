// The evidence vault's object format: every stored byte is AES-256-GCM ciphertext under a
// data key of its own, and that data key is kept beside it wrapped (AES-256-GCM again) by a
// master key named by its id. Re-wrapping a data key under a new master key (rotation)
// rewrites the 74-byte head only: the ciphertext and its tag stay as they are, because the
// data's additional authenticated data covers the format and the kind, not the wrapping.
//
//   0   magic "VGVT"        4
//   4   version (1)         1
//   5   kind ('M' media, 'S' preserved snapshot)  1
//   6   master key id       8
//   14  wrap IV            12
//   26  wrapped data key   32
//   58  wrap tag           16
//   74  data IV            12
//   86  ciphertext          n
//   86+n data tag          16
//
// Pure: keys, IVs and data keys are given by the caller (the store draws them from
// node:crypto's generator), so the same inputs always give the same bytes.
import { createCipheriv, createDecipheriv, createHash, type CipherGCM, type DecipherGCM } from 'node:crypto';

export const MAGIC = Buffer.from('VGVT', 'ascii');
export const VERSION = 1;
export const HEAD_BYTES = 86;
export const TAG_BYTES = 16;
export const KEY_BYTES = 32;
export const IV_BYTES = 12;
/** The part of the head that rotation rewrites: key id, wrap IV, wrapped key, wrap tag. */
export const WRAP_START = 6;
export const WRAP_END = 74;

export type ObjectKind = 'media' | 'snapshot';
const KIND_BYTE: Record<ObjectKind, number> = { media: 0x4d, snapshot: 0x53 };

/** A master key and its id (hex of 8 bytes derived from the key, so every process names it alike). */
export interface MasterKey {
  id: string;
  key: Buffer;
}

/** The master keys a process holds: `current` wraps new data keys; any of `all` unwraps. */
export interface Keyring {
  current: MasterKey;
  all: ReadonlyMap<string, MasterKey>;
}

/** Bytes that are not what was sealed: a flipped byte in the head, the ciphertext or a tag. */
export class VaultIntegrityError extends Error {
  override readonly name = 'VaultIntegrityError';
}

/** The object's data key is wrapped by a master key this process does not hold. */
export class VaultKeyMissingError extends Error {
  override readonly name = 'VaultKeyMissingError';
  constructor(readonly keyId: string) {
    super(`the vault object is wrapped by master key ${keyId}, which is not configured`);
  }
}

export function masterKey(key: Buffer): MasterKey {
  if (key.length !== KEY_BYTES) throw new RangeError(`a vault master key is ${KEY_BYTES} bytes, not ${key.length}`);
  return { id: createHash('sha256').update('vigie-vault-key-id\0').update(key).digest().subarray(0, 8).toString('hex'), key };
}

export function keyring(current: Buffer, others: readonly Buffer[] = []): Keyring {
  const cur = masterKey(current);
  const all = new Map<string, MasterKey>([[cur.id, cur]]);
  for (const k of others) {
    const m = masterKey(k);
    if (!all.has(m.id)) all.set(m.id, m);
  }
  return { current: cur, all };
}

/** What a new object needs drawn at random: its data key and the two IVs. */
export interface Fresh {
  dataKey: Buffer;
  wrapIv: Buffer;
  dataIv: Buffer;
}

export interface ParsedHead {
  kind: ObjectKind;
  keyId: string;
  dataIv: Buffer;
}

function prefix(kind: ObjectKind): Buffer {
  return Buffer.concat([MAGIC, Buffer.from([VERSION, KIND_BYTE[kind]])]);
}

/** True when `bytes` begin like a vault object (a clear file from before the vault does not, in practice). */
export function looksSealed(bytes: Uint8Array): boolean {
  return bytes.byteLength >= HEAD_BYTES + TAG_BYTES && Buffer.from(bytes.buffer, bytes.byteOffset, 4).equals(MAGIC) && bytes[4] === VERSION;
}

function wrapAad(kind: ObjectKind, keyId: string): Buffer {
  return Buffer.concat([prefix(kind), Buffer.from(keyId, 'hex')]);
}

function wrapPart(master: MasterKey, kind: ObjectKind, dataKey: Buffer, wrapIv: Buffer): Buffer {
  const c = createCipheriv('aes-256-gcm', master.key, wrapIv);
  c.setAAD(wrapAad(kind, master.id));
  const wrapped = Buffer.concat([c.update(dataKey), c.final()]);
  return Buffer.concat([Buffer.from(master.id, 'hex'), wrapIv, wrapped, c.getAuthTag()]);
}

/** The 86-byte head of a new object. */
export function sealHead(master: MasterKey, kind: ObjectKind, fresh: Fresh): Buffer {
  if (fresh.dataKey.length !== KEY_BYTES || fresh.wrapIv.length !== IV_BYTES || fresh.dataIv.length !== IV_BYTES) throw new RangeError('bad key or IV length');
  return Buffer.concat([prefix(kind), wrapPart(master, kind, fresh.dataKey, fresh.wrapIv), fresh.dataIv]);
}

export function parseHead(head: Uint8Array): ParsedHead {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (b.length < HEAD_BYTES || !b.subarray(0, 4).equals(MAGIC)) throw new VaultIntegrityError('not a vault object');
  if (b[4] !== VERSION) throw new VaultIntegrityError(`unknown vault object version ${b[4]}`);
  const kind = b[5] === KIND_BYTE.media ? 'media' : b[5] === KIND_BYTE.snapshot ? 'snapshot' : undefined;
  if (!kind) throw new VaultIntegrityError('unknown vault object kind');
  return { kind, keyId: b.subarray(6, 14).toString('hex'), dataIv: Buffer.from(b.subarray(74, 86)) };
}

/** The object's data key, unwrapped; a flipped byte in the wrapping is refused. */
export function unwrapDataKey(head: Uint8Array, ring: Keyring): Buffer {
  const parsed = parseHead(head);
  const master = ring.all.get(parsed.keyId);
  if (!master) throw new VaultKeyMissingError(parsed.keyId);
  const b = Buffer.from(head.buffer, head.byteOffset, HEAD_BYTES);
  const d = createDecipheriv('aes-256-gcm', master.key, b.subarray(14, 26));
  d.setAAD(wrapAad(parsed.kind, parsed.keyId));
  d.setAuthTag(b.subarray(58, 74));
  try {
    return Buffer.concat([d.update(b.subarray(26, 58)), d.final()]);
  } catch {
    throw new VaultIntegrityError('the wrapped data key does not authenticate');
  }
}

/** The head with its data key wrapped again by `to` (the ciphertext is untouched). */
export function rewrapHead(head: Uint8Array, ring: Keyring, to: MasterKey, wrapIv: Buffer): Buffer {
  const parsed = parseHead(head);
  const dataKey = unwrapDataKey(head, ring);
  const b = Buffer.from(head.buffer, head.byteOffset, HEAD_BYTES);
  return Buffer.concat([b.subarray(0, WRAP_START), wrapPart(to, parsed.kind, dataKey, wrapIv), b.subarray(WRAP_END, HEAD_BYTES)]);
}

/** Encrypts a stream chunk by chunk: `update` for each, then `final` for the tag. */
export function dataCipher(kind: ObjectKind, dataKey: Buffer, dataIv: Buffer): CipherGCM {
  const c = createCipheriv('aes-256-gcm', dataKey, dataIv);
  c.setAAD(prefix(kind));
  return c;
}

export function dataDecipher(head: Uint8Array, ring: Keyring, tag: Uint8Array): DecipherGCM {
  const parsed = parseHead(head);
  const d = createDecipheriv('aes-256-gcm', unwrapDataKey(head, ring), parsed.dataIv);
  d.setAAD(prefix(parsed.kind));
  d.setAuthTag(tag);
  return d;
}

/** A whole object from clear bytes in memory. */
export function seal(bytes: Uint8Array, master: MasterKey, kind: ObjectKind, fresh: Fresh): Buffer {
  const c = dataCipher(kind, fresh.dataKey, fresh.dataIv);
  return Buffer.concat([sealHead(master, kind, fresh), c.update(bytes), c.final(), c.getAuthTag()]);
}

/** The clear bytes of a whole object, authenticated (head, wrapping, ciphertext and tag). */
export function open(sealed: Uint8Array, ring: Keyring, expect?: ObjectKind): Buffer {
  if (sealed.byteLength < HEAD_BYTES + TAG_BYTES) throw new VaultIntegrityError('a vault object is too short');
  const b = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const parsed = parseHead(b);
  if (expect && parsed.kind !== expect) throw new VaultIntegrityError(`a ${parsed.kind} object where a ${expect} object was expected`);
  const d = dataDecipher(b, ring, b.subarray(b.length - TAG_BYTES));
  try {
    return Buffer.concat([d.update(b.subarray(HEAD_BYTES, b.length - TAG_BYTES)), d.final()]);
  } catch {
    throw new VaultIntegrityError('the ciphertext does not authenticate');
  }
}
