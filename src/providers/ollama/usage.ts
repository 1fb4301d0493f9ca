import type { Usage } from '../../types.js';

/**
 * Usage from the `done: true` line. Ollama omits a count that is zero (Go `omitempty`), e.g.
 * `prompt_eval_count` on a full prompt-cache hit, so a missing count is 0 as long as the other
 * one is there; a line with neither reported nothing.
 */
export function usageFromOllama(line: {
  prompt_eval_count?: unknown;
  eval_count?: unknown;
}): Usage | undefined {
  const input = line.prompt_eval_count;
  const output = line.eval_count;
  if (typeof input !== 'number' && typeof output !== 'number') return undefined;
  return {
    input: typeof input === 'number' ? input : 0,
    output: typeof output === 'number' ? output : 0,
    reported: true,
  };
}
