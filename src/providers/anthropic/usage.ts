import type { Usage } from '../../types.js';

/** The usage counters Anthropic sends in `message_start.message.usage` and `message_delta.usage`. */
export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

const COUNTERS = [
  'input_tokens',
  'output_tokens',
  'cache_read_input_tokens',
  'cache_creation_input_tokens',
] as const;

/**
 * Combine the counters seen so far with a newer report. `message_start` has the input counts
 * and a provisional output count; `message_delta` has the final output count and, on current
 * API versions, repeats the input counts, which are then preferred (they can differ).
 */
export function mergeAnthropicUsage(seen: AnthropicUsage, next: unknown): AnthropicUsage {
  if (next === null || typeof next !== 'object') return seen;
  const merged = { ...seen };
  for (const counter of COUNTERS) {
    const value = (next as AnthropicUsage)[counter];
    if (typeof value === 'number') merged[counter] = value;
  }
  return merged;
}

/**
 * Anthropic counts as our Usage. `input_tokens` excludes cached prompt tokens, so `input` adds
 * cache reads and cache writes back (all of them are prompt tokens the call consumed), with
 * `cacheRead` / `cacheWrite` as the breakdown. `output_tokens` already includes thinking.
 */
export function usageFromAnthropic(counts: AnthropicUsage): Usage | undefined {
  const { input_tokens, output_tokens, cache_read_input_tokens, cache_creation_input_tokens } =
    counts;
  if (typeof input_tokens !== 'number' && typeof output_tokens !== 'number') return undefined;
  const usage: Usage = {
    input:
      (input_tokens ?? 0) + (cache_read_input_tokens ?? 0) + (cache_creation_input_tokens ?? 0),
    output: output_tokens ?? 0,
    reported: true,
  };
  if (typeof cache_read_input_tokens === 'number') usage.cacheRead = cache_read_input_tokens;
  if (typeof cache_creation_input_tokens === 'number')
    usage.cacheWrite = cache_creation_input_tokens;
  return usage;
}
