import { describe, expect, inject, it } from 'vitest';
import { IOREDIS_FOR_CACHE } from '../src/optional-packages.js';
import { acquireRedis, waitUntilReady } from '../src/redis.js';

describe('shared Redis connection', () => {
  const url = inject('redisUrl');

  it('gives every acquirer of one URL the same client, and closes it after the last release', async () => {
    const first = await acquireRedis(url, IOREDIS_FOR_CACHE);
    const second = await acquireRedis(url, IOREDIS_FOR_CACHE);
    expect(second.client).toBe(first.client);
    await waitUntilReady(first.client);
    await first.client.set('synapsekit:test:redis', 'ok');
    expect(await second.client.get('synapsekit:test:redis')).toBe('ok');
    await first.release();
    await first.release(); // a second release of the same handle changes nothing
    expect(second.client.status).toBe('ready');
    await second.release();
    const third = await acquireRedis(url, IOREDIS_FOR_CACHE);
    expect(third.client).not.toBe(first.client);
    await third.release();
  });

  it('an unreachable Redis fails commands fast instead of hanging', async () => {
    const handle = await acquireRedis('redis://127.0.0.1:1', IOREDIS_FOR_CACHE);
    const started = Date.now();
    await expect(handle.client.get('x')).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(3_000);
    await handle.release();
  });
});
