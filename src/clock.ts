import { AbortError } from './errors.js';

/**
 * Time as the retry loop and the rate limiter see it. Injected in tests so timing logic can be
 * checked without real waits; everything else uses `systemClock`.
 */
export interface Clock {
  /** Milliseconds on a monotonic clock (only differences matter). */
  now(): number;
  /** Wait `ms`, or reject with an AbortError as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Wait `ms`, or reject with an AbortError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortError(undefined, { cause: signal.reason }));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortError(undefined, { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Real time: `performance.now()` (wall-clock jumps cannot stretch or skip a wait) and timers. */
export const systemClock: Clock = {
  now: () => performance.now(),
  sleep,
};
