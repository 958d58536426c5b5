// Group commit: requests that arrive while a transaction is being written wait and go
// together into the next one. A lone request is written at once (no timer, no added
// latency); under load, batches grow by themselves and one fsync serves many posts.
// A request is answered only after the transaction holding it has committed.
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
      if (!this.running) void this.drain();
    });
  }

  /** Resolves once everything submitted so far is written (for shutdown). */
  flushed(): Promise<void> {
    if (!this.running && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      try {
        const outs = await this.writeBatch(batch.map((b) => b.input));
        batch.forEach((b, i) => b.resolve(outs[i]!));
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
    this.running = false;
    for (const done of this.idle.splice(0)) done();
  }
}
