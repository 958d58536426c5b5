// One status line on a terminal for commands that run long (millions of bank lines, a
// folder of images, a large log), redrawn in place. Only on a terminal: in a pipe or a
// log file a stream of \r-redrawn lines is noise, and stdout is often the data itself,
// so progress never goes there.

export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(chunk: string): boolean;
}

export interface Progress {
  /**
   * The latest state. `render` is called only when a line is drawn (at most every
   * `intervalMs`), so a caller may report every line of a big file cheaply.
   */
  update(render: () => string): void;
  /** Removes the line, so that what is written next starts on a clean line. */
  done(): void;
}

export interface ProgressOptions {
  intervalMs?: number;
  now?: () => number;
}

const CLEAR_LINE = '\r\x1b[K';
const silent: Progress = { update() {}, done() {} };

export function createProgress(stream: ProgressStream = process.stderr, options: ProgressOptions = {}): Progress {
  if (!stream.isTTY) return silent;
  const interval = options.intervalMs ?? 100;
  const now = options.now ?? Date.now;
  let last = -Infinity;
  let shown = false;
  return {
    update(render) {
      const t = now();
      if (t - last < interval) return;
      last = t;
      // A line wider than the terminal wraps, and \r then redraws only its last part.
      const width = Math.max((stream.columns || 80) - 1, 10); // 0 when the size is unknown
      const text = render();
      stream.write(`${CLEAR_LINE}${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
      shown = true;
    },
    done() {
      if (shown) stream.write(CLEAR_LINE);
      shown = false;
      last = -Infinity;
    },
  };
}

/** 1234567 → "1,234,567": counts in the millions are read at a glance. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}
