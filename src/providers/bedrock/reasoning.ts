import { ConfigError } from '../../errors.js';
import type { ProviderCall } from '../../llm/spec.js';
import type { ReasoningEffort } from '../../reasoning.js';
import { claudeThinking } from '../claude.js';
import { effortWord, refuseBudget } from '../reasoning-options.js';

/** Claude on Bedrock: `anthropic.claude-...`, inference profiles `us.anthropic...`, ARNs. */
export function isClaudeModel(model: string): boolean {
  return /anthropic\.|claude/i.test(model);
}

/**
 * Converse has no common reasoning field: each model family reads its own from
 * `additionalModelRequestFields`. Claude takes Anthropic's `thinking` / `output_config` (and
 * `maxTokens` is raised above a large budget, as on Anthropic's API); OpenAI's models a flat
 * `reasoning_effort`; Nova 2 `reasoningConfig.maxReasoningEffort`. Other models have no
 * documented field: a ConfigError that says where to put one by hand.
 */
export function bedrockReasoning(call: ProviderCall): {
  additionalModelRequestFields?: Record<string, unknown>;
  maxTokens: number;
} {
  const reasoning = call.reasoning;
  if (reasoning === undefined) return { maxTokens: call.maxTokens };
  const model = call.model;
  if (isClaudeModel(model)) {
    const thinking = claudeThinking('bedrock', call);
    return {
      additionalModelRequestFields: thinking?.fields,
      maxTokens: thinking?.maxTokens ?? call.maxTokens,
    };
  }
  const isOpenAI = /(^|[.:/])openai\./i.test(model);
  const isNova2 = /amazon\.nova-2/i.test(model);
  if (!isOpenAI && !isNova2) {
    throw new ConfigError(
      `bedrock: no reasoning field is documented for ${model} (Claude, OpenAI and Nova 2 models ` +
        'have one); set the model’s own field in extraBody.additionalModelRequestFields instead.',
      'reasoning',
    );
  }
  refuseBudget('bedrock', reasoning);
  // Without a budget, the checked option has an effort; both families document low to high.
  const effort = effortWord(reasoning.effort as ReasoningEffort, { minimal: 'low' });
  return {
    additionalModelRequestFields: isOpenAI
      ? { reasoning_effort: effort }
      : { reasoningConfig: { type: 'enabled', maxReasoningEffort: effort } },
    maxTokens: call.maxTokens,
  };
}
