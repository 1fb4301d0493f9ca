/**
 * What Claude's Messages API requires around reasoning and sampling, shared by the two
 * protocols that reach Claude: Anthropic's own API and Bedrock (which tunnels the same fields
 * through `additionalModelRequestFields`).
 */
import { ConfigError } from '../errors.js';
import type { ProviderCall } from '../llm/spec.js';
import type { ProviderName } from '../types.js';
import { effortWord } from './reasoning-options.js';

/** The smallest thinking budget the API accepts. */
export const MIN_THINKING_BUDGET = 1024;

/** The `reasoning` option as Claude's fields, and the `max_tokens` to send beside them. */
export interface ClaudeThinking {
  /** `thinking` (a budget, or adaptive), and `output_config.effort` when an effort was given. */
  fields: Record<string, unknown>;
  /** The call's `maxTokens`, raised when the budget would not fit below it. */
  maxTokens: number;
}

/**
 * `reasoning` for Claude: a budget is `thinking: { type: 'enabled', budget_tokens }` (at least
 * 1024, else a ConfigError); an effort alone is adaptive thinking with `output_config.effort`
 * (`minimal` is `low`, Claude's lowest); both send both. The API wants the budget below
 * `max_tokens` (thinking counts toward it): a budget of `maxTokens` or more raises `max_tokens`
 * to budget + `maxTokens`, so the answer keeps the room it was given. Undefined without
 * `reasoning`.
 */
export function claudeThinking(
  provider: ProviderName,
  call: Pick<
    ProviderCall,
    'reasoning' | 'maxTokens' | 'temperature' | 'temperatureIsDefault' | 'topP'
  >,
): ClaudeThinking | undefined {
  const reasoning = call.reasoning;
  if (reasoning === undefined) return undefined;
  const budget = reasoning.budgetTokens;
  if (budget !== undefined && budget < MIN_THINKING_BUDGET) {
    throw new ConfigError(
      `${provider}: Claude's extended thinking needs reasoning.budgetTokens of at least ` +
        `${MIN_THINKING_BUDGET} (got ${budget}).`,
      'reasoning.budgetTokens',
    );
  }
  checkSamplingWithThinking(provider, call);
  const fields: Record<string, unknown> = {
    thinking:
      budget === undefined ? { type: 'adaptive' } : { type: 'enabled', budget_tokens: budget },
  };
  if (reasoning.effort !== undefined) {
    fields.output_config = { effort: effortWord(reasoning.effort, { minimal: 'low' }) };
  }
  const maxTokens =
    budget !== undefined && budget >= call.maxTokens ? budget + call.maxTokens : call.maxTokens;
  return { fields, maxTokens };
}

/** The lowest `top_p` the API accepts with thinking on. */
const MIN_TOP_P_WITH_THINKING = 0.95;

/**
 * With thinking on, the API refuses any temperature but 1 and a `top_p` below 0.95: asked for
 * explicitly, they are a ConfigError here rather than the API's 400 after the request.
 */
function checkSamplingWithThinking(
  provider: ProviderName,
  call: Pick<ProviderCall, 'temperature' | 'temperatureIsDefault' | 'topP'>,
): void {
  const explicitTemperature = call.temperatureIsDefault !== true ? call.temperature : undefined;
  if (explicitTemperature !== undefined && explicitTemperature !== 1) {
    throw new ConfigError(
      `${provider}: Claude refuses temperature ${explicitTemperature} with thinking on ` +
        '(reasoning): leave temperature out (or set it to 1), or drop reasoning.',
      'temperature',
    );
  }
  if (call.topP !== undefined && call.topP < MIN_TOP_P_WITH_THINKING) {
    throw new ConfigError(
      `${provider}: Claude takes top_p only from ${MIN_TOP_P_WITH_THINKING} to 1 with thinking ` +
        `on (reasoning); got ${call.topP}. Leave topP out, or drop reasoning.`,
      'topP',
    );
  }
}

/**
 * Whether the temperature goes in the request. The default one is left out beside `top_p`
 * (newer Claude models refuse the two together) and with thinking on (the API then refuses
 * any temperature change); an explicit one is always sent, and the API's 400 says why.
 */
export function claudeSendsTemperature(call: ProviderCall, thinkingOn: boolean): boolean {
  if (call.temperature === undefined) return false;
  return !(call.temperatureIsDefault === true && (call.topP !== undefined || thinkingOn));
}
