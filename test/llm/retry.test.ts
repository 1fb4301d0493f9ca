import { describe, expect, it } from 'vitest';
import {
  AbortError,
  AuthenticationError,
  ConnectionError,
  ProviderError,
  RateLimitError,
  TimeoutError,
} from '../../src/errors.js';
import { MAX_RETRY_DELAY_MS } from '../../src/config.js';
import { backoffDelayMs, retryDelayFor } from '../../src/llm/retry.js';
import { retryAfterFromHeaders } from '../../src/transport/errors.js';

const serverError = (retryAfterMs?: number): ProviderError =>
  new ProviderError('HTTP 503', { provider: 'openai', status: 503, retryable: true, retryAfterMs });

describe('backoff delay', () => {
  it('is retryDelay * 2^n without jitter at random() = 0', () => {
    expect([0, 1, 2, 3].map((n) => backoffDelayMs(0.1, n, () => 0))).toEqual([100, 200, 400, 800]);
  });

  it('jitter takes off at most 25 %', () => {
    expect(backoffDelayMs(1, 0, () => 0.5)).toBe(875);
    expect(backoffDelayMs(1, 0, () => 0.999999)).toBeCloseTo(750, 3);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelayMs(1, 2);
      expect(delay).toBeGreaterThan(3_000);
      expect(delay).toBeLessThanOrEqual(4_000);
    }
  });

  it('is capped at 60 s, and the jitter still spreads clients at the cap', () => {
    expect(backoffDelayMs(1, 10, () => 0)).toBe(MAX_RETRY_DELAY_MS);
    expect(backoffDelayMs(1, 10, () => 1)).toBe(45_000);
    expect(backoffDelayMs(1, 2_000, () => 0)).toBe(MAX_RETRY_DELAY_MS); // 2^2000 is Infinity
  });

  it('is 0 with retryDelay 0', () => {
    expect(backoffDelayMs(0, 3)).toBe(0);
  });
});

describe('retryDelayFor', () => {
  const noJitter = (): number => 0;

  it('retries a retryable error until maxRetries extra attempts were made', () => {
    const error = serverError();
    expect(retryDelayFor(error, 0, 2, 0.5, noJitter)).toBe(500);
    expect(retryDelayFor(error, 1, 2, 0.5, noJitter)).toBe(1_000);
    expect(retryDelayFor(error, 2, 2, 0.5, noJitter)).toBeUndefined();
    expect(retryDelayFor(error, 0, 0, 0.5, noJitter)).toBeUndefined();
  });

  it('a server-requested delay wins over backoff, without jitter', () => {
    expect(retryDelayFor(serverError(1_234), 3, 5, 1, () => 0.9)).toBe(1_234);
    expect(retryDelayFor(serverError(0), 0, 1, 1, noJitter)).toBe(0);
    expect(retryDelayFor(serverError(60_000), 0, 1, 1, noJitter)).toBe(60_000);
  });

  it('a server-requested delay over 60 s stops retrying at once', () => {
    expect(retryDelayFor(serverError(60_001), 0, 5, 1, noJitter)).toBeUndefined();
  });

  it('never retries what cannot succeed later', () => {
    const auth = new AuthenticationError('401', {
      provider: 'openai',
      status: 401,
      retryable: false,
    });
    const quota = new RateLimitError('429', { provider: 'openai', status: 429, retryable: false });
    expect(retryDelayFor(auth, 0, 3, 0, noJitter)).toBeUndefined();
    expect(retryDelayFor(quota, 0, 3, 0, noJitter)).toBeUndefined();
    expect(retryDelayFor(new AbortError(), 0, 3, 0, noJitter)).toBeUndefined();
  });

  it('retries connection errors and timeouts', () => {
    const reset = new ConnectionError('reset', { provider: 'openai', retryable: true });
    expect(retryDelayFor(reset, 0, 1, 0.2, noJitter)).toBe(200);
    expect(retryDelayFor(new TimeoutError('slow', 400), 0, 1, 0.2, noJitter)).toBe(200);
  });
});

describe('server-requested delay headers', () => {
  const NOW = Date.parse('2026-01-01T00:00:00Z');
  const read = (headers: Record<string, string>): number | undefined =>
    retryAfterFromHeaders(new Headers(headers), () => NOW);

  it('retry-after-ms (float milliseconds) wins over retry-after', () => {
    expect(read({ 'retry-after-ms': '400', 'retry-after': '30' })).toBe(400);
    expect(read({ 'retry-after-ms': '12.5' })).toBe(12.5);
  });

  it('retry-after in seconds, fractions allowed', () => {
    expect(read({ 'retry-after': '1' })).toBe(1_000);
    expect(read({ 'retry-after': ' 2.5 ' })).toBe(2_500);
    expect(read({ 'retry-after': '120' })).toBe(120_000);
  });

  it('retry-after as an HTTP date, relative to now; a past date means now', () => {
    expect(read({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' })).toBe(7_000);
    expect(read({ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' })).toBe(0);
  });

  it('ignores negative, empty and unreadable values', () => {
    expect(read({ 'retry-after': '-1' })).toBeUndefined();
    expect(read({ 'retry-after': '' })).toBeUndefined();
    expect(read({ 'retry-after': 'soon' })).toBeUndefined();
    expect(read({ 'retry-after-ms': '-5' })).toBeUndefined();
    expect(read({ 'retry-after-ms': 'abc', 'retry-after': '3' })).toBe(3_000);
    expect(read({})).toBeUndefined();
  });
});
