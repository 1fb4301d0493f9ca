import { ConfigError } from '../errors.js';

/**
 * A spending cap: calls are refused once the period's spend reached `usd`. Accepted as
 * `budget` by every LLM config and by {@link createRouter}.
 *
 * @example
 * ```ts
 * const llm = createLLM({ model: 'gpt-4o-mini', budget: { usd: 5, period: 'day' } });
 * // Shared by every process of the app, through Redis:
 * const shared = createLLM({
 *   model: 'gpt-4o-mini',
 *   budget: { usd: 200, period: 'month', key: 'support-bot', backend: 'redis' },
 * });
 * ```
 *
 * @category Budgets
 */
export interface BudgetOptions {
  /** The cap in US dollars for each period; more than 0. */
  usd: number;
  /**
   * How long a period lasts: a calendar `hour`, `day` or `month` in UTC (the spend starts from
   * zero at each one), or `total` (never resets).
   */
  period: 'hour' | 'day' | 'month' | 'total';
  /**
   * Names a budget shared by every instance (and, on Redis, every process) that uses the same
   * key. Without one, the budget is this instance's own.
   */
  key?: string;
  /** Where the spend is kept: `memory` (this process; the default) or `redis` (shared; needs `key`). */
  backend?: 'memory' | 'redis';
}

/** A checked budget, every default filled in. */
export interface ResolvedBudget {
  readonly usd: number;
  readonly period: BudgetOptions['period'];
  readonly key: string | undefined;
  readonly backend: 'memory' | 'redis';
}

const PERIODS = ['hour', 'day', 'month', 'total'] as const;
const FIELDS = ['usd', 'period', 'key', 'backend'];

/**
 * The budget option, checked: a ConfigError names the field at fault (`budget.usd`...).
 * `field` is where it was given (`budget`).
 */
export function checkBudget(value: unknown, field = 'budget'): ResolvedBudget | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(
      `${field} must be an object such as { usd: 5, period: 'day' } (got ${describe(value)}).`,
      field,
    );
  }
  const options = value as Record<string, unknown>;
  for (const name of Object.keys(options)) {
    if (!FIELDS.includes(name)) {
      throw new ConfigError(
        `Unknown option '${field}.${name}'. A budget takes ${FIELDS.join(', ')}.`,
        `${field}.${name}`,
      );
    }
  }
  const { usd, period, key, backend = 'memory' } = options;
  if (typeof usd !== 'number' || !Number.isFinite(usd) || usd <= 0) {
    throw new ConfigError(
      `${field}.usd must be a number of US dollars > 0 (got ${describe(usd)}).`,
      `${field}.usd`,
    );
  }
  if (typeof period !== 'string' || !(PERIODS as readonly string[]).includes(period)) {
    throw new ConfigError(
      `${field}.period must be one of ${PERIODS.map((p) => `'${p}'`).join(', ')} (got ${describe(period)}).`,
      `${field}.period`,
    );
  }
  if (key !== undefined && (typeof key !== 'string' || key.trim() === '')) {
    throw new ConfigError(
      `${field}.key must be a non-empty string (got ${describe(key)}).`,
      `${field}.key`,
    );
  }
  if (backend !== 'memory' && backend !== 'redis') {
    throw new ConfigError(
      `${field}.backend must be 'memory' or 'redis' (got ${describe(backend)}).`,
      `${field}.backend`,
    );
  }
  if (backend === 'redis' && key === undefined) {
    throw new ConfigError(
      `${field}.backend 'redis' shares a budget between processes by its key: add ${field}.key ` +
        "(e.g. key: 'my-app'); without one the budget would be this instance's own, shared with nobody.",
      `${field}.key`,
    );
  }
  return Object.freeze({
    usd,
    period: period as BudgetOptions['period'],
    key: key as string | undefined,
    backend,
  });
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : String(value);
}
