// Group commit: requests that arrive while a transaction is being written wait and go
// together into the next one, so that under load one commit serves many posts. A request
// is answered only after the transaction holding it has committed (and, on SQLite, is on
// disk: see wal-sync.ts).
//
// Up to `maxInFlight` batches run at once, one by default: measured on SQLite, letting a
// second batch write while the first one's log is flushed made batches smaller, and the
// fixed cost of each commit outweighed the flush wait it hid (docs/benchmarks.md).
//
// SQLite (better-sqlite3) writes on the main thread: while it writes, no socket is read,
// so requests that arrived meanwhile are not parsed yet when the write returns. Before
// taking a batch the drain therefore yields one turn of the event loop (setImmediate, not
// a timer), letting every ready request reach submit(); a lone request waits one turn.
export class GroupCommit<In, Out> {
  private pending: { input: In; resolve: (o: Out) => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;
  private scheduled = false;
  private idle: (() => void)[] = [];

  constructor(
    private readonly writeBatch: (inputs: In[]) => Promise<Out[]>,
    private readonly maxBatch = 256,
    private readonly maxInFlight = 1,
  ) {}

  submit(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once everything submitted so far is written (for shutdown). */
  flushed(): Promise<void> {
    if (this.inFlight === 0 && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.pending.length === 0 || this.inFlight >= this.maxInFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.start();
    });
  }

  private start(): void {
    if (this.pending.length === 0 || this.inFlight >= this.maxInFlight) return;
    const batch = this.pending.splice(0, this.maxBatch);
    this.inFlight++;
    let written: Promise<Out[]>;
    try {
      written = this.writeBatch(batch.map((b) => b.input));
    } catch (err) {
      written = Promise.reject(err);
    }
    written
      .then(
        (outs) => batch.forEach((b, i) => b.resolve(outs[i]!)),
        (err: unknown) => batch.forEach((b) => b.reject(err)),
      )
      .finally(() => {
        this.inFlight--;
        if (this.inFlight === 0 && this.pending.length === 0) for (const done of this.idle.splice(0)) done();
        else this.schedule();
      });
    // More may be waiting already (more than maxBatch, or arrived during the yield).
    this.schedule();
  }
}
