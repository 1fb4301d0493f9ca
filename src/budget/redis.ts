import { defaultLogger, type Logger } from '../log/logger.js';
import { IOREDIS_FOR_BUDGET } from '../optional-packages.js';
import { redisUrlForMessages } from '../redis.js';
import { TolerantRedis } from '../redis-tolerant.js';
import type { Period } from './period.js';
import { MemoryBudgetStore, type BudgetStore } from './store.js';

/**
 * Add to a period's spend and keep the key until the period is over (an hour past its end,
 * so a machine whose clock runs behind still finds it). KEYS[1] the period's key; ARGV[1] USD;
 * ARGV[2] when the key may expire (ms since the epoch), '' for a budget that never resets.
 */
export const ADD_SPEND_SCRIPT = `
local spent = redis.call('INCRBYFLOAT', KEYS[1], ARGV[1])
if ARGV[2] ~= '' then redis.call('PEXPIREAT', KEYS[1], ARGV[2]) end
return spent
`;

const GRACE_MS = 3_600_000;

/**
 * The spend of a budget shared by every process and machine that uses the same Redis and key:
 * one string per period (`synapsekit:budget:v1:<key>:<period>`), increased atomically. While
 * Redis cannot be reached, calls are never failed: one warning, then this process keeps the
 * spend in memory until Redis answers again.
 */
export class RedisBudgetStore implements BudgetStore {
  readonly #url: string;
  readonly #key: string;
  readonly #fallback = new MemoryBudgetStore();
  readonly #redis: TolerantRedis;
  #warned = false;

  readonly #logger: Logger;

  constructor(url: string, key: string, logger: Logger = defaultLogger) {
    this.#url = url;
    this.#key = key;
    this.#logger = logger;
    this.#redis = new TolerantRedis(url, IOREDIS_FOR_BUDGET, (error) => this.#warn(error));
  }

  async spent(period: Period): Promise<number> {
    const stored = await this.#redis.run((client) => client.get(this.#redisKey(period)));
    if (stored === undefined) return this.#fallback.spent(period);
    return Number(stored ?? 0) + this.#fallback.spent(period);
  }

  async add(period: Period, usd: number): Promise<void> {
    const expiresAt = period.endsAt === null ? '' : String(period.endsAt + GRACE_MS);
    const added = await this.#redis.run((client) =>
      client.eval(ADD_SPEND_SCRIPT, 1, this.#redisKey(period), String(usd), expiresAt),
    );
    if (added === undefined) this.#fallback.add(period, usd);
  }

  close(): Promise<void> {
    return this.#redis.close();
  }

  #redisKey(period: Period): string {
    return `synapsekit:budget:v1:${this.#key}:${period.id}`;
  }

  #warn(error: unknown): void {
    if (this.#warned) return;
    this.#warned = true;
    const reason = error instanceof Error ? error.message : String(error);
    this.#logger.warn(
      `synapsekit: the Redis budget '${this.#key}' cannot reach ${redisUrlForMessages(this.#url)} (${reason}). ` +
        "Calls go on, and this process counts what they cost in memory until Redis answers again (other processes' spend is not seen meanwhile); " +
        'check redisUrl and that Redis is running.',
    );
  }
}
