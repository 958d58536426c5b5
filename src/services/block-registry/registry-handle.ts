// The block registry of this process, opened once by the composition root. Opening reads
// the registry, which on SQLite's one connection would wait forever behind a transaction
// that asked for it; so it is opened outside any transaction and, inside one, only the
// registry already open is used (`current`). A registry that cannot open (a server secret
// that differs from the one it was written with) must not stop removals and suspensions:
// enforcement then leaves a 'registry.block' job in the suspension's unit of work, which a
// worker retries until the registry opens (block-later.ts).
import type { BlockRegistry } from './block-registry.js';

export class BlockRegistryHandle {
  private opening: Promise<BlockRegistry> | undefined;
  private opened: BlockRegistry | undefined;
  /** Why the last attempt to open failed, for log lines. */
  lastError = '';

  constructor(private readonly open: () => Promise<BlockRegistry>) {}

  /** Opens on first use; a failed open is tried again by the next caller. */
  get(): Promise<BlockRegistry> {
    if (this.opened) return Promise.resolve(this.opened);
    if (!this.opening) {
      const pending = this.open().then(
        (registry) => (this.opened = registry),
        (err: unknown) => {
          this.lastError = err instanceof Error ? err.message : String(err);
          this.opening = undefined;
          throw err;
        },
      );
      this.opening = pending;
    }
    return this.opening;
  }

  /** The registry if it is open; never waits (safe inside a transaction). */
  get current(): BlockRegistry | undefined {
    return this.opened;
  }
}
