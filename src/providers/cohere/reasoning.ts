import type { ProviderCall } from '../../llm/spec.js';
import { refuseEffort } from '../reasoning-options.js';

/**
 * `thinking` for `reasoning`: on, with the budget as `token_budget`. Cohere has no effort
 * levels, so an effort is a ConfigError rather than a silently ignored setting.
 */
export function cohereThinkingFields(call: ProviderCall): Record<string, unknown> {
  const reasoning = call.reasoning;
  if (reasoning === undefined) return {};
  refuseEffort('cohere', reasoning);
  return { thinking: { type: 'enabled', token_budget: reasoning.budgetTokens } };
}
