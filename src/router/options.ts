import type { BudgetOptions } from '../budget/options.js';
import type { LLMConfigOptions } from '../config.js';
import type { SynapseKitError } from '../errors.js';
import type { LLM } from '../llm/interface.js';
import type { PriceTable } from '../usage/prices.js';

/**
 * How a router picks the order in which it tries its models for each call:
 *
 * - `fallback`: the order given, every call (the first model answers while it works);
 * - `round-robin`: each call starts one model further along, the others following in order;
 * - `least-busy`: the model with the fewest calls in flight first (ties: the order given);
 * - `cheapest`: by price (input plus output USD per 1M tokens), cheapest first.
 *
 * @category Routing
 */
export type RouterStrategy = 'fallback' | 'round-robin' | 'least-busy' | 'cheapest';

/**
 * When a model is skipped for a while: after `failures` failed calls within `windowSeconds`,
 * it is not tried for `seconds`.
 *
 * @category Routing
 */
export interface CooldownOptions {
  /** Failed calls that start a cooldown, default 3; at least 1. */
  failures: number;
  /** The window those failures must fall in, in seconds, default 60. */
  windowSeconds: number;
  /** How long the model is skipped, in seconds, default 30. */
  seconds: number;
}

/**
 * Options of {@link createRouter}.
 *
 * @category Routing
 */
export interface RouterOptions {
  /**
   * The models, in priority order: ready LLMs (`createLLM(...)`, another router) or config
   * objects (`{ model: 'gpt-4o-mini' }`), which the router builds and closes.
   */
  models: Array<LLM | LLMConfigOptions>;
  /** The order models are tried in, default `fallback`. */
  strategy?: RouterStrategy;
  /**
   * Whether an error moves on to the next model. Default: retryable errors, timeouts, every
   * 429 (an exhausted quota included), 5xx answers and context-length errors; never an abort.
   */
  fallbackOn?: (error: SynapseKitError) => boolean;
  /** When a failing model is skipped, default `{ failures: 3, windowSeconds: 60, seconds: 30 }`. */
  cooldown?: Partial<CooldownOptions>;
  /** Where cooldowns live: `memory` (this router; default) or `redis` (every process). */
  backend?: 'memory' | 'redis';
  /** The Redis server of `backend: 'redis'`, default `REDIS_URL`, else `redis://127.0.0.1:6379`. */
  redisUrl?: string;
  /** A spending cap over every model of the router (each call priced at its model's price). */
  budget?: BudgetOptions;
  /** USD per 1M tokens by model id, laid over the bundled table (`cheapest`, `budget`). */
  prices?: PriceTable;
}
