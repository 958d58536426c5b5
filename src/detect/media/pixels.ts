// Decoded pixels: what a hasher sees. This is the reference hasher's view of an image,
// 8-bit samples with either one grey channel or three RGB channels and no alpha,
// because PDQ's luma rule differs for the two (grey is used as is, RGB is weighted).

export interface Pixels {
  readonly width: number;
  readonly height: number;
  /** 1 = grey, 3 = RGB; samples are interleaved row by row. */
  readonly channels: 1 | 3;
  /** width × height × channels bytes. */
  readonly data: Uint8Array;
}

export function assertPixels(p: Pixels): void {
  if (!Number.isSafeInteger(p.width) || p.width < 1 || !Number.isSafeInteger(p.height) || p.height < 1) {
    throw new RangeError(`pixels need a positive integer width and height, got ${p.width}×${p.height}`);
  }
  if (p.channels !== 1 && p.channels !== 3) {
    throw new RangeError(`pixels have 1 (grey) or 3 (RGB) channels, got ${String(p.channels)}`);
  }
  if (!(p.data instanceof Uint8Array) || p.data.length !== p.width * p.height * p.channels) {
    throw new RangeError(`pixels of ${p.width}×${p.height}×${p.channels} need ${p.width * p.height * p.channels} bytes, got ${p.data?.length}`);
  }
}
