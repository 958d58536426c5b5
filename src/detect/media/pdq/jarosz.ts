// Step 2 of PDQ: the Jarosz filter, repeated box filters along rows then columns.
//
// The reference keeps one float32 running sum per line and never recomputes it, so its
// rounding drift is part of the hash. Every sum below is rounded to float32 after each
// addition and each subtraction, in the reference's order (add the entering sample,
// then subtract the leaving one); a Float32Array store rounds exactly as Math.fround.
//
// Each line's running sum is a chain of dependent float operations, so lines are
// filtered several at a time (four rows together, all columns together) to give the
// CPU independent work; every line still sees exactly the reference's operations.

const fr = Math.fround;

/** Window length for a side of `dim` samples: ceil(dim / 128), in integer arithmetic. */
export function jaroszWindow(dim: number): number {
  return Math.floor((dim + 2 * 64 - 1) / (2 * 64));
}

/**
 * The reference's four phases for a line of `length` samples: `grow` samples summed
 * before the first output, `fill` outputs while the window grows, `full` outputs with
 * a full window (add one sample, drop one), then `shrink` outputs as it empties.
 */
function phases(length: number, window: number): { grow: number; fill: number; full: number; shrink: number } {
  const half = Math.floor((window + 2) / 2);
  return { grow: half - 1, fill: window - half + 1, full: length - window, shrink: half - 1 };
}

/**
 * Box filter along each row of a rows × cols plane, `input` into `output`. With
 * `wanted`, only the outputs at columns flagged there are written (the running sums
 * still cover the whole row): before the last column pass, only the columns that
 * decimation samples are ever read.
 */
export function boxAlongRows(input: Float32Array, output: Float32Array, rows: number, cols: number, window: number, wanted?: Uint8Array): void {
  const { grow, fill, full, shrink } = phases(cols, window);
  if (wanted) {
    boxAlongRowsWanted(input, output, rows, cols, grow, fill, full, shrink, wanted);
    return;
  }
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const b0 = r * cols;
    const b1 = b0 + cols;
    const b2 = b1 + cols;
    const b3 = b2 + cols;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let ri = 0;
    let li = 0;
    let oi = 0;
    let count = 0;
    for (let t = 0; t < grow; t++, ri++) {
      s0 = fr(s0 + input[b0 + ri]!);
      s1 = fr(s1 + input[b1 + ri]!);
      s2 = fr(s2 + input[b2 + ri]!);
      s3 = fr(s3 + input[b3 + ri]!);
      count++;
    }
    for (let t = 0; t < fill; t++, ri++, oi++) {
      s0 = fr(s0 + input[b0 + ri]!);
      s1 = fr(s1 + input[b1 + ri]!);
      s2 = fr(s2 + input[b2 + ri]!);
      s3 = fr(s3 + input[b3 + ri]!);
      count++;
      output[b0 + oi] = s0 / count;
      output[b1 + oi] = s1 / count;
      output[b2 + oi] = s2 / count;
      output[b3 + oi] = s3 / count;
    }
    for (let t = 0; t < full; t++, ri++, li++, oi++) {
      s0 = fr(fr(s0 + input[b0 + ri]!) - input[b0 + li]!);
      s1 = fr(fr(s1 + input[b1 + ri]!) - input[b1 + li]!);
      s2 = fr(fr(s2 + input[b2 + ri]!) - input[b2 + li]!);
      s3 = fr(fr(s3 + input[b3 + ri]!) - input[b3 + li]!);
      output[b0 + oi] = s0 / count;
      output[b1 + oi] = s1 / count;
      output[b2 + oi] = s2 / count;
      output[b3 + oi] = s3 / count;
    }
    for (let t = 0; t < shrink; t++, li++, oi++) {
      s0 = fr(s0 - input[b0 + li]!);
      s1 = fr(s1 - input[b1 + li]!);
      s2 = fr(s2 - input[b2 + li]!);
      s3 = fr(s3 - input[b3 + li]!);
      count--;
      output[b0 + oi] = s0 / count;
      output[b1 + oi] = s1 / count;
      output[b2 + oi] = s2 / count;
      output[b3 + oi] = s3 / count;
    }
  }
  for (; r < rows; r++) {
    const base = r * cols;
    let ri = base;
    let li = base;
    let oi = base;
    let sum = 0;
    let count = 0;
    for (let t = 0; t < grow; t++) {
      sum = fr(sum + input[ri++]!);
      count++;
    }
    for (let t = 0; t < fill; t++) {
      sum = fr(sum + input[ri++]!);
      count++;
      output[oi++] = sum / count;
    }
    for (let t = 0; t < full; t++) {
      sum = fr(fr(sum + input[ri++]!) - input[li++]!);
      output[oi++] = sum / count;
    }
    for (let t = 0; t < shrink; t++) {
      sum = fr(sum - input[li++]!);
      count--;
      output[oi++] = sum / count;
    }
  }
}

function boxAlongRowsWanted(
  input: Float32Array,
  output: Float32Array,
  rows: number,
  cols: number,
  grow: number,
  fill: number,
  full: number,
  shrink: number,
  wanted: Uint8Array,
): void {
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const b0 = r * cols;
    const b1 = b0 + cols;
    const b2 = b1 + cols;
    const b3 = b2 + cols;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let ri = 0;
    let li = 0;
    let oi = 0;
    let count = 0;
    for (let t = 0; t < grow; t++, ri++) {
      s0 = fr(s0 + input[b0 + ri]!);
      s1 = fr(s1 + input[b1 + ri]!);
      s2 = fr(s2 + input[b2 + ri]!);
      s3 = fr(s3 + input[b3 + ri]!);
      count++;
    }
    for (let t = 0; t < fill; t++, ri++, oi++) {
      s0 = fr(s0 + input[b0 + ri]!);
      s1 = fr(s1 + input[b1 + ri]!);
      s2 = fr(s2 + input[b2 + ri]!);
      s3 = fr(s3 + input[b3 + ri]!);
      count++;
      if (wanted[oi]) {
        output[b0 + oi] = s0 / count;
        output[b1 + oi] = s1 / count;
        output[b2 + oi] = s2 / count;
        output[b3 + oi] = s3 / count;
      }
    }
    for (let t = 0; t < full; t++, ri++, li++, oi++) {
      s0 = fr(fr(s0 + input[b0 + ri]!) - input[b0 + li]!);
      s1 = fr(fr(s1 + input[b1 + ri]!) - input[b1 + li]!);
      s2 = fr(fr(s2 + input[b2 + ri]!) - input[b2 + li]!);
      s3 = fr(fr(s3 + input[b3 + ri]!) - input[b3 + li]!);
      if (wanted[oi]) {
        output[b0 + oi] = s0 / count;
        output[b1 + oi] = s1 / count;
        output[b2 + oi] = s2 / count;
        output[b3 + oi] = s3 / count;
      }
    }
    for (let t = 0; t < shrink; t++, li++, oi++) {
      s0 = fr(s0 - input[b0 + li]!);
      s1 = fr(s1 - input[b1 + li]!);
      s2 = fr(s2 - input[b2 + li]!);
      s3 = fr(s3 - input[b3 + li]!);
      count--;
      if (wanted[oi]) {
        output[b0 + oi] = s0 / count;
        output[b1 + oi] = s1 / count;
        output[b2 + oi] = s2 / count;
        output[b3 + oi] = s3 / count;
      }
    }
  }
  // The last rows one at a time, through the plain filter.
  if (r < rows) {
    const rest = (rows - r) * cols;
    boxAlongRows(input.subarray(r * cols, r * cols + rest), output.subarray(r * cols, r * cols + rest), rows - r, cols, grow + fill);
  }
}

/**
 * Box filter down each column of a rows × cols plane. The columns are swept together,
 * row by row, with one running sum per column, so memory is read in order. With
 * `only`, just those columns are filtered: the last pass needs only the columns that
 * decimation samples.
 */
export function boxAlongCols(
  input: Float32Array,
  output: Float32Array,
  rows: number,
  cols: number,
  window: number,
  sums: Float64Array,
  only?: Int32Array,
): void {
  const { grow, fill, full, shrink } = phases(rows, window);
  const picked = only ?? identity(cols);
  const n = picked.length;
  sums.fill(0, 0, n);
  let ri = 0;
  let li = 0;
  let oi = 0;
  let count = 0;
  for (let t = 0; t < grow; t++, ri += cols) {
    for (let k = 0; k < n; k++) sums[k] = fr(sums[k]! + input[ri + picked[k]!]!);
    count++;
  }
  for (let t = 0; t < fill; t++, ri += cols, oi += cols) {
    count++;
    for (let k = 0; k < n; k++) {
      const j = picked[k]!;
      const s = fr(sums[k]! + input[ri + j]!);
      sums[k] = s;
      output[oi + j] = s / count;
    }
  }
  for (let t = 0; t < full; t++, ri += cols, li += cols, oi += cols) {
    if (only) {
      for (let k = 0; k < n; k++) {
        const j = picked[k]!;
        const s = fr(fr(sums[k]! + input[ri + j]!) - input[li + j]!);
        sums[k] = s;
        output[oi + j] = s / count;
      }
    } else {
      fullWindowRow(input, output, sums, ri, li, oi, cols, count);
    }
  }
  for (let t = 0; t < shrink; t++, li += cols, oi += cols) {
    count--;
    for (let k = 0; k < n; k++) {
      const j = picked[k]!;
      const s = fr(sums[k]! - input[li + j]!);
      sums[k] = s;
      output[oi + j] = s / count;
    }
  }
}

// The hot loop of the column filter over all columns, unrolled by four.
function fullWindowRow(input: Float32Array, output: Float32Array, sums: Float64Array, ri: number, li: number, oi: number, cols: number, count: number): void {
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    const s0 = fr(fr(sums[j]! + input[ri + j]!) - input[li + j]!);
    const s1 = fr(fr(sums[j + 1]! + input[ri + j + 1]!) - input[li + j + 1]!);
    const s2 = fr(fr(sums[j + 2]! + input[ri + j + 2]!) - input[li + j + 2]!);
    const s3 = fr(fr(sums[j + 3]! + input[ri + j + 3]!) - input[li + j + 3]!);
    sums[j] = s0;
    sums[j + 1] = s1;
    sums[j + 2] = s2;
    sums[j + 3] = s3;
    output[oi + j] = s0 / count;
    output[oi + j + 1] = s1 / count;
    output[oi + j + 2] = s2 / count;
    output[oi + j + 3] = s3 / count;
  }
  for (; j < cols; j++) {
    const s = fr(fr(sums[j]! + input[ri + j]!) - input[li + j]!);
    sums[j] = s;
    output[oi + j] = s / count;
  }
}

const identities = new Map<number, Int32Array>();

function identity(n: number): Int32Array {
  let id = identities.get(n);
  if (!id) {
    id = Int32Array.from({ length: n }, (_, i) => i);
    if (identities.size < 1024) identities.set(n, id);
  }
  return id;
}
