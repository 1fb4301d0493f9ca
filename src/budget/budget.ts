import { BudgetExceededError } from '../errors.js';
import { defaultLogger, type Logger } from '../log/logger.js';
import type { ResolvedBudget } from './options.js';
import { periodAt } from './period.js';
import { RedisBudgetStore } from './redis.js';
import { MemoryBudgetStore, sharedMemoryStore, type BudgetStore } from './store.js';

/**
 * What {@link BaseLLM.budgetStatus} and {@link Router.budgetStatus} return: the budget's state
 * in the current period.
 *
 * @category Budgets
 */
export interface BudgetStatus {
  /** US dollars spent in the current period (every process, for a Redis budget). */
  spentUsd: number;
  /** What is left of the cap in this period (0 once it is reached). */
  remainingUsd: number;
  /** When the next period starts and the spend starts from zero; null for `period: 'total'`. */
  resetsAt: Date | null;
}

// Costs are sums of small binary fractions: 0.002 five times may land a hair under 0.01.
const ROUNDING = 1e-9;

/**
 * One budget: refuses calls once the current period's spend reached the cap, and adds each
 * call's cost when it ends. The spend lives in memory (this instance's own, or shared in the
 * process by `key`) or on Redis (shared by every process that uses the key).
 */
export class Budget {
  readonly settings: ResolvedBudget;
  readonly #store: BudgetStore;
  readonly #now: () => number;

  constructor(
    settings: ResolvedBudget,
    redisUrl: string,
    logger: Logger = defaultLogger,
    now: () => number = Date.now,
  ) {
    this.settings = settings;
    this.#now = now;
    const { key, backend } = settings;
    if (backend === 'redis' && key !== undefined) {
      this.#store = new RedisBudgetStore(redisUrl, key, logger);
    } else {
      this.#store = key === undefined ? new MemoryBudgetStore() : sharedMemoryStore(key);
    }
  }

  /**
   * Throws a BudgetExceededError when the current period's spend is at or above the cap
   * (synchronously for a memory budget; the promise rejects for a Redis one).
   */
  check(): void | Promise<void> {
    const period = periodAt(this.settings.period, this.#now());
    const spent = this.#store.spent(period);
    if (typeof spent === 'number') return this.#refuseIfSpent(spent, period.endsAt);
    return spent.then((usd) => this.#refuseIfSpent(usd, period.endsAt));
  }

  /** Add a call's cost to the current period, without waiting for Redis. */
  charge(usd: number): void {
    if (usd <= 0) return;
    const added = this.#store.add(periodAt(this.settings.period, this.#now()), usd);
    // The Redis store never rejects (an outage falls back to memory), but stay safe.
    if (added) added.catch(() => undefined);
  }

  async status(): Promise<BudgetStatus> {
    const period = periodAt(this.settings.period, this.#now());
    const spentUsd = await this.#store.spent(period);
    return {
      spentUsd,
      remainingUsd: Math.max(0, this.settings.usd - spentUsd),
      resetsAt: period.endsAt === null ? null : new Date(period.endsAt),
    };
  }

  close(): Promise<void> {
    return this.#store.close();
  }

  #refuseIfSpent(spentUsd: number, endsAt: number | null): void {
    const { usd } = this.settings;
    if (spentUsd < usd * (1 - ROUNDING)) return;
    throw new BudgetExceededError({
      ...this.settings,
      spentUsd,
      resetsAt: endsAt === null ? null : new Date(endsAt),
    });
  }
}
