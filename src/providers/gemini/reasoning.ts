import type { ProviderCall } from '../../llm/spec.js';
import { refuseBoth } from '../reasoning-options.js';

/**
 * `generationConfig.thinkingConfig` for `reasoning`: a budget is `thinkingBudget` (Gemini 2.5),
 * an effort is `thinkingLevel` (Gemini 3: MINIMAL, LOW, MEDIUM, HIGH); Gemini refuses both at
 * once, so both are a ConfigError. `includeThoughts` makes the thought summaries stream, as
 * reasoning events. Undefined without `reasoning`.
 */
export function geminiThinkingConfig(call: ProviderCall): Record<string, unknown> | undefined {
  const reasoning = call.reasoning;
  if (reasoning === undefined) return undefined;
  refuseBoth('gemini', reasoning);
  return {
    includeThoughts: true,
    ...(reasoning.budgetTokens !== undefined ? { thinkingBudget: reasoning.budgetTokens } : {}),
    ...(reasoning.effort !== undefined ? { thinkingLevel: reasoning.effort.toUpperCase() } : {}),
  };
}
