import type { RateLimitInfo } from '../types.js';
import { parseDurationMs, parseResetTimeMs } from './durations.js';

/** One limit as a response's headers describe it; every field is what the provider sent. */
export interface LimitReport {
  /** The limit per minute (OpenAI, Groq and Anthropic state their limits per minute). */
  limit?: number | undefined;
  /** What is left right now. */
  remaining?: number | undefined;
  /** Milliseconds until the limit is back to its full value. */
  resetMs?: number | undefined;
}

/** What a response's rate-limit headers said about the requests and the tokens limits. */
export interface RateLimitReport {
  requests: LimitReport;
  tokens: LimitReport;
}

// OpenAI, Azure, Groq, Cerebras (`-day`/`-minute` variants are other windows: not read).
const OPENAI_STYLE = {
  requests: [
    'x-ratelimit-limit-requests',
    'x-ratelimit-remaining-requests',
    'x-ratelimit-reset-requests',
  ],
  tokens: ['x-ratelimit-limit-tokens', 'x-ratelimit-remaining-tokens', 'x-ratelimit-reset-tokens'],
} as const;
// Anthropic: resets are RFC 3339 times. `tokens-*` is the most restrictive token limit; the
// input/output pair is read when it is absent.
const ANTHROPIC = {
  requests: [
    'anthropic-ratelimit-requests-limit',
    'anthropic-ratelimit-requests-remaining',
    'anthropic-ratelimit-requests-reset',
  ],
  tokens: [
    'anthropic-ratelimit-tokens-limit',
    'anthropic-ratelimit-tokens-remaining',
    'anthropic-ratelimit-tokens-reset',
  ],
  inputTokens: [
    'anthropic-ratelimit-input-tokens-limit',
    'anthropic-ratelimit-input-tokens-remaining',
    'anthropic-ratelimit-input-tokens-reset',
  ],
} as const;

/**
 * The rate-limit headers of a response (any status), or undefined when it has none. Read once
 * per response by the pipeline, for every provider: OpenAI-style `x-ratelimit-*` (resets as
 * durations: `1s`, `6m0s`, `120ms`, or seconds) and `anthropic-ratelimit-*` (RFC 3339 resets).
 */
export function readRateLimitHeaders(
  headers: Headers,
  now: () => number = Date.now,
): RateLimitReport | undefined {
  if (headers.has(OPENAI_STYLE.requests[1]) || headers.has(OPENAI_STYLE.tokens[1])) {
    return {
      requests: readLimit(headers, OPENAI_STYLE.requests, parseDurationMs),
      tokens: readLimit(headers, OPENAI_STYLE.tokens, parseDurationMs),
    };
  }
  if (headers.has(ANTHROPIC.requests[1]) || headers.has(ANTHROPIC.tokens[1])) {
    const reset = (value: string | null): number | undefined => parseResetTimeMs(value, now);
    const tokens = headers.has(ANTHROPIC.tokens[1]) ? ANTHROPIC.tokens : ANTHROPIC.inputTokens;
    return {
      requests: readLimit(headers, ANTHROPIC.requests, reset),
      tokens: readLimit(headers, tokens, reset),
    };
  }
  return undefined;
}

function readLimit(
  headers: Headers,
  [limit, remaining, reset]: readonly [string, string, string],
  parseReset: (value: string | null) => number | undefined,
): LimitReport {
  return {
    limit: count(headers.get(limit)),
    remaining: count(headers.get(remaining)),
    resetMs: parseReset(headers.get(reset)),
  };
}

function count(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
}

/** The part of a report the caller sees in `onFinish.rateLimit`. */
export function rateLimitInfo(report: RateLimitReport): RateLimitInfo {
  const info: RateLimitInfo = {};
  if (report.requests.remaining !== undefined) info.remainingRequests = report.requests.remaining;
  if (report.tokens.remaining !== undefined) info.remainingTokens = report.tokens.remaining;
  const resets = [report.requests.resetMs, report.tokens.resetMs].filter(
    (ms): ms is number => ms !== undefined,
  );
  if (resets.length > 0) info.resetMs = Math.max(...resets);
  return info;
}
