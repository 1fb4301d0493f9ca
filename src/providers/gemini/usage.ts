import type { Usage } from '../../types.js';

interface GeminiUsageMetadata {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
  cachedContentTokenCount?: number;
}

/**
 * `usageMetadata` as our Usage. `candidatesTokenCount` leaves out the thinking tokens, which
 * are billed as output too, so `output` adds `thoughtsTokenCount` back (also given as
 * `reasoning`). `promptTokenCount` already includes cached content (`cacheRead`).
 */
export function usageFromGemini(raw: unknown): Usage | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const u = raw as GeminiUsageMetadata;
  if (typeof u.promptTokenCount !== 'number' && typeof u.candidatesTokenCount !== 'number') {
    return undefined;
  }
  const thoughts = typeof u.thoughtsTokenCount === 'number' ? u.thoughtsTokenCount : undefined;
  const usage: Usage = {
    input: u.promptTokenCount ?? 0,
    output: (u.candidatesTokenCount ?? 0) + (thoughts ?? 0),
    reported: true,
  };
  if (typeof u.cachedContentTokenCount === 'number') usage.cacheRead = u.cachedContentTokenCount;
  if (thoughts !== undefined) usage.reasoning = thoughts;
  return usage;
}
