// A small seeded generator for benchmarks and tests that must be reproducible from a
// seed. Hand-written because Math.random cannot be seeded and node:crypto's generators
// cannot either; sfc32 (Chris Doty-Humphrey's "small fast counting" generator) is
// a few integer operations per draw, which matters when drawing 80 million words.

export type Random32 = () => number;

/** Uniform uint32 values from a 32-bit seed. */
export function seededRandom(seed: number): Random32 {
  let a = 0x9e3779b9 ^ seed,
    b = 0x243f6a88,
    c = 0xb7e15162,
    d = seed >>> 0;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

/** Uniform integer in [0, n). */
export function randomBelow(random: Random32, n: number): number {
  return Math.floor((random() / 4294967296) * n);
}
