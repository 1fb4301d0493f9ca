import { MAX_RETRY_DELAY_MS } from '../config.js';
import { ProviderError, type SynapseKitError } from '../errors.js';

export { sleep } from '../clock.js';

/**
 * Exponential backoff: `retryDelay * 2^retryIndex` seconds, capped at 60 s, minus up to 25 %
 * jitter. The jitter is applied after the cap so that clients which failed together still
 * spread out once they all reach the cap.
 */
export function backoffDelayMs(
  retryDelaySeconds: number,
  retryIndex: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(retryDelaySeconds * 1000 * 2 ** retryIndex, MAX_RETRY_DELAY_MS);
  return base * (1 - 0.25 * random());
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
  random: () => number = Math.random,
): number | undefined {
  if (retryIndex >= maxRetries || !error.retryable) return undefined;
  const serverDelay = error instanceof ProviderError ? error.retryAfterMs : undefined;
  if (serverDelay !== undefined) return serverDelay > MAX_RETRY_DELAY_MS ? undefined : serverDelay;
  return backoffDelayMs(retryDelaySeconds, retryIndex, random);
}
