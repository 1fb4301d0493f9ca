import { systemClock, type Clock } from '../clock.js';
import { TokenBucket, type BucketShape, type TakeRequest } from './bucket.js';

// Refill arithmetic in floating point can land a hair below a whole token after the exact wait.
const EPSILON = 1e-9;

/**
 * The token bucket of one process. Starts full. Without a known limit it grants at once (but
 * still honours a pause); a limit learned later starts from full until the provider says how
 * much is left (`clamp`).
 */
export class MemoryTokenBucket extends TokenBucket {
  #tokens = Infinity;
  #updatedAt: number;
  #pausedUntil = 0;

  constructor(
    perMinute: number | undefined,
    clock: Clock = systemClock,
    learned?: () => BucketShape | undefined,
  ) {
    super(perMinute, clock, learned);
    this.#updatedAt = clock.now();
  }

  override setPerMinute(perMinute: number): void {
    this.#refill(); // tokens earned so far were earned at the old rate
    super.setPerMinute(perMinute);
    this.#refill();
  }

  override grantsAtOnce(): boolean {
    return this.shape === undefined && this.lineIsEmpty && this.clock.now() >= this.#pausedUntil;
  }

  /** Public here: the Redis bucket falls back to it when Redis cannot be reached. */
  override tryTake({ need, take }: TakeRequest): number {
    const shape = this.#refill();
    const now = this.clock.now();
    if (now < this.#pausedUntil) return Math.max(1, Math.ceil(this.#pausedUntil - now));
    if (!shape) return 0;
    if (this.#tokens >= need - EPSILON) {
      this.#tokens -= take;
      return 0;
    }
    return Math.max(1, Math.ceil((need - this.#tokens) / shape.refillPerMs));
  }

  override charge(tokens: number): void {
    const shape = this.#refill();
    // A negative charge gives back what a call held beyond its use: never above the capacity.
    this.#tokens = Math.min(shape?.capacity ?? Infinity, this.#tokens - tokens);
  }

  override pause(ms: number): void {
    this.#refill();
    this.#pausedUntil = Math.max(this.#pausedUntil, this.clock.now() + ms);
    this.#tokens = Math.min(this.#tokens, 0);
  }

  override clamp(remaining: number, slack: number): void {
    this.#refill();
    if (remaining + slack <= this.#tokens) this.#tokens = remaining;
  }

  /** Add what was earned since the last update, up to the capacity; the shape in force. */
  #refill(): BucketShape | undefined {
    const now = this.clock.now();
    const shape = this.shape;
    if (shape) {
      const earned = Math.max(0, now - this.#updatedAt) * shape.refillPerMs;
      this.#tokens = Math.min(shape.capacity, this.#tokens + earned);
    }
    this.#updatedAt = Math.max(this.#updatedAt, now);
    return shape;
  }
}
