import type { ProviderCall } from '../../llm/spec.js';
import { effortWord, noReasoningControl, refuseBoth, refuseBudget } from '../reasoning-options.js';
import type { ChatCompletionsDialect } from './presets.js';

/**
 * The body fields for `reasoning`, in the vendor's control (its dialect's `reasoningControl`):
 * `reasoning_effort`; DeepSeek's `thinking` switch with it; OpenRouter's `reasoning` object
 * with an effort or `max_tokens`. What the vendor cannot express is a ConfigError.
 */
export function chatReasoningFields(
  call: ProviderCall,
  dialect: ChatCompletionsDialect,
): Record<string, unknown> {
  const reasoning = call.reasoning;
  if (reasoning === undefined) return {};
  const provider = dialect.provider;
  const effort =
    reasoning.effort === undefined ? undefined : effortWord(reasoning.effort, dialect.effortWords);
  switch (dialect.reasoningControl) {
    case 'reasoning_effort':
      refuseBudget(provider, reasoning);
      return { reasoning_effort: effort };
    case 'deepseek':
      refuseBudget(provider, reasoning);
      return { thinking: { type: 'enabled' }, reasoning_effort: effort };
    case 'openrouter':
      refuseBoth(provider, reasoning);
      return {
        reasoning: effort !== undefined ? { effort } : { max_tokens: reasoning.budgetTokens },
      };
    default:
      throw noReasoningControl(provider, 'its reasoning models are chosen by model id');
  }
}
