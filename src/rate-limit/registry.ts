import { createHash } from 'node:crypto';
import { systemClock, type Clock } from '../clock.js';
import { defaultLogger, type Logger } from '../log/logger.js';
import { IOREDIS_FOR_RATE_LIMIT, requireInstalled } from '../optional-packages.js';
import type { BucketShape, TokenBucket } from './bucket.js';
import { LearnedLimits } from './learned.js';
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

/** The limits a user gave, and where their buckets live. */
export interface RateLimitSettings {
  requestsPerMinute?: number | undefined;
  tokensPerMinute?: number | undefined;
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
  tokensPerMinute?: number | undefined;
  rateLimitBackend: 'memory' | 'redis';
}): void {
  const limited = config.requestsPerMinute !== undefined || config.tokensPerMinute !== undefined;
  if (limited && config.rateLimitBackend === 'redis') requireInstalled(IOREDIS_FOR_RATE_LIMIT);
}

/** One LLM instance's hold on the buckets of the limits its user gave. */
export interface RateLimiter {
  /** The requests bucket; undefined when no holder gave `requestsPerMinute`. */
  readonly requests: TokenBucket | undefined;
  /** The tokens bucket; undefined when no holder gave `tokensPerMinute`. */
  readonly tokens: TokenBucket | undefined;
  /** Wait for a request token (in arrival order); an abort leaves the line with an AbortError. */
  take(signal?: AbortSignal): Promise<void>;
  /** Stop sharing the buckets; the last holder's release closes them (and their Redis handles). */
  release(): Promise<void>;
}

type Kind = 'requests' | 'tokens';
type Rates = Record<Kind, number | undefined>;

interface SharedBuckets {
  id: string;
  requests: TokenBucket | undefined;
  tokens: TokenBucket | undefined;
  settings: RateLimitSettings;
  label: string;
  /** The rates each live holder asked for; the lowest of each kind applies. */
  holders: Map<symbol, Rates>;
  warned: boolean;
}

const REDIS_PREFIX: Record<Kind, string> = {
  requests: 'synapsekit:ratelimit:',
  tokens: 'synapsekit:tokenlimit:',
};

/**
 * How many quotas' learned limits a process keeps. An app that builds clients for many API
 * keys (one per tenant) would otherwise grow without end; an idle quota forgotten is learned
 * again from its next response.
 */
const MAX_LEARNED = 1024;

/**
 * The buckets of one process, one set per RateLimitKey: those of the limits users gave (shared
 * by the instances holding them, in memory or on Redis) and what the provider's responses
 * taught (always, in memory). Keys are stored as a SHA-256 hash, so the API key is never held
 * in clear here or in Redis. Tests make their own registry (with a fake clock); the library
 * uses `sharedRateLimits`.
 */
export class RateLimitRegistry {
  readonly #buckets = new Map<string, SharedBuckets>();
  readonly #learned = new Map<string, LearnedLimits>();
  readonly #clock: Clock;

  constructor(clock: Clock = systemClock) {
    this.#clock = clock;
  }

  /** How many quotas have buckets of given limits (for tests and diagnostics). */
  get size(): number {
    return this.#buckets.size;
  }

  /** The hash a key is stored under. */
  idOf(key: RateLimitKey): string {
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

  /** What the provider's responses taught about the quota with this id. */
  learned(id: string): LearnedLimits {
    let learned = this.#learned.get(id);
    if (!learned) {
      learned = new LearnedLimits(this.#clock);
      this.#learned.set(id, learned);
      if (this.#learned.size > MAX_LEARNED) this.#forgetOneIdle();
    }
    return learned;
  }

  /** Hold the buckets of the limits in `settings` (at least one of the two rates). */
  acquire(key: RateLimitKey, settings: RateLimitSettings): RateLimiter {
    const id = this.idOf(key);
    const label = `${key.provider} ${key.model} (${key.endpoint})`;
    let shared = this.#buckets.get(id);
    if (!shared) {
      shared = {
        id,
        requests: undefined,
        tokens: undefined,
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
    shared.holders.set(holder, {
      requests: settings.requestsPerMinute,
      tokens: settings.tokensPerMinute,
    });
    this.#applyLowestRates(shared);

    const entry = shared;
    let released = false;
    return {
      get requests() {
        return entry.requests;
      },
      get tokens() {
        return entry.tokens;
      },
      take: async (signal) => entry.requests?.take(signal),
      release: async () => {
        if (released) return;
        released = true;
        entry.holders.delete(holder);
        if (entry.holders.size > 0) {
          this.#applyLowestRates(entry);
          return;
        }
        if (this.#buckets.get(id) === entry) this.#buckets.delete(id);
        await Promise.all([entry.requests?.close(), entry.tokens?.close()]);
      },
    };
  }

  /** Each kind's bucket runs at the lowest rate its holders gave; created when first given. */
  #applyLowestRates(shared: SharedBuckets): void {
    for (const kind of ['requests', 'tokens'] as const) {
      const rates = [...shared.holders.values()]
        .map((rates) => rates[kind])
        .filter((rate): rate is number => rate !== undefined);
      if (rates.length === 0) continue;
      const lowest = Math.min(...rates);
      const bucket = shared[kind];
      if (!bucket) shared[kind] = this.#createBucket(shared, kind, lowest);
      else if (bucket.perMinute !== lowest) bucket.setPerMinute(lowest);
    }
  }

  #createBucket(shared: SharedBuckets, kind: Kind, perMinute: number): TokenBucket {
    const { settings, label, id } = shared;
    const learned = (): BucketShape | undefined =>
      kind === 'requests' ? this.learned(id).requestShape : this.learned(id).tokenShape;
    if (settings.backend === 'redis') {
      return new RedisTokenBucket({
        redisUrl: settings.redisUrl,
        key: REDIS_PREFIX[kind] + id,
        perMinute,
        label,
        clock: this.#clock,
        learned,
        logger: settings.logger,
      });
    }
    return new MemoryTokenBucket(perMinute, this.#clock, learned);
  }

  /** One warning per key: the rates (the lowest wins) or the backends (the first wins) differ. */
  #warnIfDisagreeing(shared: SharedBuckets, settings: RateLimitSettings): void {
    if (shared.warned) return;
    const problems: string[] = [];
    for (const [kind, option] of [
      ['requests', 'requestsPerMinute'],
      ['tokens', 'tokensPerMinute'],
    ] as const) {
      const given = kind === 'requests' ? settings.requestsPerMinute : settings.tokensPerMinute;
      const rates = [...shared.holders.values()].map((rates) => rates[kind]);
      if (rates.every((rate) => rate === given)) continue;
      const all = [...new Set([...rates, given])].filter((rate) => rate !== undefined);
      problems.push(
        `they ask for different ${option} (${all.join(', ')}); the lowest, ${Math.min(...all)}, applies to all of them`,
      );
    }
    const backendDiffers =
      settings.backend !== shared.settings.backend ||
      (settings.backend === 'redis' && settings.redisUrl !== shared.settings.redisUrl);
    if (backendDiffers) {
      problems.push(
        `they ask for different rate-limit backends; the first one created (${shared.settings.backend}) is used`,
      );
    }
    if (problems.length === 0) return;
    shared.warned = true;
    (settings.logger ?? defaultLogger).warn(
      `synapsekit: several LLM instances share the rate limit of ${shared.label}, but ${problems.join(', and ')}. ` +
        'Give them the same settings to silence this warning.',
    );
  }

  /** Drop the oldest quota nothing is using (Map order is insertion order). */
  #forgetOneIdle(): void {
    for (const [id, learned] of this.#learned) {
      if (learned.idle && !this.#buckets.has(id)) {
        this.#learned.delete(id);
        return;
      }
    }
  }
}

/** The registry every LLM instance of this process uses. */
export const sharedRateLimits = new RateLimitRegistry();
