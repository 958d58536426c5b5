// Step 4 of PDQ: the quality score, a measure of how much detail the 64×64 grid holds.
// The constants (100/255 per step, 90 per point) are the reference's hand-tuned ones.

import { PDQ_GRID } from './dct.js';

const fr = Math.fround;

export function pdqQuality(grid: Float32Array): number {
  const G = PDQ_GRID;
  let gradientSum = 0;
  for (let i = 0; i < G - 1; i++) {
    for (let j = 0; j < G; j++) {
      gradientSum += Math.abs(step(grid[i * G + j]!, grid[(i + 1) * G + j]!));
    }
  }
  for (let i = 0; i < G; i++) {
    for (let j = 0; j < G - 1; j++) {
      gradientSum += Math.abs(step(grid[i * G + j]!, grid[i * G + j + 1]!));
    }
  }
  return Math.min(100, Math.floor(gradientSum / 90));
}

// float32 difference, times 100, divided by 255, then truncated toward zero to an int.
function step(u: number, v: number): number {
  return Math.trunc(fr(fr(fr(u - v) * 100) / 255));
}
