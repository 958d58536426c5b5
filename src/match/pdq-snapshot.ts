// The PDQ index on disk, so that a restart loads it instead of rebuilding it.
//
// Format, version 2 (all integers little-endian; every section starts aligned for its
// 4-byte elements, so that loading can view the file's bytes as typed arrays without
// copying):
//   header, 64 bytes:
//     0  magic "VIGIEPDQ"
//     8  u32 format version (2; version 1 had full-width buckets and bare ordinals)
//    12  u32 header length (64)
//    16  u32 n: ordinals stored (live and removed)
//    20  u32 mainEnd: ordinals [0, mainEnd) are in the main segment
//    24  u32 layout: 0 none (flat), else 1 + its position in slot-layout.ts's LAYOUTS
//        (1 "16x16", 2 "12x21-22", 3 "11x23-24", 4 "13x19-20", 5 "14x18-19", 6 "10x25-26")
//    28  u32 main.count: codes listed per slot in main
//    32  u32 body length, low 32 bits    36  u32 body length, high bits
//    40  u32 CRC-32 of the body
//    44  u8 × 16: main's bucket bits per slot (0 past the layout's slots)
//    60  u32 flags: bit 0, main has an occupancy bitmap; other bits zero
//   body: codes (n × 32 bytes) | keys (n × 4) | alive (n bytes, padded to 8)
//         | main offsets (u32, 2^bits + 1 per slot) | main postings (i32, packed as in
//         csr-segment.ts: ordinal << residual bits | low residual bits of the slot
//         value; buckets are the high bits; in slot value order within a slot)
//         | main occupancy bitmap (i32, 2^(width - 5) words per slot), when flagged
// The delta segment is not stored: it is rebuilt from [mainEnd, n) on load, which is
// small by construction. Loading checks the magic, version, lengths, checksum and the
// segment's structure, and fails with the reason; `deep` also checks every posting
// against its code, which costs about what a rebuild does.
//
// This file encodes and decodes bytes only; reading and writing the file is the
// caller's business (src/match stays free of I/O).

import { crc32 } from 'node:zlib';
import { endianness } from 'node:os';
import { PDQ_UINT32_WORDS } from './pdq-value.js';
import { PdqIndex, type PdqIndexOptions } from './pdq-index.js';
import { bitmapBases, checkSegment, offsetBases, offsetsLength, type CsrSegment } from './csr-segment.js';
import { LAYOUTS, type SlotLayout } from './slot-layout.js';

const MAGIC = 'VIGIEPDQ';
export const PDQ_SNAPSHOT_VERSION = 2;
const HEADER_BYTES = 64;
const LAYOUT_IDS: readonly (SlotLayout | null)[] = [null, ...LAYOUTS];

export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

function requireLittleEndian(): void {
  // Typed arrays use the machine's byte order; every platform Node supports today is
  // little-endian, and refusing is better than silently reading garbage.
  if (endianness() !== 'LE') throw new SnapshotError('PDQ snapshots need a little-endian machine');
}

const pad8 = (n: number): number => (8 - (n % 8)) % 8;

/** The snapshot as a list of byte chunks (views on the index's arrays, not copies). */
export function encodePdqSnapshot(index: PdqIndex): Uint8Array[] {
  requireLittleEndian();
  const state = index.exportState();
  const main = state.main;
  const layoutId = main ? LAYOUT_IDS.indexOf(main.layout) : 0;
  if (layoutId < 0) throw new SnapshotError(`layout ${main!.layout.name} has no snapshot id`);
  const body: Uint8Array[] = [bytesOf(state.codes), bytesOf(state.keys), bytesOf(state.alive), new Uint8Array(pad8(state.n))];
  if (main) body.push(bytesOf(main.offsets), bytesOf(main.postings));
  if (main?.bitmap) body.push(bytesOf(main.bitmap));
  let crc = 0;
  let length = 0;
  for (const chunk of body) {
    crc = crc32(chunk, crc);
    length += chunk.byteLength;
  }
  const header = new Uint8Array(HEADER_BYTES);
  const view = new DataView(header.buffer);
  header.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(8, PDQ_SNAPSHOT_VERSION, true);
  view.setUint32(12, HEADER_BYTES, true);
  view.setUint32(16, state.n, true);
  view.setUint32(20, main ? state.mainEnd : 0, true);
  view.setUint32(24, layoutId, true);
  view.setUint32(28, main ? main.count : 0, true);
  view.setUint32(32, length % 2 ** 32, true);
  view.setUint32(36, Math.floor(length / 2 ** 32), true);
  view.setUint32(40, crc >>> 0, true);
  if (main) main.bits.forEach((b, t) => view.setUint8(44 + t, b));
  view.setUint32(60, main?.bitmap ? 1 : 0, true);
  return [header, ...body];
}

export interface DecodeOptions extends PdqIndexOptions {
  /** Also check every posting against its code (slow: about the cost of a rebuild). */
  deep?: boolean;
}

/** Loads an index from snapshot bytes; throws SnapshotError saying what is wrong. */
export function decodePdqSnapshot(bytes: Uint8Array, options: DecodeOptions = {}): PdqIndex {
  requireLittleEndian();
  if (bytes.byteLength < HEADER_BYTES) throw new SnapshotError('not a PDQ snapshot: shorter than its header');
  if (new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw new SnapshotError('not a PDQ snapshot: bad magic');
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const version = view.getUint32(8, true);
  if (version !== PDQ_SNAPSHOT_VERSION) {
    throw new SnapshotError(`PDQ snapshot version ${version} is not supported (this build reads ${PDQ_SNAPSHOT_VERSION}); rebuild the index from its bank`);
  }
  if (view.getUint32(12, true) !== HEADER_BYTES) throw new SnapshotError('PDQ snapshot header has the wrong length');
  const n = view.getUint32(16, true);
  const mainEnd = view.getUint32(20, true);
  const layoutId = view.getUint32(24, true);
  const mainCount = view.getUint32(28, true);
  const bodyLength = view.getUint32(32, true) + view.getUint32(36, true) * 2 ** 32;
  const expectedCrc = view.getUint32(40, true);
  const flags = view.getUint32(60, true);
  if ((flags & ~1) !== 0) throw new SnapshotError(`PDQ snapshot has unknown flags ${flags}`);
  const hasBitmap = (flags & 1) === 1;
  if (layoutId >= LAYOUT_IDS.length) throw new SnapshotError(`PDQ snapshot names unknown layout ${layoutId}`);
  const layout = LAYOUT_IDS[layoutId]!;
  const m = layout ? layout.widths.length : 0;
  if (mainEnd > n) throw new SnapshotError('PDQ snapshot main segment ends past its codes');
  const bits = Array.from({ length: m }, (_, t) => view.getUint8(44 + t));
  bits.forEach((b, t) => {
    if (b < 1 || b > layout!.widths[t]!) throw new SnapshotError(`PDQ snapshot has bad bucket bits for slot ${t}`);
  });
  const sizes = {
    codes: n * PDQ_UINT32_WORDS * 4,
    keys: n * 4,
    alive: n + pad8(n),
    offsets: layout ? offsetsLength(bits) * 4 : 0,
    postings: m * mainCount * 4,
    bitmap: layout && hasBitmap ? bitmapBases(layout)[m]! * 4 : 0,
  };
  if (hasBitmap && !layout) throw new SnapshotError('PDQ snapshot has an occupancy bitmap but no layout');
  const expected = sizes.codes + sizes.keys + sizes.alive + sizes.offsets + sizes.postings + sizes.bitmap;
  if (bodyLength !== expected) throw new SnapshotError(`PDQ snapshot body should be ${expected} bytes, header says ${bodyLength}`);
  if (bytes.byteLength !== HEADER_BYTES + bodyLength) {
    throw new SnapshotError(`PDQ snapshot is ${bytes.byteLength} bytes, expected ${HEADER_BYTES + bodyLength} (truncated or padded)`);
  }
  const body = bytes.subarray(HEADER_BYTES);
  if (crc32(body) >>> 0 !== expectedCrc) throw new SnapshotError('PDQ snapshot checksum does not match: the file is damaged');

  let at = 0;
  const take = <T>(length: number, make: (buffer: ArrayBuffer, offset: number, count: number) => T, unit: number): T => {
    const slice = body.subarray(at, at + length);
    at += length;
    // View in place when aligned (a Buffer from readFile is); otherwise copy once.
    const aligned = slice.byteOffset % unit === 0 ? slice : new Uint8Array(slice);
    return make(aligned.buffer as ArrayBuffer, aligned.byteOffset, length / unit);
  };
  const codes = take(sizes.codes, (b, o, c) => new Uint32Array(b, o, c), 4);
  const keys = take(sizes.keys, (b, o, c) => new Uint32Array(b, o, c), 4);
  const alive = take(sizes.alive, (b, o, c) => new Uint8Array(b, o, c), 1).subarray(0, n);
  for (let o = 0; o < n; o++) if (alive[o]! > 1) throw new SnapshotError('PDQ snapshot has a bad liveness flag');

  let main: CsrSegment | null = null;
  if (layout) {
    const offsets = take(sizes.offsets, (b, o, c) => new Uint32Array(b, o, c), 4);
    const postings = take(sizes.postings, (b, o, c) => new Int32Array(b, o, c), 4);
    const bitmap = hasBitmap ? take(sizes.bitmap, (b, o, c) => new Int32Array(b, o, c), 4) : null;
    const segment: CsrSegment = {
      layout,
      bits,
      start: 0,
      end: mainEnd,
      count: mainCount,
      offsetBase: offsetBases(bits),
      offsets,
      postings,
      bitmap,
      bitmapBase: bitmapBases(layout),
    };
    main = segment;
    try {
      checkSegment(segment, codes, n, options.deep ?? false);
    } catch (err) {
      throw new SnapshotError(`PDQ snapshot main segment is invalid: ${(err as Error).message}`);
    }
  } else if (mainEnd !== 0 || mainCount !== 0) {
    throw new SnapshotError('PDQ snapshot has no layout but a main segment');
  }
  return PdqIndex.fromState({ n, codes, keys, alive, main, mainEnd }, options);
}

function bytesOf(a: Uint32Array | Int32Array | Uint8Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}
