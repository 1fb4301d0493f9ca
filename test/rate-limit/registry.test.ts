import { afterEach, describe, expect, it, vi } from 'vitest';
import { RateLimitRegistry, type RateLimitKey } from '../../src/rate-limit/registry.js';
import { ManualClock, settle } from './manual-clock.js';

const KEY: RateLimitKey = {
  provider: 'openai',
  endpoint: 'https://api.openai.com/v1/chat/completions',
  apiKey: 'sk-registry-secret-0123456789',
  model: 'gpt-4o-mini',
};
const memory = (requestsPerMinute: number) =>
  ({ requestsPerMinute, backend: 'memory', redisUrl: 'redis://127.0.0.1:6379' }) as const;

/** Take `count` tokens in sequence and return the manual-clock time of each grant. */
async function grantTimes(
  take: () => Promise<void>,
  count: number,
  clock: ManualClock,
  advanceMs: number,
): Promise<number[]> {
  const times: number[] = [];
  const run = (async () => {
    for (let i = 0; i < count; i++) {
      await take();
      times.push(clock.now());
    }
  })();
  await clock.advance(advanceMs);
  await run;
  return times;
}

describe('RateLimitRegistry', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('instances with the same key share one bucket', async () => {
    const clock = new ManualClock();
    const registry = new RateLimitRegistry(clock);
    const first = registry.acquire(KEY, memory(60));
    const second = registry.acquire({ ...KEY }, memory(60));
    expect(registry.size).toBe(1);
    await first.take();
    let secondGot: number | undefined;
    void second.take().then(() => (secondGot = clock.now()));
    await clock.advance(999);
    expect(secondGot).toBeUndefined();
    await clock.advance(1);
    expect(secondGot).toBe(1_000);
  });

  it('a different provider, endpoint, API key or model is a different bucket', async () => {
    const clock = new ManualClock();
    const registry = new RateLimitRegistry(clock);
    const variants: RateLimitKey[] = [
      KEY,
      { ...KEY, provider: 'azure' },
      { ...KEY, endpoint: 'http://127.0.0.1:1/v1/chat/completions' },
      { ...KEY, apiKey: 'sk-another-key-0123456789' },
      { ...KEY, model: 'gpt-4o' },
    ];
    const limiters = variants.map((key) => registry.acquire(key, memory(60)));
    expect(registry.size).toBe(5);
    // Capacity 1 each: every bucket grants its first token at once.
    const granted: number[] = [];
    for (const limiter of limiters) void limiter.take().then(() => granted.push(clock.now()));
    await settle();
    expect(granted).toEqual([0, 0, 0, 0, 0]);
  });

  it('disagreeing rates: the lowest wins, with one warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const clock = new ManualClock();
    const registry = new RateLimitRegistry(clock);
    const fast = registry.acquire(KEY, memory(600));
    const slow = registry.acquire(KEY, memory(60));
    registry.acquire(KEY, memory(300));
    expect(warn).toHaveBeenCalledTimes(1);
    const message = String(warn.mock.calls[0]?.[0]);
    expect(message).toContain('600');
    expect(message).toContain('60');
    expect(message).toContain('lowest');
    expect(message).not.toContain(KEY.apiKey);
    // 60 rpm: capacity 1, one token per second, for both holders.
    expect(await grantTimes(() => fast.take(), 3, clock, 2_000)).toEqual([0, 1_000, 2_000]);
    // When the slow holder leaves, the lowest remaining rate (300 rpm) applies.
    await slow.release();
    const times = await grantTimes(() => fast.take(), 2, clock, 400);
    expect(times[1]! - times[0]!).toBe(200);
  });

  it('the same rate from many instances gives no warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const registry = new RateLimitRegistry(new ManualClock());
    for (let i = 0; i < 5; i++) registry.acquire(KEY, memory(120));
    expect(warn).not.toHaveBeenCalled();
  });

  it('the last release removes the bucket; a released handle cannot release twice', async () => {
    const registry = new RateLimitRegistry(new ManualClock());
    const first = registry.acquire(KEY, memory(60));
    const second = registry.acquire(KEY, memory(60));
    await first.release();
    await first.release();
    expect(registry.size).toBe(1);
    await second.release();
    expect(registry.size).toBe(0);
  });

  it('a bucket refills from its first token on: no start-up delay', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimitRegistry(clock).acquire(KEY, memory(60));
    // 60 rpm: capacity 1, one token per second from the start.
    expect(await grantTimes(() => limiter.take(), 4, clock, 3_100)).toEqual([
      0, 1_000, 2_000, 3_000,
    ]);
  });
});
