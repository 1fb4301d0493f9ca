import type { Usage } from '../../types.js';

interface BedrockUsage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

/**
 * The `metadata` event's usage as our Usage. Bedrock's `inputTokens` counts only the prompt
 * tokens that were neither read from nor written to the prompt cache (as Anthropic's
 * `input_tokens` does), so `input` adds the two cache counts back: `input` is every prompt
 * token, with `cacheRead` / `cacheWrite` as the breakdown. `outputTokens` already includes
 * reasoning.
 */
export function usageFromBedrock(raw: unknown): Usage | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const u = raw as BedrockUsage;
  if (typeof u.inputTokens !== 'number' && typeof u.outputTokens !== 'number') return undefined;
  const cacheRead = numberOrUndefined(u.cacheReadInputTokens);
  const cacheWrite = numberOrUndefined(u.cacheWriteInputTokens);
  const usage: Usage = {
    input: (u.inputTokens ?? 0) + (cacheRead ?? 0) + (cacheWrite ?? 0),
    output: u.outputTokens ?? 0,
    reported: true,
  };
  if (cacheRead !== undefined) usage.cacheRead = cacheRead;
  if (cacheWrite !== undefined) usage.cacheWrite = cacheWrite;
  return usage;
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
