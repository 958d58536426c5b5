// The type of a media item as its bytes show it. A platform's claimed type and file name
// are kept for the record but never trusted.
import { sniffFormat } from './format.js';

const IMAGE_TYPES: Record<string, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  tiff: 'image/tiff',
  avif: 'image/avif',
  heif: 'image/heif',
  pnm: 'image/x-portable-anymap',
  bmp: 'image/bmp',
  jxl: 'image/jxl',
};

export function detectMediaType(bytes: Uint8Array): string {
  const image = sniffFormat(bytes);
  if (image && IMAGE_TYPES[image]) return IMAGE_TYPES[image]!;
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp') return 'video/mp4';
  if (bytes.length >= 4 && bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return 'video/webm';
  return 'application/octet-stream';
}

function ascii(b: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...b.subarray(from, to));
}
