// Benign synthetic images for tests: abstract colour patterns computed from a seed, so
// tests need no image files and no shared fixtures.

import sharp, { type Sharp } from 'sharp';
import type { Pixels } from '../../../src/detect/media/index.js';

/**
 * An RGB test pattern of the given size; different seeds give unrelated patterns. Like
 * a photograph it has detail at every scale (amplitude falling as 1/frequency), plus a
 * few hard-edged shapes.
 */
export function pattern(width: number, height: number, seed = 1): Pixels {
  const random = mulberry32(seed);
  const waves = Array.from({ length: 24 }, () => {
    const f = 1 + random() * 6;
    const angle = random() * Math.PI;
    return { fx: f * Math.cos(angle), fy: f * Math.sin(angle), phase: random() * 2 * Math.PI, amp: 60 / f, ch: Math.floor(random() * 3) };
  });
  const boxes = Array.from({ length: 3 }, () => ({
    x0: random() * 0.7,
    y0: random() * 0.7,
    w: 0.1 + random() * 0.25,
    h: 0.1 + random() * 0.25,
    rgb: [random() * 255, random() * 255, random() * 255],
  }));
  // sin(a + b) = sin a·cos b + cos a·sin b: per-column and per-row tables keep the
  // per-pixel work to multiplications, so large patterns stay quick to make.
  const colSin = waves.map((w) => Float64Array.from({ length: width }, (_, x) => Math.sin(2 * Math.PI * w.fx * (x / width))));
  const colCos = waves.map((w) => Float64Array.from({ length: width }, (_, x) => Math.cos(2 * Math.PI * w.fx * (x / width))));
  const rowSin = waves.map((w) => Float64Array.from({ length: height }, (_, y) => Math.sin(2 * Math.PI * w.fy * (y / height) + w.phase)));
  const rowCos = waves.map((w) => Float64Array.from({ length: height }, (_, y) => Math.cos(2 * Math.PI * w.fy * (y / height) + w.phase)));
  const data = new Uint8Array(width * height * 3);
  const rgb = [0, 0, 0];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = x / width;
      const v = y / height;
      rgb[0] = 110 + 60 * u;
      rgb[1] = 120 + 50 * v;
      rgb[2] = 100 + 40 * (1 - u);
      for (let k = 0; k < waves.length; k++) {
        const w = waves[k]!;
        const s = w.amp * (colSin[k]![x]! * rowCos[k]![y]! + colCos[k]![x]! * rowSin[k]![y]!);
        rgb[0] += s * (w.ch === 0 ? 1 : 0.4);
        rgb[1] += s * (w.ch === 1 ? 1 : 0.4);
        rgb[2] += s * (w.ch === 2 ? 1 : 0.4);
      }
      for (const b of boxes) {
        if (u >= b.x0 && u < b.x0 + b.w && v >= b.y0 && v < b.y0 + b.h) [rgb[0], rgb[1], rgb[2]] = b.rgb as [number, number, number];
      }
      const o = (y * width + x) * 3;
      data[o] = clamp(rgb[0]);
      data[o + 1] = clamp(rgb[1]);
      data[o + 2] = clamp(rgb[2]);
    }
  }
  return { width, height, channels: 3, data };
}

// A small seeded generator, so patterns are the same on every run.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The same pixels with one grey channel (the average of R, G and B). */
export function toGrey(p: Pixels): Pixels {
  const data = new Uint8Array(p.width * p.height);
  for (let i = 0; i < data.length; i++) {
    data[i] = Math.round((p.data[i * 3]! + p.data[i * 3 + 1]! + p.data[i * 3 + 2]!) / 3);
  }
  return { width: p.width, height: p.height, channels: 1, data };
}

/** A sharp pipeline reading these pixels, ready to encode to any format. */
export function sharpOf(p: Pixels): Sharp {
  return sharp(p.data, { raw: { width: p.width, height: p.height, channels: p.channels } });
}

export async function png(p: Pixels): Promise<Buffer> {
  return sharpOf(p).png().toBuffer();
}

export async function jpeg(p: Pixels, quality = 90): Promise<Buffer> {
  return sharpOf(p).jpeg({ quality }).toBuffer();
}

/** Netpbm bytes (P5 or P6, maxval 255) for these pixels. */
export function pnm(p: Pixels): Buffer {
  const header = Buffer.from(`${p.channels === 1 ? 'P5' : 'P6'}\n${p.width} ${p.height}\n255\n`, 'latin1');
  return Buffer.concat([header, Buffer.from(p.data)]);
}

function clamp(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v)));
}
