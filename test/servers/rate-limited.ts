import type { RecordedRequest, ScriptedResponse } from './replay-server.js';

/** What a {@link rateLimitedServer} answered. */
export interface RateLimitedStats {
  allowed: number;
  limited: number;
  /** performance.now() of the first request and of the last one allowed. */
  firstAt: number | undefined;
  lastAllowedAt: number | undefined;
}

/**
 * A provider's requests limit as OpenAI enforces and reports it: a token bucket refilled at
 * `perMinute / 60_000` per ms that holds `burst` requests, every answer carrying
 * `x-ratelimit-limit/remaining/reset-requests` (the reset a Go duration, time until full), and
 * each 429 a `retry-after-ms` (the time until one request is available).
 *
 * `timeScale` shrinks time by that factor while keeping every ratio (requests over the limit,
 * callers over the burst): the bucket refills `timeScale` times faster, and the headers state
 * the limit per minute at that speed, as a provider with a `timeScale` times higher limit would.
 */
export function rateLimitedServer(options: {
  perMinute: number;
  burst: number;
  timeScale?: number;
  answer: () => ScriptedResponse;
}): { respond: (request: RecordedRequest) => ScriptedResponse; stats: RateLimitedStats } {
  const scale = options.timeScale ?? 1;
  const statedPerMinute = options.perMinute * scale;
  const perMs = statedPerMinute / 60_000;
  const capacity = options.burst;
  let tokens = capacity;
  let updatedAt = performance.now();
  const stats: RateLimitedStats = {
    allowed: 0,
    limited: 0,
    firstAt: undefined,
    lastAllowedAt: undefined,
  };
  const respond = (): ScriptedResponse => {
    const now = performance.now();
    stats.firstAt ??= now;
    tokens = Math.min(capacity, tokens + (now - updatedAt) * perMs);
    updatedAt = now;
    const allowed = tokens >= 1;
    if (allowed) {
      tokens -= 1;
      stats.allowed++;
      stats.lastAllowedAt = now;
    } else {
      stats.limited++;
    }
    const headers = {
      'x-ratelimit-limit-requests': String(statedPerMinute),
      'x-ratelimit-remaining-requests': String(Math.floor(tokens)),
      'x-ratelimit-reset-requests': `${Math.ceil((capacity - tokens) / perMs)}ms`,
    };
    if (allowed) {
      const answer = options.answer();
      return { ...answer, headers: { ...answer.headers, ...headers } };
    }
    return {
      status: 429,
      headers: {
        'content-type': 'application/json',
        ...headers,
        'retry-after-ms': String(Math.ceil((1 - tokens) / perMs)),
      },
      body: JSON.stringify({
        error: {
          message: 'Rate limit reached for requests',
          type: 'requests',
          code: 'rate_limit_exceeded',
        },
      }),
    };
  };
  return { respond, stats };
}
