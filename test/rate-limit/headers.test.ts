import { describe, expect, it } from 'vitest';
import { parseDurationMs, parseResetTimeMs } from '../../src/rate-limit/durations.js';
import { rateLimitInfo, readRateLimitHeaders } from '../../src/rate-limit/headers.js';

describe('rate-limit header durations', () => {
  it.each([
    ['1s', 1_000],
    ['6m0s', 360_000],
    ['120ms', 120],
    ['2m59.56s', 179_560],
    ['1h2m3.5s', 3_723_500],
    ['7.66s', 7_660],
    ['500us', 0.5],
    ['20', 20_000],
    ['0.5', 500],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBeCloseTo(ms, 6);
  });

  it.each(['', 'soon', '1 s', '-1s', '1d', 's1'])('%j is unreadable', (text) => {
    expect(parseDurationMs(text)).toBeUndefined();
  });

  it('RFC 3339 times are read against the wall clock; the past is 0', () => {
    const now = (): number => Date.UTC(2026, 11, 1, 10, 0, 0);
    expect(parseResetTimeMs('2026-12-01T10:00:30Z', now)).toBe(30_000);
    expect(parseResetTimeMs('2026-12-01T11:00:30+01:00', now)).toBe(30_000);
    expect(parseResetTimeMs('2026-12-01T09:59:00Z', now)).toBe(0);
    expect(parseResetTimeMs('12', now)).toBeUndefined();
  });
});

describe('readRateLimitHeaders', () => {
  it('OpenAI-style x-ratelimit-*', () => {
    const report = readRateLimitHeaders(
      new Headers({
        'x-ratelimit-limit-requests': '500',
        'x-ratelimit-remaining-requests': '499',
        'x-ratelimit-reset-requests': '120ms',
        'x-ratelimit-limit-tokens': '30000',
        'x-ratelimit-remaining-tokens': '29000',
        'x-ratelimit-reset-tokens': '2m0s',
      }),
    );
    expect(report).toEqual({
      requests: { limit: 500, remaining: 499, resetMs: 120 },
      tokens: { limit: 30000, remaining: 29000, resetMs: 120_000 },
    });
    expect(rateLimitInfo(report!)).toEqual({
      remainingRequests: 499,
      remainingTokens: 29000,
      resetMs: 120_000,
    });
  });

  it('Anthropic anthropic-ratelimit-* with RFC 3339 resets; input tokens when tokens-* is absent', () => {
    const now = (): number => Date.UTC(2026, 11, 1, 10, 0, 0);
    const report = readRateLimitHeaders(
      new Headers({
        'anthropic-ratelimit-requests-limit': '50',
        'anthropic-ratelimit-requests-remaining': '49',
        'anthropic-ratelimit-requests-reset': '2026-12-01T10:00:01Z',
        'anthropic-ratelimit-input-tokens-limit': '40000',
        'anthropic-ratelimit-input-tokens-remaining': '39000',
        'anthropic-ratelimit-input-tokens-reset': '2026-12-01T10:00:02Z',
      }),
      now,
    );
    expect(report).toEqual({
      requests: { limit: 50, remaining: 49, resetMs: 1_000 },
      tokens: { limit: 40000, remaining: 39000, resetMs: 2_000 },
    });
  });

  it('no rate-limit headers: undefined', () => {
    expect(
      readRateLimitHeaders(new Headers({ 'content-type': 'text/event-stream' })),
    ).toBeUndefined();
  });
});
