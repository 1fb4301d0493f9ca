import type { Clock } from '../clock.js';
import { FifoQueue } from './fifo-queue.js';

/** A bucket's refill per millisecond and the most it holds. */
export interface BucketShape {
  /** Tokens added per millisecond: perMinute / 60,000. */
  refillPerMs: number;
  /** The most it holds. */
  capacity: number;
}

/**
 * The bucket of the README's rate-limit section for a rate the user gave (requests or tokens
 * per minute): refilled at perMinute / 60 per second, holding one second's worth (at least
 * one), so a client never bursts a minute's quota at once.
 */
export function bucketShape(perMinute: number): BucketShape {
  return {
    refillPerMs: perMinute / 60_000,
    capacity: Math.max(1, Math.ceil(perMinute / 60)),
  };
}

/** The stricter of two shapes (the lower rate, the smaller burst); undefined: no limit known. */
export function stricter(
  a: BucketShape | undefined,
  b: BucketShape | undefined,
): BucketShape | undefined {
  if (!a || !b) return a ?? b;
  return {
    refillPerMs: Math.min(a.refillPerMs, b.refillPerMs),
    capacity: Math.min(a.capacity, b.capacity),
  };
}

/** What a take asks of the bucket. */
export interface TakeRequest {
  /** Tokens that must be in the bucket: 1 for a request; any above zero for a call's tokens. */
  need: number;
  /** Tokens taken when it is granted: 1 for a request; what a call is expected to use. */
  take: number;
}

/** One request: a whole token needed and taken. */
export const ONE_REQUEST: TakeRequest = { need: 1, take: 1 };

/**
 * A token bucket whose waiters are served in arrival order. Its shape is the stricter of the
 * rate the user gave (`perMinute`) and what the provider's headers taught (`learned`); with
 * neither it grants at once. Besides taking, it can be charged (tokens used by a call that
 * ended), paused (a 429 said to wait) and clamped (the provider said less is left). Subclasses
 * say how to do each on their state (`tryTake` and friends); the line, the sleeping and the
 * abort handling live here, so the in-memory and Redis buckets behave alike.
 */
export abstract class TokenBucket {
  readonly #queue = new FifoQueue();
  protected readonly clock: Clock;
  #perMinute: number | undefined;
  readonly #learned: () => BucketShape | undefined;

  /**
   * @param perMinute The user's rate (requests or tokens per minute), or undefined for none.
   * @param learned The provider's limit as its headers described it, read at each take.
   */
  constructor(
    perMinute: number | undefined,
    clock: Clock,
    learned: () => BucketShape | undefined = () => undefined,
  ) {
    this.#perMinute = perMinute;
    this.clock = clock;
    this.#learned = learned;
  }

  /** The user's rate, or undefined when only the provider's limit (if any) applies. */
  get perMinute(): number | undefined {
    return this.#perMinute;
  }

  /** The shape in force now; undefined when no limit is known. */
  get shape(): BucketShape | undefined {
    const given = this.#perMinute === undefined ? undefined : bucketShape(this.#perMinute);
    return stricter(given, this.#learned());
  }

  /** Change the user's rate (the lowest of the instances sharing the bucket). */
  setPerMinute(perMinute: number): void {
    this.#perMinute = perMinute;
  }

  /**
   * True when a take would be granted at once with nobody waiting (no limit known, not paused):
   * the caller may skip `take` and its line. Only an in-memory bucket can tell without I/O.
   */
  grantsAtOnce(): boolean {
    return false;
  }

  /** Nobody is taking or waiting. */
  protected get lineIsEmpty(): boolean {
    return this.#queue.idle;
  }

  /** Resolve once granted (in arrival order); reject with an AbortError, leaving the line, if `signal` aborts. */
  async take(signal?: AbortSignal, request: TakeRequest = ONE_REQUEST): Promise<void> {
    await this.#queue.enter(signal);
    try {
      for (
        let waitMs = await this.tryTake(request);
        waitMs > 0;
        waitMs = await this.tryTake(request)
      ) {
        await this.clock.sleep(waitMs, signal);
      }
    } finally {
      this.#queue.leave();
    }
  }

  /** Release held resources (a Redis connection). */
  async close(): Promise<void> {}

  /** Grant at once (0), or say how many milliseconds until it could be granted. */
  protected abstract tryTake(request: TakeRequest): number | Promise<number>;

  /**
   * Take `tokens` out (it may go below zero): what a call reported using, once it ended, less
   * what it held. A negative number gives tokens back (never above the capacity).
   */
  abstract charge(tokens: number): void | Promise<void>;

  /** Grant nothing for `ms` and count the bucket empty: the provider said to wait. */
  abstract pause(ms: number): void | Promise<void>;

  /**
   * The provider says `remaining` are left: lower the bucket to that when it holds at least
   * `slack` more (so small timing differences between the two clocks are not corrected each time).
   */
  abstract clamp(remaining: number, slack: number): void | Promise<void>;
}
