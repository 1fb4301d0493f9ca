import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { OpenAILLM } from '../src/index.js';
import { IOREDIS_FOR_CACHE } from '../src/optional-packages.js';
import {
  acquireRedis,
  REDIS_COMMAND_TIMEOUT_MS,
  REDIS_PAUSE_AFTER_TIMEOUT_MS,
  waitUntilReady,
} from '../src/redis.js';
import { cachedLLM, echo } from './cache/helpers.js';
import { FreezableProxy } from './servers/freezable-proxy.js';
import { useReplayServer } from './servers/use-replay-server.js';

const run = promisify(execFile);
const DIST = fileURLToPath(new URL('../dist/index.js', import.meta.url));

// A process that uses the Redis cache and rate limiter with Redis unreachable, closes its LLM,
// and prints how long it lived on after close() resolved (what keeps it alive is left over).
const CLOSE_AND_EXIT = `
const { OpenAILLM } = await import(process.argv[1]);
console.warn = () => undefined;
const llm = new OpenAILLM({
  model: 'gpt-4o-mini', apiKey: 'k', baseUrl: process.argv[2], redisUrl: 'redis://127.0.0.1:1',
  cache: true, cacheBackend: 'redis', requestsPerMinute: 600, rateLimitBackend: 'redis',
});
await llm.generate('hello');
await llm.close();
const closed = performance.now();
process.on('exit', () => console.log(Math.round(performance.now() - closed)));
`;

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

  describe('with a real LLM', () => {
    const server = useReplayServer();

    it('after close() with Redis unreachable, the process exits at once', async () => {
      // No keep-alive socket to the provider either: only Redis could keep the process alive.
      server().always((request) => {
        const answer = echo(request);
        return { ...answer, headers: { ...answer.headers, connection: 'close' } };
      });
      const { stdout } = await run(process.execPath, [
        '--input-type=module',
        '-e',
        CLOSE_AND_EXIT,
        DIST,
        `${server().url}/v1`,
      ]);
      // ioredis's 2 s disconnect guard and a 1 s first-connection timer used to keep it alive.
      expect(Number(stdout.trim())).toBeLessThan(1_000);
    });

    describe('a frozen Redis (connected, not answering)', () => {
      let proxy: FreezableProxy;
      let llm: OpenAILLM;
      beforeAll(async () => {
        proxy = await FreezableProxy.start(`${url}/13`);
      });
      afterAll(async () => {
        await llm?.close();
        await proxy.close();
      });

      it('costs one command timeout, then is skipped for a while instead of once per command', async () => {
        const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
        server().always(echo);
        llm = cachedLLM(server(), {
          cacheBackend: 'redis',
          redisUrl: proxy.url,
          requestsPerMinute: 6_000,
          rateLimitBackend: 'redis',
        });
        await llm.generate('before the freeze');
        proxy.freeze();
        const durations: number[] = [];
        for (let call = 0; call < 6; call++) {
          const started = performance.now();
          expect(await llm.generate(`frozen ${call}`)).toBe(`echo:frozen ${call}`);
          durations.push(performance.now() - started);
        }
        const [first = 0, ...rest] = durations;
        // Before: three timeouts on every call (cache read, rate limiter, cache write), 1.5 s.
        expect(first).toBeGreaterThanOrEqual(REDIS_COMMAND_TIMEOUT_MS - 50);
        expect(first).toBeLessThan(2 * REDIS_COMMAND_TIMEOUT_MS);
        expect(rest.reduce((sum, ms) => sum + ms, 0)).toBeLessThan(3 * REDIS_COMMAND_TIMEOUT_MS);
        // One warning from the cache, one from the rate limiter.
        expect(warn).toHaveBeenCalledTimes(2);

        // Answering again: after the pause, answers are stored and replayed again.
        proxy.thaw();
        await expect
          .poll(
            async () => {
              await llm.generate('after the freeze');
              return llm.cacheStats?.hits ?? 0;
            },
            { timeout: REDIS_PAUSE_AFTER_TIMEOUT_MS + 5_000, interval: 250 },
          )
          .toBeGreaterThan(0);
        vi.restoreAllMocks();
      }, 30_000);
    });
  });
});
