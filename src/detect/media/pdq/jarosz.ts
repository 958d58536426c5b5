// Step 2 of PDQ: the Jarosz filter, repeated box filters along rows then columns.
//
// The reference keeps one float32 running sum per line and never recomputes it, so its
// rounding drift is part of the hash. Every sum below is rounded to float32 after each
// addition and each subtraction, in the reference's order (add the entering sample,
// then subtract the leaving one); a Float32Array store rounds exactly as Math.fround.

const fr = Math.fround;

/** Window length for a side of `dim` samples: ceil(dim / 128), in integer arithmetic. */
export function jaroszWindow(dim: number): number {
  return Math.floor((dim + 2 * 64 - 1) / (2 * 64));
}

interface Phases {
  /** Samples added before the first output. */
  p1: number;
  /** Outputs while the window grows. */
  p2: number;
  /** Outputs with a full window. */
  p3: number;
  /** Outputs while the window shrinks. */
  p4: number;
}

function phases(length: number, window: number): Phases {
  const half = Math.floor((window + 2) / 2);
  return { p1: half - 1, p2: window - half + 1, p3: length - window, p4: half - 1 };
}

/** Box filter along each row of a rows × cols plane, `input` into `output`. */
export function boxAlongRows(input: Float32Array, output: Float32Array, rows: number, cols: number, window: number): void {
  const { p1, p2, p3, p4 } = phases(cols, window);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let ri = base;
    let li = base;
    let oi = base;
    let sum = 0;
    let count = 0;
    for (let t = 0; t < p1; t++) {
      sum = fr(sum + input[ri++]!);
      count++;
    }
    for (let t = 0; t < p2; t++) {
      sum = fr(sum + input[ri++]!);
      count++;
      output[oi++] = sum / count;
    }
    for (let t = 0; t < p3; t++) {
      sum = fr(sum + input[ri++]!);
      sum = fr(sum - input[li++]!);
      output[oi++] = sum / count;
    }
    for (let t = 0; t < p4; t++) {
      sum = fr(sum - input[li++]!);
      count--;
      output[oi++] = sum / count;
    }
  }
}

/**
 * Box filter down each column of a rows × cols plane. Columns are independent, so
 * they are swept together row by row (one running sum per column) to read memory in
 * order; each column still sees exactly the reference's sequence of operations.
 * With `only`, just those columns are filtered (the last pass needs only the columns
 * that decimation samples).
 */
export function boxAlongCols(
  input: Float32Array,
  output: Float32Array,
  rows: number,
  cols: number,
  window: number,
  sums: Float32Array,
  only?: Int32Array,
): void {
  const { p1, p2, p3, p4 } = phases(rows, window);
  const n = only ? only.length : cols;
  sums.fill(0, 0, n);
  let ri = 0;
  let li = 0;
  let oi = 0;
  let count = 0;
  if (!only) {
    for (let t = 0; t < p1; t++, ri += cols) {
      for (let j = 0; j < cols; j++) sums[j] = sums[j]! + input[ri + j]!;
      count++;
    }
    for (let t = 0; t < p2; t++, ri += cols, oi += cols) {
      count++;
      for (let j = 0; j < cols; j++) {
        const s = fr(sums[j]! + input[ri + j]!);
        sums[j] = s;
        output[oi + j] = s / count;
      }
    }
    for (let t = 0; t < p3; t++, ri += cols, li += cols, oi += cols) {
      for (let j = 0; j < cols; j++) {
        const s = fr(fr(sums[j]! + input[ri + j]!) - input[li + j]!);
        sums[j] = s;
        output[oi + j] = s / count;
      }
    }
    for (let t = 0; t < p4; t++, li += cols, oi += cols) {
      count--;
      for (let j = 0; j < cols; j++) {
        const s = fr(sums[j]! - input[li + j]!);
        sums[j] = s;
        output[oi + j] = s / count;
      }
    }
    return;
  }
  for (let t = 0; t < p1; t++, ri += cols) {
    for (let k = 0; k < n; k++) sums[k] = sums[k]! + input[ri + only[k]!]!;
    count++;
  }
  for (let t = 0; t < p2; t++, ri += cols, oi += cols) {
    count++;
    for (let k = 0; k < n; k++) {
      const j = only[k]!;
      const s = fr(sums[k]! + input[ri + j]!);
      sums[k] = s;
      output[oi + j] = s / count;
    }
  }
  for (let t = 0; t < p3; t++, ri += cols, li += cols, oi += cols) {
    for (let k = 0; k < n; k++) {
      const j = only[k]!;
      const s = fr(fr(sums[k]! + input[ri + j]!) - input[li + j]!);
      sums[k] = s;
      output[oi + j] = s / count;
    }
  }
  for (let t = 0; t < p4; t++, li += cols, oi += cols) {
    count--;
    for (let k = 0; k < n; k++) {
      const j = only[k]!;
      const s = fr(sums[k]! - input[li + j]!);
      sums[k] = s;
      output[oi + j] = s / count;
    }
  }
}
