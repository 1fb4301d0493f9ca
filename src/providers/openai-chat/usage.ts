import type { Usage } from '../../types.js';

interface OpenAIUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
  /** DeepSeek's name for cached prompt tokens. */
  prompt_cache_hit_tokens?: number;
  /** Together's name for cached prompt tokens. */
  cached_tokens?: number;
  /**
   * SGLang's reasoning count (its `UsageInfo` puts it beside the totals, not in
   * `completion_tokens_details`); servers built on SGLang send it, e.g. the Azure DeepSeek
   * deployment in the recordings. It is part of `completion_tokens`, as OpenAI's is. SGLang
   * sends 0 when it did not count reasoning, so a 0 here is what was reported, not proof
   * that there was none.
   */
  reasoning_tokens?: number;
}

/**
 * Chat Completions usage as our Usage. `prompt_tokens` already includes cached tokens and
 * `completion_tokens` already includes reasoning, so both are taken as they are.
 */
export function usageFromOpenAI(raw: unknown): Usage | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const u = raw as OpenAIUsage;
  if (typeof u.prompt_tokens !== 'number' && typeof u.completion_tokens !== 'number')
    return undefined;
  const usage: Usage = {
    input: u.prompt_tokens ?? 0,
    output: u.completion_tokens ?? 0,
    reported: true,
  };
  const cacheRead =
    u.prompt_tokens_details?.cached_tokens ?? u.prompt_cache_hit_tokens ?? u.cached_tokens;
  if (typeof cacheRead === 'number') usage.cacheRead = cacheRead;
  const reasoning = u.completion_tokens_details?.reasoning_tokens ?? u.reasoning_tokens;
  if (typeof reasoning === 'number') usage.reasoning = reasoning;
  return usage;
}
