import { LLMConfig, type LLMConfigOptions } from '../config.js';
import { ConfigError } from '../errors.js';
import { BaseLLM } from '../llm/base.js';
import { isLLM, type LLM } from '../llm/interface.js';
import { createLLM } from '../registry.js';
import { findPrice, indexPrices } from '../usage/cost.js';
import type { ModelPrice, PriceTable } from '../usage/prices.js';

/** One model of a router, as the router tracks it. */
export interface Member {
  readonly llm: LLM;
  /** `provider:model`, or `models[i]` for an LLM that is not a synapsekit provider class. */
  readonly label: string;
  /** Identity for cooldowns shared on Redis: provider, model and endpoint. */
  readonly cooldownKey: string;
  /** The model id, when known (prices). */
  readonly model: string | undefined;
  /** The router built it from a config, so the router closes it. */
  readonly owned: boolean;
  /** Calls in flight (least-busy). */
  inFlight: number;
}

/** The router's models, checked and built; a config error names `models[i]`. */
export function buildMembers(models: unknown): Member[] {
  if (!Array.isArray(models) || models.length === 0) {
    throw new ConfigError(
      "createRouter needs models: a non-empty array such as [{ model: 'gpt-4o-mini' }, { model: 'claude-haiku-4-5' }].",
      'models',
    );
  }
  return models.map((given: unknown, index) => memberOf(given, index));
}

function memberOf(given: unknown, index: number): Member {
  const field = `models[${index}]`;
  if (isLLM(given)) {
    if (given instanceof BaseLLM) return fromBaseLLM(given, false);
    return {
      llm: given,
      label: field,
      cooldownKey: field,
      model: undefined,
      owned: false,
      inFlight: 0,
    };
  }
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    throw new ConfigError(
      `${field} must be an LLM (createLLM(...)) or a config such as { model: 'gpt-4o-mini' }.`,
      field,
    );
  }
  try {
    return fromBaseLLM(createLLM(new LLMConfig(given as LLMConfigOptions)), true);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Say which model: a router of three configs would otherwise leave the user guessing.
    const at = error.field === undefined ? field : `${field}.${error.field}`;
    throw new ConfigError(`${field}: ${error.message}`, at);
  }
}

function fromBaseLLM(llm: BaseLLM, owned: boolean): Member {
  const { provider, model } = llm.config;
  return {
    llm,
    label: `${provider}:${model}`,
    cooldownKey: `${provider}:${model}:${llm.endpoint}`,
    model,
    owned,
    inFlight: 0,
  };
}

/**
 * Each member's price, from `prices` laid over the bundled table, in member order.
 *
 * @throws ConfigError naming the first model with no price (`why` says what needs it).
 */
export function priceMembers(
  members: readonly Member[],
  prices: PriceTable | undefined,
  why: string,
): ModelPrice[] {
  const index = indexPrices(prices);
  return members.map((member, i) => {
    const price = member.model === undefined ? undefined : findPrice(member.model, index);
    if (price) return price;
    const name = member.model === undefined ? `models[${i}]` : `'${member.model}'`;
    throw new ConfigError(
      `${why} needs the price of every model, and ${name} has none in the bundled price table: ` +
        `pass prices: { '${member.model ?? '<model id>'}': { input: <USD per 1M input tokens>, output: <USD per 1M output tokens> } }` +
        (member.model === undefined
          ? ', and give the model as createLLM(...) or a config so its id is known.'
          : '.'),
      'prices',
    );
  });
}
