import { ConfigError } from '../errors.js';
import { DEFAULT_PRICES, type ModelPrice, type PriceTable } from './prices.js';

/** The token counts a cost is computed from; `cacheRead`/`cacheWrite` are part of `input`. */
export interface TokenCounts {
  input: number;
  output: number;
  cacheRead?: number | undefined;
  cacheWrite?: number | undefined;
}

/** A price table ready for lookups: lower-cased ids, and `prefix*` keys longest first. */
export interface PriceIndex {
  readonly exact: ReadonlyMap<string, ModelPrice>;
  readonly wildcards: ReadonlyArray<readonly [prefix: string, price: ModelPrice]>;
}

const indexes = new WeakMap<PriceTable, PriceIndex>();

/**
 * The bundled table with `overrides` laid over it (an override wins for the same id). Built once
 * per table object, so passing the same `prices` to every call costs one index.
 */
export function indexPrices(overrides?: PriceTable): PriceIndex {
  const key = overrides ?? DEFAULT_PRICES;
  let index = indexes.get(key);
  if (!index) {
    index = buildIndex(overrides ? [DEFAULT_PRICES, validated(overrides)] : [DEFAULT_PRICES]);
    indexes.set(key, index);
  }
  return index;
}

function buildIndex(tables: PriceTable[]): PriceIndex {
  const exact = new Map<string, ModelPrice>();
  const wildcards = new Map<string, ModelPrice>();
  for (const table of tables) {
    for (const [id, price] of Object.entries(table)) {
      const normalised = id.trim().toLowerCase();
      if (normalised.endsWith('*')) wildcards.set(normalised.slice(0, -1), price);
      else exact.set(normalised, price);
    }
  }
  return {
    exact,
    wildcards: [...wildcards].sort(([a], [b]) => b.length - a.length),
  };
}

function validated(table: PriceTable): PriceTable {
  if (table === null || typeof table !== 'object') {
    throw new ConfigError('prices must be an object of model id -> { input, output }.', 'prices');
  }
  for (const [id, price] of Object.entries(table)) {
    for (const field of ['input', 'output', 'cachedInput', 'cacheWrite'] as const) {
      const value: unknown = (price as Partial<ModelPrice> | undefined)?.[field];
      const optional = field === 'cachedInput' || field === 'cacheWrite';
      if (optional && value === undefined) continue;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new ConfigError(
          `prices['${id}'].${field} must be a non-negative number of USD per 1M tokens, got ${String(value)}.`,
          `prices['${id}'].${field}`,
        );
      }
    }
  }
  return table;
}

// Dated snapshots (claude-3-5-haiku-20241022, gpt-4o-2024-08-06), `-latest` aliases
// (claude-3-5-haiku-latest) and Bedrock versions (-v1:0) are priced as their base model.
const DATE_SUFFIX = /-(\d{8}|\d{4}-\d{2}-\d{2}|latest)$/;
const BEDROCK_VERSION = /-v\d+(:\d+)?$/;

/**
 * The ids a model may be listed under, most specific first: as given, then without a Bedrock
 * `global.` prefix or a `vendor/` path (OpenRouter `openai/gpt-4o-mini`, Bedrock ARNs), each
 * also without its version and date suffix. Claude ids written with dots (OpenRouter's
 * `claude-sonnet-4.5`) also try dashes.
 */
function* candidateIds(model: string): Generator<string> {
  const id = model.trim().toLowerCase();
  const bases = [id];
  if (id.startsWith('global.')) bases.push(id.slice('global.'.length));
  const slash = id.lastIndexOf('/');
  if (slash >= 0) bases.push(id.slice(slash + 1));
  for (const base of bases) {
    yield base;
    const undated = base.replace(BEDROCK_VERSION, '').replace(DATE_SUFFIX, '');
    if (undated !== base) yield undated;
    if (undated.startsWith('claude')) yield undated.replace(/(\d)\.(\d)/g, '$1-$2');
  }
}

/** The price a model id resolves to, or undefined when the table has none. */
export function findPrice(model: string, index: PriceIndex): ModelPrice | undefined {
  for (const id of candidateIds(model)) {
    const price = index.exact.get(id);
    if (price) return price;
  }
  const id = model.trim().toLowerCase();
  return index.wildcards.find(([prefix]) => id.startsWith(prefix))?.[1];
}

/** USD for these tokens at this price; cache reads and writes at their own rates. */
export function priceTokens(price: ModelPrice, tokens: TokenCounts): number {
  const cacheRead = tokens.cacheRead ?? 0;
  const cacheWrite = tokens.cacheWrite ?? 0;
  const uncached = tokens.input - cacheRead - cacheWrite;
  return (
    (uncached * price.input +
      cacheRead * (price.cachedInput ?? price.input) +
      cacheWrite * (price.cacheWrite ?? price.input) +
      tokens.output * price.output) /
    1_000_000
  );
}

/** Throws a ConfigError naming the field unless the counts are non-negative and consistent. */
export function checkTokenCounts(
  tokens: TokenCounts,
  names: Record<keyof TokenCounts, string>,
): void {
  for (const key of ['input', 'output', 'cacheRead', 'cacheWrite'] as const) {
    const value = tokens[key];
    if (value === undefined && (key === 'cacheRead' || key === 'cacheWrite')) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new ConfigError(
        `${names[key]} must be a non-negative number of tokens, got ${String(value)}.`,
        names[key],
      );
    }
  }
  if ((tokens.cacheRead ?? 0) + (tokens.cacheWrite ?? 0) > tokens.input) {
    throw new ConfigError(
      `${names.cacheRead} + ${names.cacheWrite} cannot exceed ${names.input}: cached tokens are part of the input.`,
      names.cacheRead,
    );
  }
}

/** Cost of a call's usage under a price index; null when the model has no price. */
export function usageCost(model: string, tokens: TokenCounts, index: PriceIndex): number | null {
  const price = findPrice(model, index);
  return price ? priceTokens(price, tokens) : null;
}

/**
 * Estimated USD cost of one call, from the bundled price table ({@link DEFAULT_PRICES}) with
 * `prices` laid over it. An unknown model gives `null`, never 0. Ids resolve case-insensitively:
 * exact id, then dated snapshots to their base model (`gpt-4o-2024-08-06` -> `gpt-4o`), then
 * without a provider prefix (`openai/gpt-4o-mini`). All input tokens are billed at the uncached
 * rate (use {@link TokenTracer.recordUsage} to price prompt-cache reads and writes).
 *
 * @throws ConfigError for a negative or non-numeric token count, or a bad `prices` entry.
 *
 * @example
 * ```ts
 * estimateCost('gpt-4o-mini', 1_000_000, 1_000_000); // 0.75
 * estimateCost('my-finetune', 1000, 1000); // null: unknown, never 0
 * estimateCost('my-finetune', 1000, 1000, { 'my-finetune': { input: 3, output: 12 } }); // 0.015
 * ```
 *
 * @category Usage and cost
 */
export function estimateCost(
  model: string,
  inputTokens: number,
  outputTokens: number,
  prices?: PriceTable,
): number | null {
  if (typeof model !== 'string') {
    throw new ConfigError(`model must be a string, got ${typeof model}.`, 'model');
  }
  const tokens = { input: inputTokens, output: outputTokens };
  checkTokenCounts(tokens, {
    input: 'inputTokens',
    output: 'outputTokens',
    cacheRead: 'cacheRead',
    cacheWrite: 'cacheWrite',
  });
  return usageCost(model, tokens, indexPrices(prices));
}
