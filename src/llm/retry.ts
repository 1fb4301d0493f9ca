import { AbortError, ProviderError, type SynapseKitError } from '../errors.js';

/** No backoff step, and no server-requested wait we are willing to honour, is longer. */
export const MAX_RETRY_DELAY_MS = 60_000;

/**
 * Exponential backoff: `retryDelay * 2^retryIndex` seconds minus up to 25 % jitter (so many
 * clients that failed together do not retry together), capped at 60 s.
 */
export function backoffDelayMs(
  retryDelaySeconds: number,
  retryIndex: number,
  random: () => number = Math.random,
): number {
  const base = retryDelaySeconds * 1000 * 2 ** retryIndex;
  return Math.min(base * (1 - 0.25 * random()), MAX_RETRY_DELAY_MS);
}

/**
 * How long to wait before retry number `retryIndex` (0-based), or undefined to stop.
 * A server-requested delay (retry-after-ms, retry-after, Gemini RetryInfo) wins over backoff;
 * one over 60 s stops at once, and the error's `retryAfterMs` lets the caller reschedule.
 */
export function retryDelayFor(
  error: SynapseKitError,
  retryIndex: number,
  maxRetries: number,
  retryDelaySeconds: number,
): number | undefined {
  if (retryIndex >= maxRetries || !error.retryable) return undefined;
  const serverDelay = error instanceof ProviderError ? error.retryAfterMs : undefined;
  if (serverDelay !== undefined) return serverDelay > MAX_RETRY_DELAY_MS ? undefined : serverDelay;
  return backoffDelayMs(retryDelaySeconds, retryIndex);
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
