// Netpbm images (P1..P6), read by hand: the reference test vectors come as PPM/PGM, and
// the reference hasher reads them with CImg's own loader rather than ImageMagick. To
// get the same pixels this parser follows CImg, not libvips: samples are taken as
// stored with no rescaling by maxval, 16-bit samples keep their low byte (CImg stores
// them into uint8) unless asked to rescale, and a bitmap's 1 bits are black (0) and
// 0 bits white (255).
// P6 stays RGB even when every pixel is grey, as CImg does.

import { MediaDecodeError } from './errors.js';
import type { Pixels } from './pixels.js';

export function decodePnm(b: Uint8Array, maxPixels: number, sixteenBit: 'low-byte' | 'rescale' = 'low-byte'): Pixels {
  if (b.length < 3 || b[0] !== 0x50) throw corrupt('not a Netpbm image');
  const kind = b[1]! - 0x30;
  if (kind < 1 || kind > 6) throw new MediaDecodeError('unsupported-format', `Netpbm type P${String.fromCharCode(b[1]!)} is not supported`);
  const reader = new HeaderReader(b, 2);
  const width = reader.number('width');
  const height = reader.number('height');
  const bitmap = kind === 1 || kind === 4;
  const maxval = bitmap ? 1 : reader.number('maxval');
  if (width < 1 || height < 1) throw corrupt(`bad Netpbm size ${width}×${height}`);
  if (maxval < 1 || maxval > 65535) throw corrupt(`bad Netpbm maxval ${maxval}`);
  if (width * height > maxPixels) {
    throw new MediaDecodeError('too-many-pixels', `image of ${width}×${height} pixels is over the cap of ${maxPixels}`, { size: { width, height } });
  }
  const channels: 1 | 3 = kind === 3 || kind === 6 ? 3 : 1;
  const samples = width * height * channels;
  const data = new Uint8Array(samples);
  const binary = kind >= 4;
  if (binary) {
    // Exactly one whitespace byte separates the header from binary samples.
    if (!isSpace(b[reader.pos])) throw corrupt(`Netpbm header must end in one whitespace byte, at byte ${reader.pos}`);
    const at = reader.pos + 1;
    if (kind === 4) readBitmap(b, at, width, height, data);
    else if (maxval < 256) {
      if (b.length - at < samples) throw corrupt(`Netpbm data truncated: ${b.length - at} of ${samples} bytes`);
      data.set(b.subarray(at, at + samples));
    } else {
      if (b.length - at < samples * 2) throw corrupt(`Netpbm data truncated: ${b.length - at} of ${samples * 2} bytes`);
      if (sixteenBit === 'low-byte') for (let i = 0; i < samples; i++) data[i] = b[at + 2 * i + 1]!;
      else for (let i = 0; i < samples; i++) data[i] = rescale((b[at + 2 * i]! << 8) | b[at + 2 * i + 1]!, maxval);
    }
  } else if (kind === 1) {
    for (let i = 0; i < samples; i++) data[i] = reader.bit() === 1 ? 0 : 255;
  } else {
    const wide = maxval > 255 && sixteenBit === 'rescale';
    for (let i = 0; i < samples; i++) {
      const v = reader.number('sample');
      data[i] = wide ? rescale(v, maxval) : v & 0xff;
    }
  }
  return { width, height, channels, data };
}

function rescale(v: number, maxval: number): number {
  return Math.min(255, Math.floor((v * 255) / maxval + 0.5));
}

function readBitmap(b: Uint8Array, at: number, width: number, height: number, out: Uint8Array): void {
  const rowBytes = Math.ceil(width / 8);
  if (b.length - at < rowBytes * height) throw corrupt(`Netpbm bitmap truncated: ${b.length - at} of ${rowBytes * height} bytes`);
  let o = 0;
  for (let y = 0; y < height; y++) {
    const row = at + y * rowBytes;
    for (let x = 0; x < width; x++) out[o++] = (b[row + (x >> 3)]! >> (7 - (x & 7))) & 1 ? 0 : 255;
  }
}

class HeaderReader {
  constructor(
    private readonly b: Uint8Array,
    public pos: number,
  ) {}

  /** Skips whitespace and # comments, then reads a decimal number. */
  number(what: string): number {
    this.skip();
    const start = this.pos;
    let v = 0;
    while (this.pos < this.b.length) {
      const c = this.b[this.pos]!;
      if (c < 0x30 || c > 0x39) break;
      v = v * 10 + (c - 0x30);
      if (v > 0xffffffff) throw corrupt(`Netpbm ${what} is too large`);
      this.pos++;
    }
    if (this.pos === start) throw corrupt(`Netpbm ${what} missing or not a number at byte ${start}`);
    return v;
  }

  /** One sample of a plain bitmap: a single 0 or 1, with or without separators. */
  bit(): number {
    this.skip();
    const c = this.b[this.pos];
    if (c !== 0x30 && c !== 0x31) throw corrupt(`Netpbm bitmap sample missing at byte ${this.pos}`);
    this.pos++;
    return c - 0x30;
  }

  private skip(): void {
    const b = this.b;
    while (this.pos < b.length) {
      const c = b[this.pos]!;
      if (c === 0x23) {
        while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
      } else if (isSpace(c)) this.pos++;
      else break;
    }
  }
}

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || (c !== undefined && c >= 0x09 && c <= 0x0d);
}

function corrupt(message: string): MediaDecodeError {
  return new MediaDecodeError('corrupt', message);
}
