// A token bucket per provider, in this process: at most `perSecond` calls a second, with a
// burst of one second's worth. Per-process: an operator running N worker processes gives each
// 1/N of the provider's documented rate (docs/classifiers.md). A call over the rate is not
// queued in memory: its job is put back and retried later by the queue.

export class RateLimiter {
  private tokens: number;
  private last: number;
  private readonly now: () => number;

  constructor(
    private readonly perSecond: number,
    now?: () => number,
  ) {
    if (!(perSecond > 0)) throw new RangeError('a rate must be positive');
    this.now = now ?? Date.now;
    this.tokens = Math.max(1, perSecond);
    this.last = this.now();
  }

  /** 0 when a call may go now (and counts it), otherwise how many ms until one may. */
  take(): number {
    const t = this.now();
    this.tokens = Math.min(Math.max(1, this.perSecond), this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }
}
