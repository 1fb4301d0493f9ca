import { ConfigError } from '../errors.js';
import type { ReasoningEffort, ReasoningOptions } from '../reasoning.js';
import type { ProviderName } from '../types.js';

/**
 * The provider's word for an effort: its own where its vocabulary lacks ours (`words`, e.g.
 * `{ minimal: 'low' }`), else ours unchanged.
 */
export function effortWord(
  effort: ReasoningEffort,
  words: Partial<Record<ReasoningEffort, string>> | undefined,
): string {
  return words?.[effort] ?? effort;
}

/** For a protocol with no reasoning control at all. */
export function noReasoningControl(provider: ProviderName, why: string): ConfigError {
  return new ConfigError(
    `${provider} has no reasoning control in its API (${why}): remove the reasoning option.`,
    'reasoning',
  );
}

/** A budget where the protocol takes only an effort is refused, not dropped. */
export function refuseBudget(provider: ProviderName, reasoning: ReasoningOptions): void {
  if (reasoning.budgetTokens === undefined) return;
  throw new ConfigError(
    `${provider} takes a reasoning effort, not a token budget: use reasoning: { effort: 'low' | ` +
      "'medium' | 'high' } instead of budgetTokens.",
    'reasoning.budgetTokens',
  );
}

/** An effort where the protocol takes only a token budget is refused, not dropped. */
export function refuseEffort(provider: ProviderName, reasoning: ReasoningOptions): void {
  if (reasoning.effort === undefined) return;
  throw new ConfigError(
    `${provider} takes a thinking token budget, not an effort: use reasoning: { budgetTokens: N } ` +
      'instead of effort.',
    'reasoning.effort',
  );
}

/** Effort and budget together, where the protocol takes one or the other. */
export function refuseBoth(provider: ProviderName, reasoning: ReasoningOptions): void {
  if (reasoning.effort === undefined || reasoning.budgetTokens === undefined) return;
  throw new ConfigError(
    `${provider} takes a reasoning effort or a token budget, not both: pass only one of ` +
      'reasoning.effort and reasoning.budgetTokens.',
    'reasoning',
  );
}
