// Steps 3 and 5 of PDQ: decimation of the filtered plane to 64×64, and the partial
// two-dimensional DCT that keeps frequencies 1..16 on each axis (DC excluded).

const fr = Math.fround;

export const PDQ_GRID = 64;
export const PDQ_FREQS = 16;

/**
 * The 16×64 DCT-II basis, row i being frequency i + 1. The reference forms the
 * argument in double, left to right, and rounds the product with its float32 scale
 * factor to float32 once; Math.PI is the same double as its π literal.
 */
export const DCT_MATRIX: Float32Array = (() => {
  const d = new Float32Array(PDQ_FREQS * PDQ_GRID);
  const scale = fr(Math.sqrt(2 / PDQ_GRID));
  for (let i = 0; i < PDQ_FREQS; i++) {
    for (let j = 0; j < PDQ_GRID; j++) {
      d[i * PDQ_GRID + j] = scale * Math.cos((Math.PI / 2 / PDQ_GRID) * (i + 1) * (2 * j + 1));
    }
  }
  return d;
})();

/** Samples the filtered rows × cols plane at the centres of a 64×64 grid of cells. */
export function decimate(input: Float32Array, rows: number, cols: number, out: Float32Array): void {
  for (let i = 0; i < PDQ_GRID; i++) {
    const ini = Math.trunc(((i + 0.5) * rows) / PDQ_GRID);
    for (let j = 0; j < PDQ_GRID; j++) {
      out[i * PDQ_GRID + j] = input[ini * cols + decimatedColumn(j, cols)]!;
    }
  }
}

export function decimatedColumn(j: number, cols: number): number {
  return Math.trunc(((j + 0.5) * cols) / PDQ_GRID);
}

/**
 * B = D·A·Dᵀ for a 64×64 A, through the 16×64 `t`. Every product is rounded to
 * float32 before it is added, and each sum runs in increasing k as in the reference.
 */
export function dct64To16(a: Float32Array, t: Float32Array, b: Float32Array): void {
  const D = DCT_MATRIX;
  const G = PDQ_GRID;
  t.fill(0, 0, PDQ_FREQS * G);
  // k outermost keeps every T[i][j] summed in increasing k while reading A by rows.
  for (let i = 0; i < PDQ_FREQS; i++) {
    const ti = i * G;
    for (let k = 0; k < G; k++) {
      const dik = D[ti + k]!;
      const ak = k * G;
      for (let j = 0; j < G; j++) t[ti + j] = t[ti + j]! + fr(dik * a[ak + j]!);
    }
  }
  for (let i = 0; i < PDQ_FREQS; i++) {
    for (let j = 0; j < PDQ_FREQS; j++) {
      let sum = 0;
      for (let k = 0; k < G; k++) sum = fr(sum + fr(t[i * G + k]! * D[j * G + k]!));
      b[i * PDQ_FREQS + j] = sum;
    }
  }
}
