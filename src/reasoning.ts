import { ConfigError } from './errors.js';

/**
 * Every reasoning effort the `reasoning` call option accepts, least to most.
 *
 * @category Core
 */
export const REASONING_EFFORTS = ['minimal', 'low', 'medium', 'high'] as const;

/**
 * How hard a reasoning model should think: one of {@link REASONING_EFFORTS}. Providers whose
 * vocabulary lacks a word get the nearest one they document (e.g. `minimal` is `low` on
 * Anthropic, Ollama and DeepSeek); the README's Reasoning table lists them.
 *
 * @category Core
 */
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

/**
 * The `reasoning` call option: an effort, a token budget for thinking, or both where the
 * provider takes both. Each provider maps it to its own knob (OpenAI `reasoning_effort`,
 * Anthropic `thinking`, Gemini `thinkingConfig`, Ollama `think`...); what a provider cannot
 * express is a `ConfigError` before any request.
 *
 * @example
 * ```ts
 * await llm.generate('Prove that there are infinitely many primes.', {
 *   reasoning: { effort: 'high' }, // OpenAI, Groq, Mistral, Gemini 3, Ollama...
 * });
 * await claude.generate('Plan the migration.', { reasoning: { budgetTokens: 4096 } });
 * ```
 *
 * @category Core
 */
export interface ReasoningOptions {
  /** How hard to think, where the provider takes an effort or level. */
  effort?: ReasoningEffort;
  /**
   * The most tokens to spend thinking, where the provider takes a budget (Anthropic and Claude
   * on Bedrock: at least 1024; Gemini 2.5, Cohere, OpenRouter). A positive integer.
   */
  budgetTokens?: number;
}

/** Check the `reasoning` call option: an object with an effort from the list and/or a budget. */
export function checkReasoning(value: unknown): ReasoningOptions | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(
      "reasoning must be an object such as { effort: 'high' } or { budgetTokens: 2048 }.",
      'reasoning',
    );
  }
  const { effort, budgetTokens, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) {
    throw new ConfigError(
      `Unknown reasoning option '${unknown}'. Valid options: effort, budgetTokens.`,
      `reasoning.${unknown}`,
    );
  }
  if (effort !== undefined && !(REASONING_EFFORTS as readonly unknown[]).includes(effort)) {
    throw new ConfigError(
      `reasoning.effort must be one of ${REASONING_EFFORTS.map((e) => `'${e}'`).join(', ')} ` +
        `(got ${JSON.stringify(effort) ?? String(effort)}).`,
      'reasoning.effort',
    );
  }
  if (
    budgetTokens !== undefined &&
    !(typeof budgetTokens === 'number' && Number.isInteger(budgetTokens) && budgetTokens > 0)
  ) {
    throw new ConfigError(
      `reasoning.budgetTokens must be a positive integer (got ${JSON.stringify(budgetTokens) ?? String(budgetTokens)}).`,
      'reasoning.budgetTokens',
    );
  }
  if (effort === undefined && budgetTokens === undefined) {
    throw new ConfigError(
      "reasoning needs an effort or a budgetTokens, e.g. { effort: 'high' } or { budgetTokens: 2048 }; " +
        'leave reasoning out for the model’s default.',
      'reasoning',
    );
  }
  return value as ReasoningOptions;
}
