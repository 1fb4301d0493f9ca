import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { IOREDIS_FOR_RATE_LIMIT } from '../../src/optional-packages.js';
import { acquireRedis, waitUntilReady } from '../../src/redis.js';
import {
  RateLimitRegistry,
  type RateLimitKey,
  type RateLimiter,
} from '../../src/rate-limit/registry.js';
import { ManualClock, settle } from './manual-clock.js';

const redisUrl = inject('redisUrl');

/** A key no other test uses, so every test starts with a full bucket of its own. */
function uniqueKey(): RateLimitKey {
  return {
    provider: 'openai',
    endpoint: 'http://127.0.0.1/v1/chat/completions',
    apiKey: `sk-redis-bucket-${randomUUID()}`,
    model: `model-${randomUUID()}`,
  };
}

const onRedis = (requestsPerMinute: number, url = redisUrl) =>
  ({ requestsPerMinute, backend: 'redis', redisUrl: url }) as const;

describe('Redis token bucket', () => {
  const held: RateLimiter[] = [];
  const hold = (limiter: RateLimiter): RateLimiter => {
    held.push(limiter);
    return limiter;
  };
  afterEach(async () => {
    vi.restoreAllMocks();
    await Promise.all(held.splice(0).map((limiter) => limiter.release()));
  });

  it('two separate registries (as two processes would) share one bucket through Redis', async () => {
    const key = uniqueKey();
    // Separate registries have separate in-process buckets: only Redis can make them agree.
    const first = hold(new RateLimitRegistry().acquire(key, onRedis(600)));
    const second = hold(new RateLimitRegistry().acquire(key, onRedis(600)));
    await first.take(); // connect both before timing
    await second.take();
    const started = performance.now();
    const takeMany = async (limiter: RateLimiter, count: number): Promise<void> => {
      for (let i = 0; i < count; i++) await limiter.take();
    };
    await Promise.all([takeMany(first, 10), takeMany(second, 10)]);
    const elapsed = performance.now() - started;
    // 10 per second, 8 tokens left after the two above: 20 more need at least 1.2 s together,
    // where two unshared buckets would finish in about 0.2 s each.
    expect(elapsed).toBeGreaterThanOrEqual(1_000);
    expect(elapsed).toBeLessThan(3_500);
  });

  it('the Lua script is atomic: many concurrent takers never get more than the bucket allows', async () => {
    const key = uniqueKey();
    const limiters = Array.from({ length: 5 }, () =>
      hold(new RateLimitRegistry().acquire(key, onRedis(1_200))),
    );
    // Connect every registry first (each grants one token, leaving 15 of 20).
    await Promise.all(limiters.map((limiter) => limiter.take()));
    const started = performance.now();
    const grants: number[] = [];
    await Promise.all(
      limiters.flatMap((limiter) =>
        Array.from({ length: 8 }, () =>
          limiter.take().then(() => grants.push(performance.now() - started)),
        ),
      ),
    );
    expect(grants).toHaveLength(40);
    // 20 per second with 15 tokens in hand: within the first 300 ms at most 15 + 6 tokens
    // exist (one more for timer slack); a racy read-modify-write would hand out far more.
    expect(grants.filter((at) => at < 300).length).toBeLessThanOrEqual(22);
    expect(Math.max(...grants)).toBeGreaterThanOrEqual(1_100);
  });

  it("follows the Redis server's clock, not the client's", async () => {
    const clock = new ManualClock();
    const key = uniqueKey();
    const limiter = hold(new RateLimitRegistry(clock).acquire(key, onRedis(60)));
    await limiter.take(); // the only token
    let granted = false;
    void limiter.take().then(() => (granted = true));
    // The client's clock jumps a full second ahead, but on the server almost no time passed.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await clock.advance(1_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(granted).toBe(false);
    // Once a real second has passed on the server, the next wake-up gets the token.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await clock.advance(1_000);
    await expect.poll(() => granted, { timeout: 2_000 }).toBe(true);
  });

  it('stores the bucket under a hashed key that expires, never the API key', async () => {
    const key = uniqueKey();
    const limiter = hold(new RateLimitRegistry().acquire(key, onRedis(60)));
    await limiter.take();
    const handle = await acquireRedis(redisUrl, IOREDIS_FOR_RATE_LIMIT);
    try {
      await waitUntilReady(handle.client);
      const keys = await handle.client.keys('synapsekit:ratelimit:*');
      expect(keys.length).toBeGreaterThan(0);
      for (const stored of keys) {
        expect(stored).toMatch(/^synapsekit:ratelimit:[0-9a-f]{64}$/);
        expect(stored).not.toContain(key.apiKey);
        const state = await handle.client.hgetall(stored);
        expect(JSON.stringify(state)).not.toContain(key.apiKey);
        expect(await handle.client.pttl(stored)).toBeGreaterThan(0);
      }
    } finally {
      await handle.release();
    }
  });

  it('Redis unreachable: one clear warning, then the in-memory bucket, never a failed take', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const clock = new ManualClock();
    const limiter = hold(
      new RateLimitRegistry(clock).acquire(
        uniqueKey(),
        onRedis(60, 'redis://user:hunter2-password@127.0.0.1:1'),
      ),
    );
    await limiter.take();
    let second = false;
    void limiter.take().then(() => (second = true));
    await settle();
    expect(second).toBe(false); // still limited, now in memory: one token per second
    await clock.advance(1_000);
    await expect.poll(() => second).toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);
    const message = String(warn.mock.calls[0]?.[0]);
    expect(message).toContain('127.0.0.1:1');
    expect(message).toContain('in-memory');
    expect(message).not.toContain('hunter2-password');
  });
});
