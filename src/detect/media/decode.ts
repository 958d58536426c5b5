// Bytes to pixels, the way the reference hasher sees them.
//
// Meta's pdq-photo-hasher decodes through ImageMagick (`convert FILE pnm:-`, read back
// by CImg). To hash the same pixels, the sharp (libvips) decode here copies what that
// path does rather than what a viewer would show:
// - no EXIF auto-orientation (the dihedral hashes cover rotated copies instead);
// - no ICC colour transform, and alpha is dropped, not composited;
// - an image whose pixels are all grey becomes one grey channel, because ImageMagick
//   then writes PGM and PDQ takes grey samples as luma without the RGB weights;
// - CMYK becomes RGB by ImageMagick's profile-less formula, not through an ICC profile;
// - 16-bit samples keep their low byte (CImg reads 16-bit PNM into uint8), unless the
//   caller asks for them to be rescaled;
// - only the first frame of an animation or the first page of a TIFF.
// JPEG pixels can still differ by a level here and there: ImageMagick asks libjpeg for
// its float IDCT and libvips for the integer one, which sharp does not let us change.
//
// That is the `exact` mode. In `fast` mode a large JPEG is decoded smaller instead
// (libjpeg's DCT scaling, through sharp's shrink-on-load), and the hasher is told the
// size the image really has, so it can read each pixel the reference would where it
// lies in the smaller picture (pdq/fast.ts).
//
// In either mode, an image over the pixel cap is still decoded if its format can shrink
// on load (JPEG, by libjpeg's DCT scaling; a still, lossy WebP, by libwebp's): at the
// smallest of 1/2, 1/4, 1/8 that brings what is decoded within the cap, hashed the way
// fast mode hashes a shrunk image. Otherwise an upscaled copy of a known image would
// escape PDQ matching just by being large. Other formats over the cap are refused.

import sharp from 'sharp';
import { MediaDecodeError } from './errors.js';
import { sniffFormat, type MediaFormat } from './format.js';
import { readJpegFrame } from './jpeg-header.js';
import { readWebpFacts } from './webp-header.js';
import type { Pixels } from './pixels.js';
import { decodePnm } from './pnm.js';

/**
 * 50 megapixels (8160 × 6120, the largest common phone photo). It was 100 MP until a
 * 10000 × 10000 PNG of 291 KB was shown to cost about 395 MB to decode; at 50 MP the
 * largest decode (16-bit with alpha) holds 400 MB, an ordinary 8-bit RGB one 150 MB.
 */
export const DEFAULT_MAX_PIXELS = 50_000_000;

export interface DecodeOptions {
  /**
   * Decode no more pixels than this (checked from the header, before decoding). A JPEG
   * or still lossy WebP over it is decoded shrunk on load (1/2, 1/4 or 1/8) to fit it;
   * any other image over it is refused.
   */
  maxPixels?: number;
  /**
   * How a 16-bit sample becomes 8 bits. 'low-byte' (the default) reproduces the
   * reference hasher, whose hash of a 16-bit image is of its noise, not its picture.
   * 'rescale' (round(v·255/65535)) is the faithful conversion, so a 16-bit copy of a
   * known 8-bit image still matches it, but no longer agrees with the reference.
   */
  sixteenBit?: SixteenBitRule;
  /**
   * 'exact' (the default) hands over every pixel, as the reference's decoder would.
   * 'fast' lets a large JPEG be decoded at 1/2, 1/4 or 1/8 of its size, for hashing
   * with `PdqHasher.hashApproximate`: a few bits from the reference's hash, for a
   * fraction of the decoding. Other formats decode in full either way.
   */
  mode?: DecodeMode;
  /**
   * Called once the header has been read and the cap checked, before anything is
   * decoded, with the bytes the decode will hold (`decodeMemoryEstimate`); the decode
   * waits for it, and does not happen if it rejects. The hash pool uses it to keep all
   * its workers' decodes within one memory budget.
   */
  admit?: (bytes: number) => Promise<void>;
}

export type SixteenBitRule = 'low-byte' | 'rescale';
export type DecodeMode = 'exact' | 'fast';

export interface DecodedImage extends Pixels {
  format: MediaFormat;
  /** The image's own size; larger than `width × height` when it was decoded shrunk. */
  sourceWidth: number;
  sourceHeight: number;
  /**
   * When the image was decoded shrunk on load: the scale (2, 4 or 8 for 1/2, 1/4, 1/8),
   * and whether it was to fit the pixel cap (always so in exact mode) or fast mode's choice.
   */
  shrunk?: { shrink: 2 | 4 | 8; toFitCap: boolean };
}

/**
 * In fast mode a large JPEG is decoded to no fewer than this many pixels on its shorter
 * side. Measured on the fixtures: at 200 (a 1600 × 1004 photo decoded at 1/4, then to
 * 320 × 200) every hash stays within 4 bits of the reference's and every dihedral hash
 * within 6, as at 334 (1/2 scale), which costs a quarter more decoding; at about 100 (1/8)
 * they drift to 12 bits.
 */
export const FAST_DECODE_MIN_SIDE = 200;

export async function decodeImage(bytes: Uint8Array, options: DecodeOptions = {}): Promise<DecodedImage> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (!Number.isSafeInteger(maxPixels) || maxPixels < 1) throw new RangeError('maxPixels must be a positive integer');
  const sixteenBit = options.sixteenBit ?? 'low-byte';
  if (sixteenBit !== 'low-byte' && sixteenBit !== 'rescale') throw new RangeError(`sixteenBit is 'low-byte' or 'rescale', got ${String(sixteenBit)}`);
  const mode = options.mode ?? 'exact';
  if (mode !== 'exact' && mode !== 'fast') throw new RangeError(`mode is 'exact' or 'fast', got ${String(mode)}`);
  if (!(bytes instanceof Uint8Array)) throw new TypeError('decodeImage takes the bytes of an image as a Uint8Array');
  if (bytes.length === 0) throw new MediaDecodeError('empty', 'no bytes to decode');
  const format = sniffFormat(bytes);
  if (format === undefined) throw new MediaDecodeError('unrecognised-format', `no known image signature (starts ${hexStart(bytes)})`);
  if (format === 'pnm') {
    // Netpbm is uncompressed: its pixels take at most 8 bytes per byte of file (a bitmap).
    await options.admit?.(Math.min(maxPixels * 3, bytes.length * 8) + DECODE_OVERHEAD_BYTES);
    return sized(decodePnm(bytes, maxPixels, sixteenBit), format, undefined);
  }
  if (format === 'pam' || format === 'pfm' || format === 'bmp' || format === 'jxl') {
    throw new MediaDecodeError('unsupported-format', `${format.toUpperCase()} images are not decoded`);
  }
  try {
    return await decodeWithSharp(bytes, format, maxPixels, sixteenBit, mode, options.admit);
  } catch (e) {
    throw asDecodeError(e, format);
  }
}

const JPEG_SPACES = { 1: 'b-w', 3: 'srgb', 4: 'cmyk' } as const;

/** What the decode needs from the header, from sharp's metadata or a JPEG frame header. */
interface HeaderFacts {
  width?: number | undefined;
  height?: number | undefined;
  pageHeight?: number | undefined;
  space?: string | undefined;
  depth?: string | undefined;
  channels?: number | undefined;
}

/** What a decode holds besides its pixels (libvips' line buffers, the JavaScript objects). */
export const DECODE_OVERHEAD_BYTES = 1024 * 1024;

/**
 * Bytes a lossy WebP scaled on load holds per pixel of its target: libwebp rescales rows
 * as it decodes them into a frame that libvips then copies out. Measured about 11 (a
 * 9000 × 7000 WebP to 3000 × 2333, 4500 × 3500 and 2250 × 1750: 77, 167 and 45 MB).
 */
const WEBP_SCALED_BYTES_PER_PIXEL = 12;

/**
 * The bytes a decode holds at its peak, from the header: libvips writes the pixels into
 * one buffer (width × height × channels × bytes per sample, the alpha channel included),
 * and every later step (alpha dropped, grey collapsed, 16 bits to 8, CMYK to RGB) works
 * in place in that buffer. A JPEG decoded shrunk holds its scaled size and the target;
 * a lossy WebP scaled on load, its target (and a full-size alpha plane, if any).
 */
export function decodeMemoryEstimate(facts: {
  width: number;
  height: number;
  channels: number;
  bytesPerSample: 1 | 2;
  target?: { width: number; height: number } | undefined;
  /** libjpeg's scale when known (2, 4 or 8), or libwebp's, with `webp`. */
  shrink?: number | undefined;
  /** A still lossy WebP scaled on load by libwebp to `target`. */
  webp?: { alpha: boolean } | undefined;
}): number {
  if (facts.target && facts.webp) {
    const alpha = facts.webp.alpha ? facts.width * facts.height : 0;
    return facts.target.width * facts.target.height * WEBP_SCALED_BYTES_PER_PIXEL + alpha + DECODE_OVERHEAD_BYTES;
  }
  if (facts.target) {
    // libjpeg scales by 1/shrink (or, when not given, the largest of 1/2, 1/4, 1/8 that
    // stays above the target: at most twice its size a side), then libvips resizes to
    // the target.
    const scaled = facts.shrink
      ? Math.ceil(facts.width / facts.shrink) * Math.ceil(facts.height / facts.shrink)
      : Math.min(facts.width * facts.height, facts.target.width * facts.target.height * 4);
    return (scaled + facts.target.width * facts.target.height) * facts.channels + DECODE_OVERHEAD_BYTES;
  }
  return facts.width * facts.height * facts.channels * facts.bytesPerSample + DECODE_OVERHEAD_BYTES;
}

function sized(p: Pixels, format: MediaFormat, plan: ShrinkPlan | undefined, source: { width: number; height: number } = p): DecodedImage {
  const image: DecodedImage = {
    width: p.width,
    height: p.height,
    channels: p.channels,
    data: p.data,
    format,
    sourceWidth: source.width,
    sourceHeight: source.height,
  };
  if (plan) image.shrunk = { shrink: plan.shrink, toFitCap: plan.toFitCap };
  return image;
}

/** How an image is decoded shrunk on load: by libjpeg or libwebp, at 1/shrink, then to `target`. */
interface ShrinkPlan {
  shrink: 2 | 4 | 8;
  target: { width: number; height: number };
  toFitCap: boolean;
  webp?: { alpha: boolean };
}

const SHRINKS = [2, 4, 8] as const;

/** The smallest scale at which what is decoded (at most ⌈side / s⌉ a side) fits the cap. */
export function capShrink(width: number, height: number, maxPixels: number): 2 | 4 | 8 | undefined {
  return SHRINKS.find((s) => Math.ceil(width / s) * Math.ceil(height / s) <= maxPixels);
}

/**
 * How an image is decoded shrunk, or undefined to decode it in full (or, over the cap, to
 * refuse it). Only a JPEG that is not CMYK (sharp does not shrink on load with the
 * pipeline colourspace CMYK needs) and a still, lossy WebP shrink on load; and only an
 * image the reference itself resizes (a side over 512), so that the hasher can read its
 * pixels where they lie in the smaller one.
 */
function shrinkPlan(
  bytes: Uint8Array,
  format: MediaFormat,
  meta: HeaderFacts,
  width: number,
  height: number,
  maxPixels: number,
  mode: DecodeMode,
): ShrinkPlan | undefined {
  const overCap = width * height > maxPixels;
  if (format === 'jpeg' && meta.space !== 'cmyk' && meta.depth !== 'ushort') {
    const fast = mode === 'fast' ? fastScale(width, height) : undefined;
    const fit = overCap ? capShrink(width, height, maxPixels) : undefined;
    if (overCap && (fit === undefined || Math.max(width, height) <= PDQ_RESIZE_SIDE)) return undefined;
    const shrink = Math.max(fast ?? 1, fit ?? 1);
    if (shrink === 1) return undefined;
    // Asking sharp for 1/(s + 1) of each side gets libjpeg's scale 1/s (see fastTarget).
    const target = { width: Math.floor(width / (shrink + 1)), height: Math.floor(height / (shrink + 1)) };
    if (Math.min(target.width, target.height) < 1) return undefined;
    return { shrink: shrink as 2 | 4 | 8, target, toFitCap: overCap };
  }
  if (format === 'webp' && overCap && Math.max(width, height) > PDQ_RESIZE_SIDE) {
    const facts = readWebpFacts(bytes);
    const shrink = capShrink(width, height, maxPixels);
    if (!facts || !facts.lossy || facts.animated || shrink === undefined) return undefined;
    // libwebp scales to exactly the size asked for.
    const target = { width: Math.floor(width / shrink), height: Math.floor(height / shrink) };
    if (Math.min(target.width, target.height) < 1) return undefined;
    return { shrink, target, toFitCap: true, webp: { alpha: facts.alpha } };
  }
  return undefined;
}

/** Over this many pixels on a side, the reference resizes an image to 512 × 512 before hashing. */
const PDQ_RESIZE_SIDE = 512;

async function decodeWithSharp(
  bytes: Uint8Array,
  format: MediaFormat,
  maxPixels: number,
  sixteenBit: SixteenBitRule,
  mode: DecodeMode,
  admit: ((bytes: number) => Promise<void>) | undefined,
): Promise<DecodedImage> {
  const input = (limitInputPixels: number | false = maxPixels) =>
    sharp(bytes, {
      limitInputPixels,
      ignoreIcc: true,
      autoOrient: false,
      failOn: 'error',
      pages: 1,
      page: 0,
      sequentialRead: true,
    });
  // Reading the header needs no limit; the cap is checked here, with the size in the
  // message, and sharp's own limit stays on for the decode itself. A JPEG's frame
  // header says all that is needed here without a call into libvips, which interprets
  // 1, 3 and 4 components as grey, sRGB and CMYK.
  const frame = format === 'jpeg' ? readJpegFrame(bytes) : undefined;
  const meta: HeaderFacts = frame
    ? { width: frame.width, height: frame.height, space: JPEG_SPACES[frame.components], depth: 'uchar', channels: frame.components }
    : await input(false).metadata();
  const { width, height } = meta;
  if (!width || !height) throw new MediaDecodeError('corrupt', `${format} header gives no size`);
  // For animations sharp reports the height of all frames stacked; one frame is decoded.
  const frameHeight = meta.pageHeight && meta.pageHeight < height ? meta.pageHeight : height;
  const source = { width, height: frameHeight };
  const plan = shrinkPlan(bytes, format, meta, width, frameHeight, maxPixels, mode);
  const overCap = width * frameHeight > maxPixels;
  if (overCap && !plan) {
    const why = format === 'jpeg' || format === 'webp' ? ` (this ${format} cannot be decoded shrunk to fit it)` : '';
    throw new MediaDecodeError('too-many-pixels', `image of ${width}×${frameHeight} pixels is over the cap of ${maxPixels}${why}`, { size: source });
  }
  const grey = meta.space === 'b-w' || meta.space === 'grey16';
  const target = plan?.target;
  if (admit) {
    // Up to 4 channels (colour and alpha) unless the header says how many.
    const channels = Math.max(meta.space === 'cmyk' ? 4 : 1, Math.min(4, meta.channels ?? 4));
    await admit(
      decodeMemoryEstimate({
        width,
        height: frameHeight,
        channels,
        bytesPerSample: meta.depth === 'ushort' ? 2 : 1,
        target,
        shrink: plan?.shrink,
        webp: plan?.webp,
      }),
    );
  }
  // Over the cap, sharp's own limit (a second guard) is the size the header gave: the
  // image is opened at that size before it is reloaded shrunk.
  const limit = overCap ? width * frameHeight : maxPixels;

  if (meta.space === 'cmyk') {
    // sharp shrinks on load only without a pipeline colourspace, which this path needs:
    // CMYK decodes in full in either mode.
    const { data, info } = await input().pipelineColourspace('cmyk').toColourspace('cmyk').raw().toBuffer({ resolveWithObject: true });
    return sized(collapseGrey(cmykToRgb(data, info.width, info.height, info.channels)), format, undefined, source);
  }
  if (meta.depth === 'ushort') {
    const { data, info } = await input()
      .toColourspace(grey ? 'grey16' : 'rgb16')
      .raw({ depth: 'ushort' })
      .toBuffer({ resolveWithObject: true });
    // Samples in the machine's byte order; a view needs an even offset, else a copy.
    const aligned = data.byteOffset % 2 === 0 ? data : Buffer.from(data);
    const words = new Uint16Array(aligned.buffer, aligned.byteOffset, aligned.length / 2);
    return sized(from16Bit(words, info.width, info.height, info.channels, grey, sixteenBit), format, undefined, source);
  }
  let pipeline = grey ? input(limit).toColourspace('b-w') : input(limit);
  // The reduction from libjpeg's scaled size to the target is centred (libvips), as the
  // hasher's reading of a shrunk image assumes; cubic keeps it smooth. (A WebP is
  // scaled to the target by libwebp itself.)
  if (target) pipeline = pipeline.resize(target.width, target.height, { fit: 'fill', kernel: 'cubic', fastShrinkOnLoad: true });
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  if (target && (info.width !== target.width || info.height !== target.height)) {
    throw new MediaDecodeError('corrupt', `${format} decoded at ${info.width}×${info.height}, not the ${target.width}×${target.height} asked for`);
  }
  return sized(collapseGrey(dropAlpha(data, info.width, info.height, info.channels, grey)), format, plan, source);
}

/**
 * The size to ask sharp for in fast mode, or undefined to decode in full. sharp scales a
 * JPEG on load by the largest of 1/2, 1/4 and 1/8 whose shrink the requested size
 * exceeds by at least one (a shrink of 3 for 1/2, 5 for 1/4, 9 for 1/8: it keeps a
 * margin for libjpeg's rounding), then resizes the rest of the way. So asking for
 * 1/(s + 1) of each side gets scale 1/s and only a mild resize after it.
 */
export function fastTarget(width: number, height: number): { width: number; height: number } | undefined {
  const scale = fastScale(width, height);
  return scale === undefined ? undefined : { width: Math.floor(width / (scale + 1)), height: Math.floor(height / (scale + 1)) };
}

/** The scale fast mode decodes a JPEG at: the largest of 1/8, 1/4, 1/2 that leaves `FAST_DECODE_MIN_SIDE`. */
function fastScale(width: number, height: number): 2 | 4 | 8 | undefined {
  return ([8, 4, 2] as const).find((scale) => Math.min(Math.floor(width / (scale + 1)), Math.floor(height / (scale + 1))) >= FAST_DECODE_MIN_SIDE);
}

/**
 * Keeps the colour samples of each pixel: 1 of grey(+alpha), 3 of RGB(+alpha). In place:
 * pixel i is written at or before where it was read, so a 100-megapixel image is not
 * held twice. The result is a view on the start of `data`.
 */
function dropAlpha(data: Uint8Array, width: number, height: number, channels: number, grey: boolean): Pixels {
  const keep: 1 | 3 = grey || channels < 3 ? 1 : 3;
  if (channels === keep) return { width, height, channels: keep, data };
  const n = width * height;
  const out = data.subarray(0, n * keep);
  for (let i = 0, s = 0, o = 0; i < n; i++, s += channels) {
    out[o++] = data[s]!;
    if (keep === 3) {
      out[o++] = data[s + 1]!;
      out[o++] = data[s + 2]!;
    }
  }
  return { width, height, channels: keep, data: out };
}

/**
 * ImageMagick writes PGM, and the reference hashes luma = sample, when every pixel
 * has R = G = B (PBM, when also only black and white, reads back the same way).
 */
function collapseGrey(p: Pixels): Pixels {
  if (p.channels === 1) return p;
  const d = p.data;
  for (let s = 0; s < d.length; s += 3) {
    if (d[s] !== d[s + 1] || d[s] !== d[s + 2]) return p;
  }
  // In place, as dropAlpha: sample i is written before sample 3i is read, never after.
  const n = p.width * p.height;
  const out = d.subarray(0, n);
  for (let i = 0; i < n; i++) out[i] = d[i * 3]!;
  return { width: p.width, height: p.height, channels: 1, data: out };
}

/** 16-bit samples to 8 bits by `rule`; greyness is judged on the 16-bit values, as ImageMagick does. */
function from16Bit(words: Uint16Array, width: number, height: number, channels: number, grey: boolean, rule: SixteenBitRule): Pixels {
  const n = width * height;
  let keep: 1 | 3 = grey || channels < 3 ? 1 : 3;
  if (keep === 3) {
    keep = 1;
    for (let i = 0, s = 0; i < n; i++, s += channels) {
      if (words[s] !== words[s + 1] || words[s] !== words[s + 2]) {
        keep = 3;
        break;
      }
    }
  }
  const to8 = rule === 'low-byte' ? (v: number) => v & 0xff : (v: number) => Math.floor((v * 255) / 65535 + 0.5);
  // In place: byte o of the output is never past byte 2s of the word it comes from, and
  // every word after it is still unread.
  const out = new Uint8Array(words.buffer, words.byteOffset, n * keep);
  for (let i = 0, s = 0, o = 0; i < n; i++, s += channels) {
    out[o++] = to8(words[s]!);
    if (keep === 3) {
      out[o++] = to8(words[s + 1]!);
      out[o++] = to8(words[s + 2]!);
    }
  }
  return { width, height, channels: keep, data: out };
}

/**
 * ImageMagick's CMYK to RGB without a profile, in 16-bit quantum: R = (Q−C)(Q−K)/Q,
 * rounded to a quantum, then scaled to 8 bits as its PNM writer does ((q + 128) / 257).
 * libvips hands CMYK over as ink amounts (0 = none), already un-inverted for Adobe files.
 */
function cmykToRgb(data: Uint8Array, width: number, height: number, channels: number): Pixels {
  const n = width * height;
  // In place: pixel i's three bytes go where its four were, or before.
  const out = data.subarray(0, n * 3);
  const table = cmykTable();
  for (let i = 0, s = 0, o = 0; i < n; i++, s += channels) {
    const k = (255 - data[s + 3]!) << 8;
    out[o++] = table[k | (255 - data[s]!)]!;
    out[o++] = table[k | (255 - data[s + 1]!)]!;
    out[o++] = table[k | (255 - data[s + 2]!)]!;
  }
  return { width, height, channels: 3, data: out };
}

let cmykLookup: Uint8Array | undefined;

// Every (not-black, not-ink) pair worked out once: 64 KiB instead of two divisions and
// two roundings per sample, which made this loop cost half as much as the decode.
function cmykTable(): Uint8Array {
  if (!cmykLookup) {
    cmykLookup = new Uint8Array(256 * 256);
    for (let k = 0; k < 256; k++) for (let c = 0; c < 256; c++) cmykLookup[(k << 8) | c] = cmykChannel(c, k);
  }
  return cmykLookup;
}

function cmykChannel(notInk: number, notBlack: number): number {
  const quantum = Math.floor((257 * notInk * notBlack) / 255 + 0.5);
  return Math.floor((quantum + 128) / 257);
}

function asDecodeError(e: unknown, format: MediaFormat): MediaDecodeError {
  if (e instanceof MediaDecodeError) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (/pixel limit/i.test(message)) return new MediaDecodeError('too-many-pixels', `${format}: ${firstLine(message)}`, { cause: e });
  if (/unsupported (codec|feature)|no decoder|not been built|not supported by this build/i.test(message)) {
    return new MediaDecodeError('unsupported-format', `${format}: ${firstLine(message)}`, { cause: e });
  }
  return new MediaDecodeError('corrupt', `${format} could not be decoded: ${firstLine(message)}`, { cause: e });
}

function firstLine(s: string): string {
  const line = s.split('\n')[0]!.trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function hexStart(b: Uint8Array): string {
  return Buffer.from(b.subarray(0, 8)).toString('hex');
}
