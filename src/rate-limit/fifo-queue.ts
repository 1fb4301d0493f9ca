import { AbortError } from '../errors.js';

interface Waiter {
  resolve: () => void;
  reject: (error: AbortError) => void;
  detach: () => void;
}

/**
 * A first-come, first-served line with one place at the counter. `enter` resolves when it is
 * the caller's turn; `leave` hands the counter to the next in line. A waiter whose signal
 * aborts leaves the line at once with an AbortError and never holds the counter.
 */
export class FifoQueue {
  #busy = false;
  readonly #line: Waiter[] = [];

  /** Nobody is at the counter or in line. */
  get idle(): boolean {
    return !this.#busy;
  }

  enter(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new AbortError(undefined, { cause: signal.reason }));
    if (!this.#busy) {
      this.#busy = true;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.#line.indexOf(waiter);
        if (index >= 0) this.#line.splice(index, 1);
        reject(new AbortError(undefined, { cause: signal?.reason }));
      };
      const waiter: Waiter = {
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#line.push(waiter);
    });
  }

  leave(): void {
    const next = this.#line.shift();
    if (!next) {
      this.#busy = false;
      return;
    }
    next.detach();
    next.resolve();
  }
}
