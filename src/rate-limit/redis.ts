import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { systemClock, type Clock } from '../clock.js';
import { defaultLogger, type Logger } from '../log/logger.js';
import { IOREDIS_FOR_RATE_LIMIT } from '../optional-packages.js';
import { redisUrlForMessages } from '../redis.js';
import { TolerantRedis } from '../redis-tolerant.js';
import { TokenBucket, type BucketShape, type TakeRequest } from './bucket.js';
import { MemoryTokenBucket } from './memory.js';

/**
 * Every operation on the shared bucket, each one atomic: refill by elapsed time on the Redis
 * server's clock (TIME, so machines whose clocks disagree still agree on the bucket), then:
 * `take` grants (returns 0) or returns the wait in ms; `charge` takes tokens out (it may go
 * below zero; a negative charge gives tokens back, up to the capacity); `pause` grants nothing for a while and counts the bucket empty; `clamp` lowers
 * it to what the provider says is left, when it holds at least `slack` more.
 *
 * KEYS[1] bucket hash {tokens, ts, paused}; ARGV[1] op; ARGV[2] refill per ms; ARGV[3]
 * capacity; ARGV[4], ARGV[5] the op's numbers (take: need, take; charge: tokens; pause: ms;
 * clamp: remaining, slack).
 */
export const BUCKET_SCRIPT = `
if redis.replicate_commands then redis.replicate_commands() end
local op = ARGV[1]
local refill = tonumber(ARGV[2])
local capacity = tonumber(ARGV[3])
local a = tonumber(ARGV[4])
local b = tonumber(ARGV[5])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts', 'paused')
local tokens = tonumber(state[1]) or capacity
local updated = tonumber(state[2]) or now
local paused = tonumber(state[3]) or 0
tokens = math.min(capacity, tokens + math.max(0, now - updated) * refill)
local result = 0
if op == 'take' then
  if now < paused then
    result = math.max(1, math.ceil(paused - now))
  elseif tokens >= a - 1e-9 then
    tokens = tokens - b
  else
    result = math.max(1, math.ceil((a - tokens) / refill))
  end
elseif op == 'charge' then
  tokens = math.min(capacity, tokens - a)
elseif op == 'pause' then
  paused = math.max(paused, now + a)
  tokens = math.min(tokens, 0)
elseif op == 'clamp' then
  if a + b <= tokens then tokens = a end
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'ts', string.format('%.17g', now), 'paused', string.format('%.17g', paused))
local full = math.max(0, capacity - tokens) / refill
redis.call('PEXPIRE', KEYS[1], math.ceil(math.max(full, paused - now)) + 1000)
return result
`;

const SCRIPT_SHA = createHash('sha1').update(BUCKET_SCRIPT).digest('hex');

export interface RedisBucketOptions {
  redisUrl: string;
  /** The Redis key of the bucket (derived from a hash: it never holds an API key). */
  key: string;
  /** The user's rate, requests or tokens per minute. */
  perMinute: number;
  /** Names the bucket in the warning, e.g. "openai gpt-4o". */
  label: string;
  clock?: Clock;
  /** The provider's limit as its headers described it. */
  learned?: () => BucketShape | undefined;
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
  readonly #redis: TolerantRedis;
  #warned = false;

  constructor(options: RedisBucketOptions) {
    const clock = options.clock ?? systemClock;
    super(options.perMinute, clock, options.learned);
    this.#options = options;
    this.#fallback = new MemoryTokenBucket(options.perMinute, clock, options.learned);
    this.#redis = new TolerantRedis(options.redisUrl, IOREDIS_FOR_RATE_LIMIT, (error) =>
      this.#warn(error),
    );
  }

  override setPerMinute(perMinute: number): void {
    super.setPerMinute(perMinute);
    this.#fallback.setPerMinute(perMinute);
  }

  override close(): Promise<void> {
    return this.#redis.close();
  }

  protected async tryTake(request: TakeRequest): Promise<number> {
    const wait = await this.#run('take', request.need, request.take);
    return wait ?? this.#fallback.tryTake(request);
  }

  override async charge(tokens: number): Promise<void> {
    if ((await this.#run('charge', tokens, 0)) === undefined) this.#fallback.charge(tokens);
  }

  override async pause(ms: number): Promise<void> {
    // The process's own fallback pauses too: it stands in at once if Redis goes away.
    this.#fallback.pause(ms);
    await this.#run('pause', ms, 0);
  }

  override async clamp(remaining: number, slack: number): Promise<void> {
    if ((await this.#run('clamp', remaining, slack)) === undefined) {
      this.#fallback.clamp(remaining, slack);
    }
  }

  /** Run one op of the script; undefined when Redis could not be asked (warned once). */
  async #run(op: string, a: number, b: number): Promise<number | undefined> {
    // A configured bucket always has a shape: the user's rate, perhaps lowered by the provider's.
    const { refillPerMs, capacity } = this.shape ?? { refillPerMs: 0, capacity: 0 };
    const args = [op, String(refillPerMs), String(capacity), String(a), String(b)];
    return this.#redis.run((client) => this.#eval(client, args));
  }

  async #eval(client: Redis, args: string[]): Promise<number> {
    try {
      return Number(await client.evalsha(SCRIPT_SHA, 1, this.#options.key, ...args));
    } catch (error) {
      // First use on this server (or after SCRIPT FLUSH): send the script itself.
      if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
      return Number(await client.eval(BUCKET_SCRIPT, 1, this.#options.key, ...args));
    }
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
