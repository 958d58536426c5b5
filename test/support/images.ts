// Benign synthetic images for media tests, drawn from a seed. A smooth pattern with few
// frequencies makes a poor PDQ test image: most of its DCT terms sit near zero, and their
// signs (the hash bits) flip on the slightest resampling.
import sharp from 'sharp';
import { hashImageBytes } from '../../src/detect/media/hash-media.js';
import { MIN_PDQ_QUALITY } from '../../src/match/pdq-matcher.js';

function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export async function patternImage(seed: number, width = 640, height = 480, format: 'png' | 'jpeg' = 'png'): Promise<Buffer> {
  const rand = prng(seed * 2654435761);
  // Value noise at several scales, coarse scales weighted most: a spectrum that falls off
  // like a photograph's, so the DCT terms PDQ thresholds are well apart from their median.
  const scales = [3, 5, 9, 17];
  const grids = scales.map((n) => Array.from({ length: 3 }, () => Float64Array.from({ length: n * n }, () => rand() - 0.5)));
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let v = 0;
        scales.forEach((n, s) => {
          const gx = (x / (width - 1)) * (n - 1);
          const gy = (y / (height - 1)) * (n - 1);
          const x0 = Math.min(n - 2, Math.floor(gx));
          const y0 = Math.min(n - 2, Math.floor(gy));
          const fx = gx - x0;
          const fy = gy - y0;
          const g = grids[s]![c]!;
          const top = g[y0 * n + x0]! * (1 - fx) + g[y0 * n + x0 + 1]! * fx;
          const bottom = g[(y0 + 1) * n + x0]! * (1 - fx) + g[(y0 + 1) * n + x0 + 1]! * fx;
          v += (top * (1 - fy) + bottom * fy) / (s + 1);
        });
        raw[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(128 + 200 * v)));
      }
    }
  }
  const img = sharp(raw, { raw: { width, height, channels: 3 } });
  return format === 'png' ? img.png().toBuffer() : img.jpeg({ quality: 90 }).toBuffer();
}

/**
 * A pattern that PDQ can match on, from `seed` or the next seed that gives one. About one
 * pattern in forty is flatter than PDQ's quality floor (seed 4106's quality is 44) and, as
 * the reference does, vigie never matches a hash below that floor: put on a bank and posted
 * again, such an image is not matched at all. A test that needs a match must not draw one.
 */
export async function matchablePatternImage(seed: number, width = 640, height = 480): Promise<{ bytes: Buffer; seed: number }> {
  for (let s = seed; s < seed + 100; s++) {
    const bytes = await patternImage(s, width, height);
    if ((await hashImageBytes(bytes)).quality >= MIN_PDQ_QUALITY) return { bytes, seed: s };
  }
  throw new Error(`no pattern from seed ${seed} reaches PDQ quality ${MIN_PDQ_QUALITY}`);
}

export async function rotate90(bytes: Buffer): Promise<Buffer> {
  return sharp(bytes).rotate(90).png().toBuffer();
}

/**
 * A benign image enlarged (cubic) to `width × height` and saved as JPEG or WebP: how an
 * uploader would make a known image larger than the pixel cap. A smooth pattern keeps
 * the file small (a 9000 × 7000 JPEG at quality 80 is about 650 KB).
 */
export async function enlarged(bytes: Buffer, width: number, height: number, format: 'jpeg' | 'webp' | 'webp-lossless' = 'jpeg'): Promise<Buffer> {
  const img = sharp(bytes).resize(width, height, { fit: 'fill', kernel: 'cubic' });
  if (format === 'jpeg') return img.jpeg({ quality: 80 }).toBuffer();
  return format === 'webp' ? img.webp({ quality: 80 }).toBuffer() : img.webp({ lossless: true, effort: 0 }).toBuffer();
}
