import { createHash } from 'node:crypto';
import { systemClock, type Clock } from '../clock.js';
import { defaultLogger, type Logger } from '../log/logger.js';
import { IOREDIS_FOR_RATE_LIMIT, requireInstalled } from '../optional-packages.js';
import type { TokenBucket } from './bucket.js';
import { MemoryTokenBucket } from './memory.js';
import { RedisTokenBucket } from './redis.js';

/** What identifies one provider quota: calls with the same four values share a bucket. */
export interface RateLimitKey {
  provider: string;
  /** The resolved endpoint URL, without secrets. */
  endpoint: string;
  apiKey: string;
  model: string;
}

export interface RateLimitSettings {
  requestsPerMinute: number;
  backend: 'memory' | 'redis';
  redisUrl: string;
  /** Where this holder's warnings go (its LLM instance's logger); default stderr. */
  logger?: Logger | undefined;
}

/**
 * Called at construction: buckets are created on the first call, but a Redis rate limiter
 * without ioredis installed is a setup mistake to report before any request.
 *
 * @throws ConfigError naming `rateLimitBackend` and `npm install ioredis`.
 */
export function requireRateLimitBackend(config: {
  requestsPerMinute: number | undefined;
  rateLimitBackend: 'memory' | 'redis';
}): void {
  if (config.requestsPerMinute !== undefined && config.rateLimitBackend === 'redis') {
    requireInstalled(IOREDIS_FOR_RATE_LIMIT);
  }
}

/** One LLM instance's hold on a shared bucket. */
export interface RateLimiter {
  /** Wait for a token (in arrival order); an abort leaves the line with an AbortError. */
  take(signal?: AbortSignal): Promise<void>;
  /** Stop sharing the bucket; the last holder's release closes it (and its Redis handle). */
  release(): Promise<void>;
}

interface SharedBucket {
  bucket: TokenBucket;
  settings: RateLimitSettings;
  label: string;
  /** The rate each live holder asked for; the lowest applies. */
  holders: Map<symbol, number>;
  warned: boolean;
}

const REDIS_KEY_PREFIX = 'synapsekit:ratelimit:';

/**
 * How long after its first token a bucket starts refilling. A provider enforcing the same
 * bucket starts it when our first requests arrive, and those are the slowest (Node loads its
 * fetch on first use, then connection set-up and TLS), so its schedule runs behind ours: with
 * no delay, a later request on a warm connection lands just before the provider's refill.
 * Measured on loopback: the first of 50 concurrent requests arrived ~50 ms after the bucket
 * was created and the last ~100 ms; delays of 0, 10 and 50 ms each let one request in 600
 * through early, 250 ms none. It shifts the schedule once per bucket, never per request, and
 * the rate is unchanged.
 */
export const REFILL_DELAY_MS = 250;

/**
 * The buckets of one process, one per RateLimitKey. Keys are stored as a SHA-256 hash, so the
 * API key is never held in clear here or in Redis. Tests make their own registry (with a fake
 * clock); the library uses `sharedRateLimits`.
 */
export class RateLimitRegistry {
  readonly #buckets = new Map<string, SharedBucket>();
  readonly #clock: Clock;
  readonly #refillDelayMs: number;

  constructor(clock: Clock = systemClock, refillDelayMs = REFILL_DELAY_MS) {
    this.#clock = clock;
    this.#refillDelayMs = refillDelayMs;
  }

  /** How many buckets are in use (for tests and diagnostics). */
  get size(): number {
    return this.#buckets.size;
  }

  acquire(key: RateLimitKey, settings: RateLimitSettings): RateLimiter {
    const id = hashKey(key);
    const label = `${key.provider} ${key.model} (${key.endpoint})`;
    let shared = this.#buckets.get(id);
    if (!shared) {
      shared = {
        bucket: this.#createBucket(id, settings, label),
        settings,
        label,
        holders: new Map(),
        warned: false,
      };
      this.#buckets.set(id, shared);
    } else {
      this.#warnIfDisagreeing(shared, settings);
    }
    const holder = Symbol('rate-limit holder');
    shared.holders.set(holder, settings.requestsPerMinute);
    applyLowestRate(shared);

    const entry = shared;
    let released = false;
    return {
      take: (signal) => entry.bucket.take(signal),
      release: async () => {
        if (released) return;
        released = true;
        entry.holders.delete(holder);
        if (entry.holders.size > 0) {
          applyLowestRate(entry);
          return;
        }
        if (this.#buckets.get(id) === entry) this.#buckets.delete(id);
        await entry.bucket.close();
      },
    };
  }

  #createBucket(id: string, settings: RateLimitSettings, label: string): TokenBucket {
    if (settings.backend === 'redis') {
      return new RedisTokenBucket({
        redisUrl: settings.redisUrl,
        key: REDIS_KEY_PREFIX + id,
        requestsPerMinute: settings.requestsPerMinute,
        label,
        clock: this.#clock,
        refillDelayMs: this.#refillDelayMs,
        logger: settings.logger,
      });
    }
    return new MemoryTokenBucket(settings.requestsPerMinute, this.#clock, this.#refillDelayMs);
  }

  /** One warning per bucket: the rates (the lowest wins) or the backends (the first wins) differ. */
  #warnIfDisagreeing(shared: SharedBucket, settings: RateLimitSettings): void {
    if (shared.warned) return;
    const rates = [...shared.holders.values()];
    const rateDiffers = rates.some((rate) => rate !== settings.requestsPerMinute);
    const backendDiffers =
      settings.backend !== shared.settings.backend ||
      (settings.backend === 'redis' && settings.redisUrl !== shared.settings.redisUrl);
    if (!rateDiffers && !backendDiffers) return;
    shared.warned = true;
    const problems: string[] = [];
    if (rateDiffers) {
      const lowest = Math.min(settings.requestsPerMinute, ...rates);
      problems.push(
        `they ask for different requestsPerMinute (${[...new Set([...rates, settings.requestsPerMinute])].join(', ')}); the lowest, ${lowest}, applies to all of them`,
      );
    }
    if (backendDiffers) {
      problems.push(
        `they ask for different rate-limit backends; the first one created (${shared.settings.backend}) is used`,
      );
    }
    (settings.logger ?? defaultLogger).warn(
      `synapsekit: several LLM instances share the rate limit of ${shared.label}, but ${problems.join(', and ')}. ` +
        'Give them the same settings to silence this warning.',
    );
  }
}

function applyLowestRate(shared: SharedBucket): void {
  const lowest = Math.min(...shared.holders.values());
  if (lowest !== shared.bucket.requestsPerMinute) shared.bucket.setRequestsPerMinute(lowest);
}

function hashKey(key: RateLimitKey): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        'synapsekit-rate-limit-v1',
        key.provider,
        key.endpoint,
        key.apiKey,
        key.model,
      ]),
    )
    .digest('hex');
}

/** The registry every LLM instance of this process uses. */
export const sharedRateLimits = new RateLimitRegistry();
