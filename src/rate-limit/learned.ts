import { AbortError } from '../errors.js';
import type { Clock } from '../clock.js';
import type { BucketShape } from './bucket.js';
import type { LimitReport, RateLimitReport } from './headers.js';
import { MemoryTokenBucket } from './memory.js';

/**
 * What this process learned about one provider quota (provider, endpoint, API key, model) from
 * the provider's own responses, shared by every LLM instance with that key:
 *
 * - the limits its rate-limit headers state (requests and tokens per minute, and how much the
 *   provider's bucket holds), which pace the buckets;
 * - until the first response arrived, nothing: so the first request goes alone (the probe) and
 *   concurrent ones wait for its headers, rather than all hitting a limit nobody knows yet;
 * - how many tokens a call reports on average, to hold back tokens for calls still running;
 * - its own buckets, used when the user gave no rate: they grant at once until a limit is known.
 */
export class LearnedLimits {
  /** The provider's requests limit, once a response stated it. */
  requestShape: BucketShape | undefined;
  /** The provider's tokens limit, once a response stated it. */
  tokenShape: BucketShape | undefined;
  /** Paces requests when the user gave no `requestsPerMinute`. */
  readonly requests: MemoryTokenBucket;
  /** Paces tokens when the user gave no `tokensPerMinute`. */
  readonly tokens: MemoryTokenBucket;
  /** Attempts sent whose response headers have not arrived (the provider may not count them yet). */
  awaitingHeaders = 0;
  /** Attempts admitted whose usage has not been charged yet. */
  awaitingUsage = 0;
  #probe: 'none yet' | 'out' | 'done' = 'none yet';
  #probeWaiters: Array<() => void> = [];
  #reportedTokens = 0;
  #reportedCalls = 0;

  constructor(clock: Clock) {
    this.requests = new MemoryTokenBucket(undefined, clock, () => this.requestShape);
    this.tokens = new MemoryTokenBucket(undefined, clock, () => this.tokenShape);
  }

  /** Nothing in flight or waiting here: safe to forget. */
  get idle(): boolean {
    return this.awaitingUsage === 0 && this.#probe !== 'out';
  }

  /**
   * Before an attempt: false when it may go (a response came back before), true when it is the
   * probe (the first request, nothing known yet), or a promise of false that resolves once the
   * probe's response headers (or its failure) arrived.
   */
  enter(signal: AbortSignal | undefined): boolean | Promise<boolean> {
    if (this.#probe === 'done') return false;
    if (this.#probe === 'none yet') {
      this.#probe = 'out';
      return true;
    }
    return this.#waitForProbe(signal).then(() => this.enter(signal));
  }

  /** The probe's headers arrived, or it ended without any: everyone waiting may go. */
  probeAnswered(): void {
    this.#probe = 'done';
    const waiters = this.#probeWaiters;
    this.#probeWaiters = [];
    for (const wake of waiters) wake();
  }

  /** The probe was aborted before it went: the next caller in line becomes the probe. */
  probeCancelled(): void {
    this.#probe = 'none yet';
    const waiters = this.#probeWaiters;
    this.#probeWaiters = [];
    for (const wake of waiters) wake();
  }

  /** Tokens a call is expected to report: the mean of the reports so far, else `fallback`. */
  tokensPerCall(fallback: number): number {
    return this.#reportedCalls === 0 ? fallback : this.#reportedTokens / this.#reportedCalls;
  }

  /** A call ended and reported `tokens` (input + output). */
  recordTokens(tokens: number): void {
    this.#reportedTokens += tokens;
    this.#reportedCalls++;
  }

  /** Take in what a response's headers said; returns which limits were learned for the first time. */
  learn(report: RateLimitReport): { requests: boolean; tokens: boolean } {
    const requests = shapeOf(report.requests);
    const tokens = shapeOf(report.tokens);
    const first = {
      requests: requests !== undefined && this.requestShape === undefined,
      tokens: tokens !== undefined && this.tokenShape === undefined,
    };
    if (requests) this.requestShape = requests;
    if (tokens) this.tokenShape = tokens;
    return first;
  }

  #waitForProbe(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(new AbortError(undefined, { cause: signal.reason }));
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.#probeWaiters = this.#probeWaiters.filter((waiter) => waiter !== wake);
        reject(new AbortError(undefined, { cause: signal?.reason }));
      };
      const wake = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#probeWaiters.push(wake);
    });
  }
}

/**
 * The provider's bucket as one limit's headers describe it: refilled at the stated limit per
 * minute, holding what is left plus what refills until the stated reset ("back to full"), at
 * most the limit itself. Undefined without a stated limit (nothing to pace by).
 */
function shapeOf(report: LimitReport): BucketShape | undefined {
  const { limit, remaining, resetMs } = report;
  if (limit === undefined || limit <= 0) return undefined;
  const refillPerMs = limit / 60_000;
  const full =
    remaining !== undefined && resetMs !== undefined ? remaining + resetMs * refillPerMs : limit;
  return { refillPerMs, capacity: Math.max(1, Math.min(limit, full)) };
}
