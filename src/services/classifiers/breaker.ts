// A circuit breaker per provider, in this process: after `failures` failed calls in a row it
// opens and no call goes out for `cooldownMs`; then one call at a time may probe it
// (half-open), and a success closes it. Per-process on purpose: it protects this process's
// workers from waiting on a provider that is down, and its state is cheap to lose. With N
// processes a provider that goes down sees at most N × `failures` failed calls before every
// breaker is open, and N probes per cooldown after; the daily budget, which must hold across
// processes, is counted in the database instead (store/classifier-usage.ts).

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  failures: number;
  cooldownMs: number;
  now?: () => number;
}

export class CircuitBreaker {
  private failuresInRow = 0;
  private openedAt: number | null = null;
  private probing = false;
  private readonly now: () => number;

  constructor(private readonly options: BreakerOptions) {
    if (!(options.failures >= 1) || !(options.cooldownMs > 0)) throw new RangeError('a breaker needs failures >= 1 and a positive cooldown');
    this.now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.options.cooldownMs ? 'half-open' : 'open';
  }

  /** Whether a call may go out now; a half-open breaker lets one probe through at a time. */
  tryPass(): { pass: true } | { pass: false; retryAfterMs: number } {
    const state = this.state;
    if (state === 'closed') return { pass: true };
    if (state === 'half-open' && !this.probing) {
      this.probing = true;
      return { pass: true };
    }
    const left = this.openedAt === null ? 0 : this.options.cooldownMs - (this.now() - this.openedAt);
    return { pass: false, retryAfterMs: Math.max(1000, left) };
  }

  success(): void {
    this.failuresInRow = 0;
    this.openedAt = null;
    this.probing = false;
  }

  /** A call let through did not go out after all (over the rate): the probe is free again. */
  release(): void {
    this.probing = false;
  }

  failure(): void {
    this.failuresInRow++;
    // A failed probe opens it again for a full cooldown.
    if (this.probing || this.failuresInRow >= this.options.failures) this.openedAt = this.now();
    this.probing = false;
  }
}
