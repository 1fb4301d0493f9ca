import type { ProviderCall } from '../../llm/spec.js';
import type { ReasoningEffort } from '../../reasoning.js';
import { effortWord, refuseBudget } from '../reasoning-options.js';

/**
 * `think` for `reasoning`: the effort as Ollama's level (`low`, `medium`, `high`; `minimal` is
 * `low`). Ollama has no thinking budget, so a budget is a ConfigError.
 */
export function ollamaThinkField(call: ProviderCall): Record<string, unknown> {
  const reasoning = call.reasoning;
  if (reasoning === undefined) return {};
  refuseBudget('ollama', reasoning);
  // Without a budget, the checked option has an effort.
  return { think: effortWord(reasoning.effort as ReasoningEffort, { minimal: 'low' }) };
}
