import type { Clock } from '../clock.js';
import { FifoQueue } from './fifo-queue.js';

/** The bucket of the README's rate-limit section for a given rate: refill per millisecond and capacity. */
export interface BucketShape {
  /** Tokens added per millisecond: requestsPerMinute / 60 per second. */
  refillPerMs: number;
  /** One second's worth, at least one, so a client never bursts a minute's quota at once. */
  capacity: number;
}

export function bucketShape(requestsPerMinute: number): BucketShape {
  return {
    refillPerMs: requestsPerMinute / 60_000,
    capacity: Math.max(1, Math.ceil(requestsPerMinute / 60)),
  };
}

/**
 * A token bucket whose waiters are served in arrival order. Subclasses say only how to try to
 * take one token (`tryTake`); the line, the sleeping and the abort handling live here, so the
 * in-memory and Redis buckets behave alike.
 */
export abstract class TokenBucket {
  readonly #queue = new FifoQueue();
  protected readonly clock: Clock;
  #requestsPerMinute: number;

  constructor(requestsPerMinute: number, clock: Clock) {
    this.#requestsPerMinute = requestsPerMinute;
    this.clock = clock;
  }

  get requestsPerMinute(): number {
    return this.#requestsPerMinute;
  }

  protected get shape(): BucketShape {
    return bucketShape(this.#requestsPerMinute);
  }

  /** Change the rate (the lowest of the instances sharing the bucket); waiters adapt on waking. */
  setRequestsPerMinute(requestsPerMinute: number): void {
    this.#requestsPerMinute = requestsPerMinute;
  }

  /** Resolve once a token is ours; reject with an AbortError (leaving the line) if `signal` aborts. */
  async take(signal?: AbortSignal): Promise<void> {
    await this.#queue.enter(signal);
    try {
      for (let waitMs = await this.tryTake(); waitMs > 0; waitMs = await this.tryTake()) {
        await this.clock.sleep(waitMs, signal);
      }
    } finally {
      this.#queue.leave();
    }
  }

  /** Release held resources (a Redis connection). */
  async close(): Promise<void> {}

  /** Take one token if there is one (0), else say how many milliseconds until there will be. */
  protected abstract tryTake(): number | Promise<number>;
}
