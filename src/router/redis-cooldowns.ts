import { defaultLogger } from '../log/logger.js';
import { IOREDIS_FOR_COOLDOWNS } from '../optional-packages.js';
import { redisUrlForMessages } from '../redis.js';
import { TolerantRedis } from '../redis-tolerant.js';
import { MemoryCooldowns, type Cooldowns } from './cooldown.js';
import type { CooldownOptions } from './options.js';

/**
 * Record a failure at the Redis server's time, and start a cooldown when there were enough in
 * the window. KEYS[1] the failures (a sorted set of times), KEYS[2] the cooldown (a key that
 * expires); ARGV: failures, window ms, cooldown ms, a unique member. Atomic, so two processes
 * failing at once count two failures.
 */
export const RECORD_FAILURE_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('DEL', KEYS[1])
end
return 1
`;

/**
 * Cooldowns shared by every process that uses the same Redis: a model one process cooled down
 * is skipped by all. The key is the model's identity (provider, model, endpoint), so routers
 * over the same model share its state. While Redis cannot be reached, one warning, and this
 * process keeps cooldowns in memory until Redis answers again.
 */
export class RedisCooldowns implements Cooldowns {
  readonly #options: CooldownOptions;
  readonly #url: string;
  readonly #fallback: MemoryCooldowns;
  readonly #redis: TolerantRedis;
  #member = 0;
  #warned = false;

  constructor(options: CooldownOptions, url: string) {
    this.#options = options;
    this.#url = url;
    this.#fallback = new MemoryCooldowns(options);
    this.#redis = new TolerantRedis(url, IOREDIS_FOR_COOLDOWNS, (error) => this.#warn(error));
  }

  async remainingMs(model: string): Promise<number> {
    const ttl = await this.#redis.run((client) => client.pttl(cooldownKey(model)));
    if (ttl === undefined) return this.#fallback.remainingMs(model);
    return Math.max(0, ttl, this.#fallback.remainingMs(model));
  }

  async recordFailure(model: string): Promise<void> {
    const { failures, windowSeconds, seconds } = this.#options;
    const member = `${process.pid}:${Date.now()}:${this.#member++}`;
    const recorded = await this.#redis.run((client) =>
      client.eval(
        RECORD_FAILURE_SCRIPT,
        2,
        `synapsekit:cooldown:v1:failures:${model}`,
        cooldownKey(model),
        String(failures),
        String(windowSeconds * 1000),
        String(seconds * 1000),
        member,
      ),
    );
    if (recorded === undefined) this.#fallback.recordFailure(model);
  }

  close(): Promise<void> {
    return this.#redis.close();
  }

  #warn(error: unknown): void {
    if (this.#warned) return;
    this.#warned = true;
    const reason = error instanceof Error ? error.message : String(error);
    defaultLogger.warn(
      `synapsekit: the router's cooldowns cannot reach ${redisUrlForMessages(this.#url)} (${reason}). ` +
        'Calls go on, and this process keeps cooldowns in memory until Redis answers again; ' +
        'check redisUrl and that Redis is running.',
    );
  }
}

function cooldownKey(model: string): string {
  return `synapsekit:cooldown:v1:until:${model}`;
}
