// Helpers for the background-work suites: a clock the test moves by hand, and a gate that
// holds a handler until the test lets it go.
export interface FakeClock {
  now: () => Date;
  advance(ms: number): void;
  iso(): string;
}

export function fakeClock(start = '2026-11-28T12:00:00.000Z'): FakeClock {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    advance(ms) {
      t += ms;
    },
    iso: () => new Date(t).toISOString(),
  };
}

export interface Gate {
  wait(): Promise<void>;
  open(): void;
}

export function gate(): Gate {
  let release!: () => void;
  const opened = new Promise<void>((resolve) => (release = resolve));
  return { wait: () => opened, open: () => release() };
}

/** Random numbers taken in turn from `values`, so that jitter is known in advance. */
export function sequence(values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}

/** Resolves when `check` holds, polling real time briefly; fails loudly instead of hanging. */
export async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

export function msBetween(a: string, b: string): number {
  return Date.parse(b) - Date.parse(a);
}
