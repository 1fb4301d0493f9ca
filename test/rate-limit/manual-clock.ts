import { AbortError } from '../../src/errors.js';
import type { Clock } from '../../src/clock.js';

interface Sleeper {
  wakeAt: number;
  resolve: () => void;
}

/** A clock that moves only when the test says so: timing logic without real waits. */
export class ManualClock implements Clock {
  #now = 0;
  readonly #sleepers: Sleeper[] = [];

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new AbortError());
    return new Promise((resolve, reject) => {
      const sleeper: Sleeper = {
        wakeAt: this.#now + ms,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        const index = this.#sleepers.indexOf(sleeper);
        if (index >= 0) this.#sleepers.splice(index, 1);
        reject(new AbortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#sleepers.push(sleeper);
    });
  }

  /** Move time forward in 1 ms steps, waking sleepers on time and letting their work run. */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    await settle();
    while (this.#now < end) {
      this.#now = Math.min(end, this.#now + 1);
      const due = this.#sleepers.filter((sleeper) => sleeper.wakeAt <= this.#now);
      for (const sleeper of due) {
        this.#sleepers.splice(this.#sleepers.indexOf(sleeper), 1);
        sleeper.resolve();
      }
      if (due.length > 0) await settle();
    }
  }
}

/** Let every pending promise callback run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
