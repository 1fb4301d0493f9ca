import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { REDIS_CACHE_PREFIX, RedisCacheBackend } from '../../src/cache/redis.js';
import type { OpenAILLM } from '../../src/index.js';
import { useReplayServer } from '../servers/use-replay-server.js';
import { API_KEY, cachedLLM, collect, echo } from './helpers.js';

// The LLM always writes under the library's prefix, so each test gets its own logical database
// of the shared test redis-server (numbers other suites are unlikely to pick), flushed first.
let nextDatabase = 9;

describe('Redis cache backend (real redis-server)', () => {
  const baseUrl = inject('redisUrl');
  const server = useReplayServer();
  let url: string;
  let inspector: Redis;
  const open: OpenAILLM[] = [];
  const redisLLM = (options: Parameters<typeof cachedLLM>[1] = {}): OpenAILLM => {
    const llm = cachedLLM(server(), { cacheBackend: 'redis', redisUrl: url, ...options });
    open.push(llm);
    return llm;
  };

  beforeEach(async () => {
    server().always(echo);
    url = `${baseUrl}/${nextDatabase++}`;
    inspector = new Redis(url);
    await inspector.flushdb();
  });
  afterEach(async () => {
    for (const llm of open.splice(0)) await llm.close();
    await inspector.flushdb();
    inspector.disconnect();
    vi.restoreAllMocks();
  });

  it('two instances share hits', async () => {
    const first = redisLLM();
    const second = redisLLM({ apiKey: 'sk-second-instance' });
    expect(await first.generate('shared question')).toBe('echo:shared question');
    expect(await second.generate('shared question')).toBe('echo:shared question');
    expect(await collect(second.stream('shared question'))).toBe('echo:shared question');
    expect(server().requests).toHaveLength(1);
    expect(first.cacheStats).toEqual({ hits: 0, misses: 1, size: 1 });
    expect(second.cacheStats).toEqual({ hits: 2, misses: 0, size: 1 });
  });

  it('stores under the key prefix, with the answer events and finish reason but never the API key', async () => {
    await redisLLM().generate('what is stored?');
    const keys = await inspector.keys('*');
    const entries = keys.filter((key) => key !== `${REDIS_CACHE_PREFIX}index`);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatch(/^synapsekit:cache:v2:[0-9a-f]{64}$/);
    const value = (await inspector.get(entries[0] ?? '')) ?? '';
    expect(JSON.parse(value)).toMatchObject({
      events: [{ type: 'text', text: 'echo:what is stored?' }],
      messages: [{ role: 'assistant', content: [{ type: 'text', text: 'echo:what is stored?' }] }],
      finishReason: 'stop',
      providerFinishReason: 'stop',
    });
    expect(await inspector.ttl(entries[0] ?? '')).toBe(-1); // no cacheTtl: no expiry
    for (const key of keys) {
      const dump = (await inspector.dump(key)) ?? '';
      expect(dump.includes(API_KEY)).toBe(false);
    }
  });

  it('cacheTtl: 1 expires entries', async () => {
    const llm = redisLLM({ cacheTtl: 1 });
    await llm.generate('short-lived');
    const [entry] = (await inspector.keys(`${REDIS_CACHE_PREFIX}*`)).filter(
      (key) => !key.endsWith('index'),
    );
    const ttl = await inspector.pttl(entry ?? '');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1_000);
    await vi.waitFor(async () => expect(await inspector.exists(entry ?? '')).toBe(0), {
      timeout: 5_000,
      interval: 100,
    });
    await llm.generate('short-lived');
    expect(server().requests).toHaveLength(2);
    expect(llm.cacheStats).toEqual({ hits: 0, misses: 2, size: 1 });
  });

  it('Redis down: calls still succeed, with one warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const llm = cachedLLM(server(), { cacheBackend: 'redis', redisUrl: 'redis://127.0.0.1:1' });
    open.push(llm);
    const started = Date.now();
    for (const prompt of ['a', 'b', 'a']) expect(await llm.generate(prompt)).toBe(`echo:${prompt}`);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(server().requests).toHaveLength(3);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('redis://127.0.0.1:1');
    expect(llm.cacheStats).toEqual({ hits: 0, misses: 3, size: 0 });
  });

  it('the warning never shows a password from the URL', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const llm = cachedLLM(server(), {
      cacheBackend: 'redis',
      redisUrl: 'redis://user:hunter2-redis-password@127.0.0.1:1/0',
    });
    open.push(llm);
    expect(await llm.generate('q')).toBe('echo:q');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).not.toContain('hunter2');
  });

  it('stores entries as JSON under its prefix; a damaged entry is a miss that the next store overwrites', async () => {
    const backend = new RedisCacheBackend(url, undefined, 'synapsekit:test:entries:');
    const entry = {
      events: [{ type: 'text' as const, text: 'Grüße 🎉' }],
      messages: [{ role: 'assistant' as const, content: 'Grüße 🎉' }],
      finishReason: 'stop' as const,
      providerFinishReason: 'stop',
    };
    await backend.set('k', entry);
    expect(await backend.get('k')).toEqual(entry);
    expect(JSON.parse((await inspector.get('synapsekit:test:entries:k')) ?? '')).toEqual(entry);
    await inspector.set('synapsekit:test:entries:k', 'not json');
    expect(await backend.get('k')).toBeUndefined();
    await backend.set('k', entry);
    expect(await backend.get('k')).toEqual(entry);
    expect(await backend.get('missing')).toBeUndefined();
    await backend.close();
  });
});
