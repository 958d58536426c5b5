// Group commit: requests that arrive while a transaction is being written wait and go
// together into the next one, so that under load one fsync serves many posts. A request
// is answered only after the transaction holding it has committed.
//
// SQLite (better-sqlite3) writes on the main thread: while it commits, no socket is read,
// so requests that arrived meanwhile are not parsed yet when the commit returns. Before
// taking a batch the drain therefore yields one turn of the event loop (setImmediate, not
// a timer), letting every ready request reach submit(); a lone request waits one turn.
export class GroupCommit<In, Out> {
  private pending: { input: In; resolve: (o: Out) => void; reject: (e: unknown) => void }[] = [];
  private running = false;
  private idle: (() => void)[] = [];

  constructor(
    private readonly writeBatch: (inputs: In[]) => Promise<Out[]>,
    private readonly maxBatch = 256,
  ) {}

  submit(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Resolves once everything submitted so far is written (for shutdown). */
  flushed(): Promise<void> {
    if (!this.running && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      try {
        const outs = await this.writeBatch(batch.map((b) => b.input));
        batch.forEach((b, i) => b.resolve(outs[i]!));
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.running = false;
    for (const done of this.idle.splice(0)) done();
  }
}
