import type { Usage } from '../../types.js';

interface CohereUsage {
  tokens?: { input_tokens?: number; output_tokens?: number } | null;
  cached_tokens?: number;
}

/**
 * `message-end` usage as our Usage. `usage.tokens` counts everything the model read and wrote
 * (Cohere's own preamble and cache hits included); `billed_units` is a smaller, discounted
 * count and is not used. `cached_tokens` is the cached part of the input.
 */
export function usageFromCohere(raw: unknown): Usage | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const u = raw as CohereUsage;
  const tokens = u.tokens;
  if (typeof tokens?.input_tokens !== 'number' && typeof tokens?.output_tokens !== 'number') {
    return undefined;
  }
  const usage: Usage = {
    input: tokens.input_tokens ?? 0,
    output: tokens.output_tokens ?? 0,
    reported: true,
  };
  if (typeof u.cached_tokens === 'number') usage.cacheRead = u.cached_tokens;
  return usage;
}
