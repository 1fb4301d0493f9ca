import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { systemClock, type Clock } from '../clock.js';
import { ConfigError } from '../errors.js';
import { defaultLogger, type Logger } from '../log/logger.js';
import { IOREDIS_FOR_RATE_LIMIT } from '../optional-packages.js';
import { acquireRedis, redisUrlForMessages, waitUntilReady, type RedisHandle } from '../redis.js';
import { TokenBucket } from './bucket.js';
import { MemoryTokenBucket } from './memory.js';

/**
 * One atomic step of the shared bucket: refill by elapsed time, then take a token or say how
 * long until one is due. It reads the Redis server's clock (TIME), so machines whose clocks
 * disagree still agree on the bucket. Returns 0 when a token was taken, else the wait in ms.
 *
 * KEYS[1] bucket hash {tokens, ts}; ARGV[1] refill per ms; ARGV[2] capacity; ARGV[3] the delay
 * before a new bucket starts refilling (ts may lie in the future until then).
 */
export const TAKE_TOKEN_SCRIPT = `
if redis.replicate_commands then redis.replicate_commands() end
local refill = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local delay = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local updated = tonumber(state[2])
if tokens == nil or updated == nil then
  tokens = capacity
  updated = now + delay
end
tokens = math.min(capacity, tokens + math.max(0, now - updated) * refill)
local wait = 0
if tokens >= 1 - 1e-9 then
  tokens = math.max(0, tokens - 1)
else
  wait = math.max(1, math.ceil((1 - tokens) / refill))
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'ts', string.format('%.17g', math.max(now, updated)))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / refill) + delay + 1000)
return wait
`;

const SCRIPT_SHA = createHash('sha1').update(TAKE_TOKEN_SCRIPT).digest('hex');

export interface RedisBucketOptions {
  redisUrl: string;
  /** The Redis key of the bucket (derived from a hash: it never holds an API key). */
  key: string;
  requestsPerMinute: number;
  /** Names the bucket in the warning, e.g. "openai gpt-4o". */
  label: string;
  clock?: Clock;
  /** How long after creation a new bucket starts refilling (see REFILL_DELAY_MS). */
  refillDelayMs?: number;
  /** Where the "Redis unreachable" warning goes: the logger of the instance that made the bucket. */
  logger?: Logger | undefined;
}

/**
 * The bucket shared by every process that uses the same Redis and key. Within a process,
 * waiters still queue in order (the base class), and only the head asks Redis. When Redis
 * cannot be reached the call is never failed: one warning, then an in-memory bucket stands
 * in until Redis answers again.
 */
export class RedisTokenBucket extends TokenBucket {
  readonly #options: RedisBucketOptions;
  readonly #fallback: MemoryTokenBucket;
  #connection: Promise<RedisHandle | undefined> | undefined;
  #warned = false;

  constructor(options: RedisBucketOptions) {
    const clock = options.clock ?? systemClock;
    super(options.requestsPerMinute, clock);
    this.#options = options;
    this.#fallback = new MemoryTokenBucket(options.requestsPerMinute, clock, options.refillDelayMs);
  }

  override setRequestsPerMinute(requestsPerMinute: number): void {
    super.setRequestsPerMinute(requestsPerMinute);
    this.#fallback.setRequestsPerMinute(requestsPerMinute);
  }

  override async close(): Promise<void> {
    const connection = this.#connection;
    this.#connection = undefined;
    const handle = await connection;
    await handle?.release();
  }

  protected async tryTake(): Promise<number> {
    const handle = await this.#connect();
    if (handle) {
      try {
        return await handle.run((client) => this.#runScript(client));
      } catch (error) {
        this.#warn(error);
      }
    }
    return this.#fallback.tryTake();
  }

  async #runScript(client: Redis): Promise<number> {
    const { refillPerMs, capacity } = this.shape;
    const args = [String(refillPerMs), String(capacity), String(this.#options.refillDelayMs ?? 0)];
    try {
      return Number(await client.evalsha(SCRIPT_SHA, 1, this.#options.key, ...args));
    } catch (error) {
      // First use on this server (or after SCRIPT FLUSH): send the script itself.
      if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
      return Number(await client.eval(TAKE_TOKEN_SCRIPT, 1, this.#options.key, ...args));
    }
  }

  /** Connect once; a Redis that is not ready within a second is reported and skipped. */
  #connect(): Promise<RedisHandle | undefined> {
    this.#connection ??= (async () => {
      // A missing ioredis is a setup mistake, not an outage: its ConfigError reaches the caller.
      const handle = await acquireRedis(this.#options.redisUrl, IOREDIS_FOR_RATE_LIMIT);
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
    (this.#options.logger ?? defaultLogger).warn(
      `synapsekit: the Redis rate limiter for ${this.#options.label} cannot reach ${redisUrlForMessages(this.#options.redisUrl)} (${reason}). ` +
        'Calls go on, limited by an in-memory bucket in this process only, until Redis answers again; ' +
        'check redisUrl and that Redis is running.',
    );
  }
}
