import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAILLM, type FinishInfo, type LLMConfigOptions } from '../../src/index.js';
import { openAIStream } from '../servers/openai-chat.js';
import { rateLimitedServer } from '../servers/rate-limited.js';
import { useReplayServer } from '../servers/use-replay-server.js';

// The scenario is 600 requests from 50 callers against 300 requests per minute, a
// 120 s minimum. Here time runs 10 times faster with every ratio kept (see
// rateLimitedServer): 600 requests, 50 callers, a burst of 5, 3,000 per minute stated in the
// headers, so the minimum is (600 - 5) / 50 per second = 11.9 s. bench/ runs it at full scale.
const REQUESTS = 600;
const CALLERS = 50;
const PER_MINUTE = 300;
const BURST = 5;
const TIME_SCALE = 10;
const MINIMUM_MS = (REQUESTS - BURST) / ((PER_MINUTE * TIME_SCALE) / 60_000);

describe('rate limits that learn from the provider', () => {
  const server = useReplayServer();
  const open: OpenAILLM[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((llm) => llm.close()));
  });
  const llm = (options: Partial<LLMConfigOptions> = {}): OpenAILLM => {
    const instance = new OpenAILLM({
      // Its own model id: buckets and learned limits are per (provider, endpoint, key, model).
      model: `gpt-adaptive-${randomUUID()}`,
      apiKey: 'sk-adaptive-test-key',
      baseUrl: `${server().url}/v1`,
      ...options,
    });
    open.push(instance);
    return instance;
  };

  /** REQUESTS calls from CALLERS concurrent callers; how long it took and how many failed. */
  const batch = async (instance: OpenAILLM): Promise<{ wallMs: number; failed: unknown[] }> => {
    let next = 0;
    const failed: unknown[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CALLERS }, async () => {
        while (next < REQUESTS) {
          next++;
          try {
            expect(await instance.generate('hi')).toBe('ok');
          } catch (error) {
            failed.push(error);
          }
        }
      }),
    );
    return { wallMs: performance.now() - started, failed };
  };

  /** The scenario against a server enforcing the limit; the bounds, asserted. */
  const againstLimitedServer = async (options: Partial<LLMConfigOptions>): Promise<void> => {
    const limited = rateLimitedServer({
      perMinute: PER_MINUTE,
      burst: BURST,
      timeScale: TIME_SCALE,
      answer: () => openAIStream(['ok'], { usage: { prompt_tokens: 5, completion_tokens: 1 } }),
    });
    server().always(limited.respond);
    const { wallMs, failed } = await batch(llm({ maxRetries: 5, ...options }));
    expect(failed).toEqual([]);
    expect(limited.stats.allowed).toBe(REQUESTS);
    expect(limited.stats.limited).toBeLessThanOrEqual(REQUESTS * 0.05);
    expect(wallMs).toBeLessThanOrEqual(MINIMUM_MS * 1.1);
  };

  it('600 requests, 50 callers, no requestsPerMinute: all succeed, within 10 % of the minimum, at most 5 % answered 429', async () => {
    await againstLimitedServer({});
  }, 60_000);

  it('the same with requestsPerMinute 10 % too high: no call fails', async () => {
    await againstLimitedServer({ requestsPerMinute: PER_MINUTE * TIME_SCALE * 1.1 });
  }, 60_000);

  it('tokensPerMinute 10000 with 1,000 tokens per call: a call every 6 s (ten a minute), whatever the prompt length', async () => {
    const starts: number[] = [];
    server().always(() => {
      starts.push(performance.now());
      return openAIStream(['ok'], { usage: { prompt_tokens: 990, completion_tokens: 10 } });
    });
    const instance = llm({ tokensPerMinute: 10_000 });
    const controller = new AbortController();
    const started = performance.now();
    const calls = Array.from({ length: 20 }, (_, i) =>
      // Prompts of 2 and of 20,000 characters: the limiter never guesses tokens from them.
      instance
        .generate('x'.repeat(i % 2 === 0 ? 2 : 20_000), { signal: controller.signal })
        .catch(() => 'aborted'),
    );
    await new Promise((resolve) => setTimeout(resolve, 12_500));
    controller.abort();
    await Promise.all(calls);
    // The bucket holds one second's worth (167 tokens), refilled at 10,000 a minute, and a call
    // is admitted while it is above zero, so the call started at t ms has at most the bucket,
    // the refill until t, and the one call that took it below zero before it: ten a minute.
    const offsets = starts.map((at) => at - started);
    offsets.forEach((at, i) => {
      expect(i * 1_000).toBeLessThanOrEqual(167 + (10_000 * at) / 60_000 + 1_000);
    });
    // And it keeps going: a call (of 1,000 tokens) every 6 s once the first ones are paid for.
    expect(offsets.length).toBeGreaterThanOrEqual(3);
  }, 20_000);

  it('onFinish.rateLimit carries what the headers said (OpenAI durations, Anthropic RFC 3339)', async () => {
    server().enqueue({
      ...openAIStream(['ok'], { usage: { prompt_tokens: 1, completion_tokens: 1 } }),
      headers: {
        'content-type': 'text/event-stream',
        'x-ratelimit-limit-requests': '500',
        'x-ratelimit-remaining-requests': '499',
        'x-ratelimit-reset-requests': '120ms',
        'x-ratelimit-limit-tokens': '30000',
        'x-ratelimit-remaining-tokens': '29000',
        'x-ratelimit-reset-tokens': '6m0s',
      },
    });
    let info: FinishInfo | undefined;
    await llm().generate('hi', { onFinish: (finish) => (info = finish) });
    expect(info?.rateLimit).toEqual({
      remainingRequests: 499,
      remainingTokens: 29000,
      resetMs: 360_000,
    });
    expect(info?.model).toMatch(/^gpt-adaptive-/);
    expect(info?.provider).toBe('openai');
  });
});
