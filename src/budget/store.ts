import type { Period } from './period.js';

/** Where a budget's spend is kept. */
export interface BudgetStore {
  /** US dollars spent in `period` so far. */
  spent(period: Period): number | Promise<number>;
  /** Add US dollars to the spend of `period`. */
  add(period: Period, usd: number): void | Promise<void>;
  /** Release held resources (a Redis connection). */
  close(): Promise<void>;
}

/**
 * The spend kept in this process: only the current period's (an older one is over). Keyed
 * budgets share one store per key (`sharedMemoryStore`); a budget without a key has its own.
 */
export class MemoryBudgetStore implements BudgetStore {
  #periodId = '';
  #spent = 0;

  spent(period: Period): number {
    return period.id === this.#periodId ? this.#spent : 0;
  }

  add(period: Period, usd: number): void {
    if (period.id !== this.#periodId) {
      this.#periodId = period.id;
      this.#spent = 0;
    }
    this.#spent += usd;
  }

  async close(): Promise<void> {}
}

const keyed = new Map<string, MemoryBudgetStore>();

/** The in-memory store of the budget named `key`, shared by every instance in the process. */
export function sharedMemoryStore(key: string): MemoryBudgetStore {
  let store = keyed.get(key);
  if (!store) {
    store = new MemoryBudgetStore();
    keyed.set(key, store);
  }
  return store;
}
