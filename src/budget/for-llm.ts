import type { LLMConfig } from '../config.js';
import { defaultLogger, type Logger } from '../log/logger.js';
import { ConfigError } from '../errors.js';
import { IOREDIS_FOR_BUDGET, requireInstalled } from '../optional-packages.js';
import type { Usage } from '../types.js';
import { findPrice, indexPrices, priceTokens } from '../usage/cost.js';
import type { ModelPrice, PriceTable } from '../usage/prices.js';
import { Budget } from './budget.js';
import type { ResolvedBudget } from './options.js';

/**
 * The price of `model`: from `prices` laid over the bundled table, else from `fallbackPrices`.
 *
 * @throws ConfigError when neither knows it: a budget cannot count what it cannot price.
 */
export function requirePrice(
  model: string,
  prices: PriceTable | undefined,
  fallbackPrices?: PriceTable,
): ModelPrice {
  const price =
    findPrice(model, indexPrices(prices)) ??
    (fallbackPrices ? findPrice(model, indexPrices(fallbackPrices)) : undefined);
  if (price) return price;
  throw new ConfigError(
    `A budget needs the price of '${model}', which the bundled price table does not have: pass ` +
      `prices: { '${model}': { input: <USD per 1M input tokens>, output: <USD per 1M output tokens> } }.`,
    'prices',
  );
}

/**
 * A budget as one model spends it: each attempt's reported usage at the model's price. A
 * provider that reported no usage cannot be counted; that is said once, not silently skipped.
 */
export class PricedBudget {
  readonly budget: Budget;
  readonly #label: string;
  readonly #logger: Logger;
  #warned = false;

  constructor(budget: Budget, label: string, logger: Logger = defaultLogger) {
    this.budget = budget;
    this.#label = label;
    this.#logger = logger;
  }

  /** Add the cost of `usage` at `price`. */
  bill(usage: Usage, price: ModelPrice, model = this.#label): void {
    if (!usage.reported) {
      this.#warnUnreported(model);
      return;
    }
    this.budget.charge(priceTokens(price, usage));
  }

  #warnUnreported(model: string): void {
    if (this.#warned) return;
    this.#warned = true;
    this.#logger.warn(
      `synapsekit: ${model} reported no token usage for a call, so its cost is not in the budget ` +
        '(tokens are never guessed). Calls of a provider that sends no usage are not counted.',
    );
  }
}

/** The budget of one LLM's config, or undefined without one; checked at construction. */
export function budgetForConfig(
  config: LLMConfig,
  logger: Logger = defaultLogger,
): { priced: PricedBudget; price: ModelPrice } | undefined {
  if (!config.budget) return undefined;
  const price = requirePrice(config.model, config.prices);
  if (config.budget.backend === 'redis') requireInstalled(IOREDIS_FOR_BUDGET);
  const budget = new Budget(config.budget as ResolvedBudget, config.redisUrl, logger);
  return { priced: new PricedBudget(budget, `${config.provider} ${config.model}`, logger), price };
}
