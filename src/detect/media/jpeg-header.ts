// The size and component count of a JPEG, read from its frame header (SOFn marker).
//
// Asking sharp for metadata costs a libvips call of its own, about a millisecond per
// image, which is several per cent of hashing a photo; the frame header is a few bytes
// near the start. Anything unusual here (12-bit samples, a height given later by a DNL
// marker, an odd component count, a header past the bytes) returns undefined, and the
// caller asks sharp as before.

export interface JpegFrame {
  width: number;
  height: number;
  /** 1 = grey, 3 = colour (YCbCr or RGB), 4 = CMYK or YCCK. */
  components: 1 | 3 | 4;
}

export function readJpegFrame(b: Uint8Array): JpegFrame | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return undefined;
    // Any number of 0xFF fill bytes may come before a marker code.
    while (at < b.length && b[at] === 0xff) at++;
    if (at >= b.length) return undefined;
    const marker = b[at++]!;
    // Markers that stand alone, without a length: TEM and the restart markers.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    // Start of scan or end of image before any frame header: not a JPEG sharp could use.
    if (marker === 0xda || marker === 0xd9) return undefined;
    if (at + 2 > b.length) return undefined;
    const length = (b[at]! << 8) | b[at + 1]!;
    if (length < 2) return undefined;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (length < 8 || at + 8 > b.length) return undefined;
      const precision = b[at + 2]!;
      const height = (b[at + 3]! << 8) | b[at + 4]!;
      const width = (b[at + 5]! << 8) | b[at + 6]!;
      const components = b[at + 7]!;
      if (precision !== 8 || width === 0 || height === 0) return undefined;
      if (components !== 1 && components !== 3 && components !== 4) return undefined;
      return { width, height, components };
    }
    at += length;
  }
  return undefined;
}
