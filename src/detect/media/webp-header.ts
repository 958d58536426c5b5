// What a WebP file holds, from its RIFF chunks: whether its image is lossy ('VP8 ') or
// lossless ('VP8L'), animated, and has an alpha plane ('ALPH').
//
// It matters for an image over the pixel cap: libwebp can scale a lossy image as it
// decodes it, holding little more than the scaled rows, but a lossless one is decoded
// into a full-size ARGB buffer whatever the scale (its backward references reach
// anywhere above), and an animation's frames are composited at full size.

export interface WebpFacts {
  lossy: boolean;
  animated: boolean;
  alpha: boolean;
}

export function readWebpFacts(b: Uint8Array): WebpFacts | undefined {
  if (b.length < 20 || ascii(b, 0, 4) !== 'RIFF' || ascii(b, 8, 4) !== 'WEBP') return undefined;
  let animated = false;
  let alpha = false;
  let at = 12;
  while (at + 8 <= b.length) {
    const id = ascii(b, at, 4);
    const size = (b[at + 4]! | (b[at + 5]! << 8) | (b[at + 6]! << 16) | (b[at + 7]! << 24)) >>> 0;
    if (id === 'VP8X') {
      if (at + 9 > b.length) return undefined;
      animated = (b[at + 8]! & 0x02) !== 0;
    } else if (id === 'ANIM' || id === 'ANMF') {
      return { lossy: false, animated: true, alpha };
    } else if (id === 'ALPH') {
      alpha = true;
    } else if (id === 'VP8 ') {
      return { lossy: true, animated, alpha };
    } else if (id === 'VP8L') {
      return { lossy: false, animated, alpha: true };
    }
    at += 8 + size + (size & 1);
  }
  return undefined;
}

function ascii(b: Uint8Array, at: number, n: number): string {
  let s = '';
  for (let i = at; i < at + n; i++) s += String.fromCharCode(b[i]!);
  return s;
}
