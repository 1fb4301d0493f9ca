import type { Redis } from 'ioredis';
import { ConfigError } from '../errors.js';
import { IOREDIS_FOR_BUDGET } from '../optional-packages.js';
import { acquireRedis, redisUrlForMessages, waitUntilReady, type RedisHandle } from '../redis.js';
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
  #connection: Promise<RedisHandle | undefined> | undefined;
  #warned = false;

  constructor(url: string, key: string) {
    this.#url = url;
    this.#key = key;
  }

  async spent(period: Period): Promise<number> {
    const stored = await this.#run((client) => client.get(this.#redisKey(period)));
    if (stored === undefined) return this.#fallback.spent(period);
    return Number(stored ?? 0) + this.#fallback.spent(period);
  }

  async add(period: Period, usd: number): Promise<void> {
    const expiresAt = period.endsAt === null ? '' : String(period.endsAt + GRACE_MS);
    const added = await this.#run((client) =>
      client.eval(ADD_SPEND_SCRIPT, 1, this.#redisKey(period), String(usd), expiresAt),
    );
    if (added === undefined) this.#fallback.add(period, usd);
  }

  async close(): Promise<void> {
    const connection = this.#connection;
    this.#connection = undefined;
    await (await connection)?.release();
  }

  #redisKey(period: Period): string {
    return `synapsekit:budget:v1:${this.#key}:${period.id}`;
  }

  /** Run commands, or undefined when Redis cannot be asked (warned once). */
  async #run<T>(commands: (client: Redis) => Promise<T>): Promise<T | undefined> {
    const handle = await this.#connect();
    if (!handle) return undefined;
    try {
      return await handle.run(commands);
    } catch (error) {
      this.#warn(error);
      return undefined;
    }
  }

  #connect(): Promise<RedisHandle | undefined> {
    this.#connection ??= (async () => {
      const handle = await acquireRedis(this.#url, IOREDIS_FOR_BUDGET);
      try {
        await waitUntilReady(handle.client);
      } catch (error) {
        // Keep the handle: ioredis reconnects in the background and later calls use it.
        this.#warn(error);
      }
      return handle;
    })().catch((error: unknown) => {
      this.#connection = undefined;
      if (error instanceof ConfigError) throw error;
      this.#warn(error);
      return undefined;
    });
    return this.#connection;
  }

  #warn(error: unknown): void {
    if (this.#warned) return;
    this.#warned = true;
    const reason = error instanceof Error ? error.message : String(error);
    console.warn(
      `synapsekit: the Redis budget '${this.#key}' cannot reach ${redisUrlForMessages(this.#url)} (${reason}). ` +
        "Calls go on, and this process counts what they cost in memory until Redis answers again (other processes' spend is not seen meanwhile); " +
        'check redisUrl and that Redis is running.',
    );
  }
}
