import type { CooldownOptions } from './options.js';

/**
 * Where a router keeps each model's recent failures and cooldowns. Memory: this router's own.
 * Redis: shared by every process using the same Redis ({@link RedisCooldowns}).
 */
export interface Cooldowns {
  /** Milliseconds left of the model's cooldown; 0 when it may be tried. */
  remainingMs(model: string): number | Promise<number>;
  /** A call of the model failed (in a way that falls back): count it, maybe start a cooldown. */
  recordFailure(model: string): void | Promise<void>;
  close(): Promise<void>;
}

/** Cooldowns in this process, for one router. */
export class MemoryCooldowns implements Cooldowns {
  readonly #options: CooldownOptions;
  readonly #now: () => number;
  readonly #failures = new Map<string, number[]>();
  readonly #until = new Map<string, number>();

  constructor(options: CooldownOptions, now: () => number = () => performance.now()) {
    this.#options = options;
    this.#now = now;
  }

  remainingMs(model: string): number {
    return Math.max(0, (this.#until.get(model) ?? 0) - this.#now());
  }

  recordFailure(model: string): void {
    const now = this.#now();
    const windowStart = now - this.#options.windowSeconds * 1000;
    const recent = (this.#failures.get(model) ?? []).filter((at) => at > windowStart);
    recent.push(now);
    if (recent.length >= this.#options.failures) {
      // A cooldown starts the count afresh: the model gets `failures` more chances after it.
      this.#until.set(model, now + this.#options.seconds * 1000);
      this.#failures.delete(model);
    } else {
      this.#failures.set(model, recent);
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
