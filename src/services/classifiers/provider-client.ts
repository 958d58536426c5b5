// One enabled provider: its adapter, its limits and its breaker. `classify` never throws for
// a provider's failure: it says what happened, counts it, and leaves retrying to the job
// queue. The order of the checks keeps the budget honest: an input the provider would refuse,
// an open breaker or a call over the rate spends nothing; only a call that goes out is counted.
import {
  ProviderError,
  classifierSignal,
  type ClassifierAdapter,
  type ClassifierCredentials,
  type ClassifierFinding,
  type ClassifierInput,
  type ClassifierProvider,
  type ClassifierSignal,
} from '../../detect/classifiers/index.js';
import { CircuitBreaker } from './breaker.js';
import type { ClassifierMetrics, ClassifierOutcome } from './metrics.js';
import { RateLimiter } from './rate-limiter.js';
import { ProviderTimeout, sendRequest, type Fetch } from './send-request.js';

export interface ProviderSettings {
  baseUrl: string;
  credentials: ClassifierCredentials;
  timeoutMs: number;
  ratePerSecond: number;
  dailyBudget: number;
  /** Below this score a finding raises no signal. */
  reviewAt: number;
  /** At or above this score the signal may act (the operator trusts this provider); null: never. */
  actAt: number | null;
  breakerFailures: number;
  breakerCooldownMs: number;
}

export interface ProviderClientDeps {
  /** Spends one call of the day's budget; false when it is spent (store/classifier-usage.ts). */
  spendBudget(provider: ClassifierProvider, period: string, limit: number): Promise<boolean>;
  metrics?: ClassifierMetrics | undefined;
  fetch?: Fetch | undefined;
  now?: (() => number) | undefined;
}

export type ClassifyResult =
  | { kind: 'signal'; signal: ClassifierSignal; finding: ClassifierFinding }
  /** The provider answered and found nothing, or nothing at or above the review cut. */
  | { kind: 'nothing' }
  /** Nothing was sent, for good: the provider does not take this input, or the day's budget is spent. */
  | { kind: 'skipped'; reason: string }
  /** Try again later: the breaker is open, the rate is reached, or the call failed in a way that may pass. */
  | { kind: 'later'; reason: string; retryAfterMs: number }
  /** The provider refused for good (a 4xx, an answer not in its documented shape). */
  | { kind: 'failed'; reason: string };

export class ProviderClient {
  readonly provider: ClassifierProvider;
  private readonly breaker: CircuitBreaker;
  private readonly limiter: RateLimiter;
  private readonly now: () => number;

  constructor(
    readonly adapter: ClassifierAdapter,
    private readonly settings: ProviderSettings,
    private readonly deps: ProviderClientDeps,
  ) {
    this.provider = adapter.provider;
    this.now = deps.now ?? Date.now;
    this.breaker = new CircuitBreaker({ failures: settings.breakerFailures, cooldownMs: settings.breakerCooldownMs, now: this.now });
    this.limiter = new RateLimiter(settings.ratePerSecond, this.now);
  }

  get breakerState() {
    return this.breaker.state;
  }

  async classify(input: ClassifierInput, where: { mediaId?: string; url?: string } = {}): Promise<ClassifyResult> {
    const refused = this.adapter.refuses(input);
    if (refused !== null) return this.counted('refused-input', { kind: 'skipped', reason: refused });
    const gate = this.breaker.tryPass();
    if (!gate.pass) return this.counted('breaker-open', { kind: 'later', reason: 'the circuit breaker is open', retryAfterMs: gate.retryAfterMs });
    const wait = this.limiter.take();
    if (wait > 0) {
      this.breaker.release();
      return this.counted('rate-limited', { kind: 'later', reason: 'the rate limit is reached', retryAfterMs: wait });
    }
    const period = new Date(this.now()).toISOString().slice(0, 10);
    if (!(await this.deps.spendBudget(this.provider, period, this.settings.dailyBudget))) {
      return this.counted('budget-spent', { kind: 'skipped', reason: `the daily budget of ${this.settings.dailyBudget} calls is spent` });
    }
    let finding: ClassifierFinding | null;
    try {
      const request = this.adapter.request(input, this.settings.credentials);
      const response = await sendRequest(this.settings.baseUrl, request, {
        timeoutMs: this.settings.timeoutMs,
        ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
      });
      finding = this.adapter.parse(input, response);
    } catch (err) {
      return this.failed(err);
    }
    this.breaker.success();
    if (finding === null || finding.score < this.settings.reviewAt) return this.counted('nothing', { kind: 'nothing' });
    const signal = classifierSignal(finding, { actAt: this.settings.actAt, ...where });
    return this.counted('finding', { kind: 'signal', signal, finding });
  }

  private failed(err: unknown): ClassifyResult {
    if (err instanceof ProviderError && !err.retryable) {
      // Refused credentials fail every call alike; a refusal of this one input says nothing
      // about the provider's health.
      if (err.status === 401 || err.status === 403) this.breaker.failure();
      else this.breaker.release();
      return this.counted('provider-refused', { kind: 'failed', reason: err.message });
    }
    this.breaker.failure();
    const retryAfterMs = 30_000;
    if (err instanceof ProviderTimeout) return this.counted('timeout', { kind: 'later', reason: `${this.provider}: ${err.message}`, retryAfterMs });
    const reason = err instanceof ProviderError ? err.message : `${this.provider}: ${err instanceof Error ? err.message : String(err)}`;
    return this.counted('error', { kind: 'later', reason, retryAfterMs });
  }

  private counted(outcome: ClassifierOutcome, result: ClassifyResult): ClassifyResult {
    this.deps.metrics?.calls.inc({ provider: this.provider, outcome });
    return result;
  }
}
