import { systemClock, type Clock } from '../clock.js';
import { TokenBucket } from './bucket.js';

// Refill arithmetic in floating point can land a hair below a whole token after the exact wait.
const EPSILON = 1e-9;

/**
 * The token bucket of one process. Starts full; refilling starts `refillDelayMs` after
 * creation (see REFILL_DELAY_MS in registry.ts for why).
 */
export class MemoryTokenBucket extends TokenBucket {
  #tokens: number;
  #updatedAt: number;

  constructor(requestsPerMinute: number, clock: Clock = systemClock, refillDelayMs = 0) {
    super(requestsPerMinute, clock);
    this.#tokens = this.shape.capacity;
    this.#updatedAt = clock.now() + refillDelayMs;
  }

  override setRequestsPerMinute(requestsPerMinute: number): void {
    this.#refill(); // tokens earned so far were earned at the old rate
    super.setRequestsPerMinute(requestsPerMinute);
    this.#tokens = Math.min(this.#tokens, this.shape.capacity);
  }

  /** Public here: the Redis bucket falls back to it one token at a time. */
  override tryTake(): number {
    this.#refill();
    if (this.#tokens >= 1 - EPSILON) {
      this.#tokens = Math.max(0, this.#tokens - 1);
      return 0;
    }
    return Math.max(1, Math.ceil((1 - this.#tokens) / this.shape.refillPerMs));
  }

  #refill(): void {
    const now = this.clock.now();
    if (now <= this.#updatedAt) return; // still inside the refill delay
    const { refillPerMs, capacity } = this.shape;
    this.#tokens = Math.min(capacity, this.#tokens + (now - this.#updatedAt) * refillPerMs);
    this.#updatedAt = now;
  }
}
