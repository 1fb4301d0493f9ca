import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { AbortError, OpenAILLM, type LLMConfigOptions } from '../../src/index.js';
import { openAIError, openAIStream } from '../servers/openai-chat.js';
import { useReplayServer } from '../servers/use-replay-server.js';

const redisUrl = inject('redisUrl');
const DIST = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

describe('requestsPerMinute on real calls', () => {
  const server = useReplayServer();
  /** When each request reached the server (ms, Date.now(): shared with child processes). */
  let arrivals: number[];
  const open: OpenAILLM[] = [];

  beforeEach(() => {
    arrivals = [];
    server().always(() => {
      arrivals.push(Date.now());
      return openAIStream(['ok'], { usage: { prompt_tokens: 1, completion_tokens: 1 } });
    });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await Promise.all(open.splice(0).map((llm) => llm.close()));
  });

  /** Each test gets its own model id, so its bucket is its own (buckets are process-wide). */
  let model = '';
  beforeEach(() => {
    model = `gpt-rate-${randomUUID()}`;
  });
  const llm = (options: Partial<LLMConfigOptions> = {}): OpenAILLM => {
    const instance = new OpenAILLM({
      model,
      apiKey: 'sk-rate-limit-test-key',
      baseUrl: `${server().url}/v1`,
      ...options,
    });
    open.push(instance);
    return instance;
  };
  const sequentially = async (instance: OpenAILLM, count: number): Promise<void> => {
    for (let i = 0; i < count; i++) await instance.generate('hi');
  };

  it('requestsPerMinute 600: 30 sequential calls take about 2 s', async () => {
    const instance = llm({ requestsPerMinute: 600 });
    const started = performance.now();
    await sequentially(instance, 30);
    const elapsed = performance.now() - started;
    // 10 at once (one second's worth), then 20 at 10 per second.
    expect(elapsed).toBeGreaterThanOrEqual(1_700);
    expect(elapsed).toBeLessThan(3_500);
    expect(server().requests).toHaveLength(30);
  });

  it('two instances with the same key share one bucket', async () => {
    const first = llm({ requestsPerMinute: 600 });
    const second = llm({ requestsPerMinute: 600 });
    const started = performance.now();
    await Promise.all([sequentially(first, 15), sequentially(second, 15)]);
    const elapsed = performance.now() - started;
    // Shared: 30 calls from one bucket, about 2 s. Separate buckets would take about 0.5 s.
    expect(elapsed).toBeGreaterThanOrEqual(1_700);
    expect(elapsed).toBeLessThan(3_500);
  });

  it('instances with different API keys do not share', async () => {
    const first = llm({ requestsPerMinute: 60 });
    const second = llm({ requestsPerMinute: 60, apiKey: 'sk-another-rate-limit-key' });
    const started = performance.now();
    // Capacity 1 each: if they shared, the second call would wait a full second.
    await Promise.all([first.generate('hi'), second.generate('hi')]);
    expect(performance.now() - started).toBeLessThan(800);
  });

  it('every attempt takes a token, retries included', async () => {
    server().reset();
    server().enqueue(
      () => {
        arrivals.push(Date.now());
        return openAIError(503, 'Overloaded', { type: 'server_error' });
      },
      () => {
        arrivals.push(Date.now());
        return openAIStream(['ok']);
      },
    );
    const instance = llm({ requestsPerMinute: 60, maxRetries: 1, retryDelay: 0 });
    expect(await instance.generate('hi')).toBe('ok');
    expect(arrivals).toHaveLength(2);
    // The retry needed the next token: one per second at 60 requests per minute.
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(950);
  });

  it('a call aborted while waiting for a token leaves the line and sends nothing', async () => {
    const instance = llm({ requestsPerMinute: 60 });
    await instance.generate('first'); // the only token
    const started = performance.now();
    const error = await instance
      .generate('aborted', { signal: AbortSignal.timeout(150) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(performance.now() - started).toBeLessThan(900);
    // The next caller gets the token the aborted one was waiting for, about 1 s after the first.
    await instance.generate('next');
    expect(server().requests.some((request) => request.body.includes('aborted'))).toBe(false);
    expect(server().requests).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(1_800);
  });

  it('disagreeing rates on one key: a warning, and the lowest applies', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const fast = llm({ requestsPerMinute: 6_000 });
    const slow = llm({ requestsPerMinute: 120 });
    await slow.generate('hi'); // both hold the bucket once each made a call
    const started = performance.now();
    await sequentially(fast, 4);
    // 120 rpm: capacity 2 (one used above), then 2 per second: the fourth call waits ~1 s.
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/lowest, 120/);
    expect(String(warn.mock.calls[0]?.[0])).not.toContain('sk-rate-limit-test-key');
  });

  it('two instances on the Redis backend share one bucket', async () => {
    const first = llm({ requestsPerMinute: 600, rateLimitBackend: 'redis', redisUrl });
    const second = llm({ requestsPerMinute: 600, rateLimitBackend: 'redis', redisUrl });
    const started = performance.now();
    await Promise.all([sequentially(first, 15), sequentially(second, 15)]);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1_700);
    expect(elapsed).toBeLessThan(4_000);
  });

  it('Redis down (redis://127.0.0.1:1): one warning and every call succeeds, limited in memory', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const instance = llm({
      requestsPerMinute: 600,
      rateLimitBackend: 'redis',
      redisUrl: 'redis://127.0.0.1:1',
    });
    const started = performance.now();
    await sequentially(instance, 15);
    expect(server().requests).toHaveLength(15);
    // About 1 s waiting for the first connection, then the in-memory bucket: 5 calls past the burst.
    expect(performance.now() - started).toBeGreaterThanOrEqual(450);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/Redis rate limiter.*in-memory bucket/s);
  });

  it('two Node processes on the Redis backend share one bucket', async () => {
    if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run \`npm run build\` first.`);
    const config = {
      model,
      apiKey: 'sk-rate-limit-test-key',
      baseUrl: `${server().url}/v1`,
      requestsPerMinute: 600,
      rateLimitBackend: 'redis',
      redisUrl,
    };
    // The child warms up (one call, so its Redis connection is ready), says "ready", waits
    // for "go", then makes 15 calls while this process makes 15 of its own.
    const script = `
      import { createInterface } from 'node:readline';
      const { OpenAILLM } = await import(${JSON.stringify(DIST)});
      const llm = new OpenAILLM(JSON.parse(process.env.SYNAPSEKIT_TEST_CONFIG));
      await llm.generate('warm-up');
      const lines = createInterface({ input: process.stdin });
      process.stdout.write('ready\\n');
      for await (const line of lines) if (line === 'go') break;
      for (let i = 0; i < 15; i++) await llm.generate('child');
      await llm.close();
      lines.close();
      process.stdout.write('done\\n');
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, SYNAPSEKIT_TEST_CONFIG: JSON.stringify(config) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    child.stdout.on('data', (data: Buffer) => (output += data.toString()));
    child.stderr.on('data', (data: Buffer) => (errors += data.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

    const parent = llm(config as LLMConfigOptions);
    await parent.generate('warm-up');
    await expect.poll(() => output, { timeout: 10_000 }).toContain('ready');
    // Let the warm-ups' tokens come back so both start from a full bucket of 10.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const go = Date.now();
    child.stdin.write('go\n');
    await sequentially(parent, 15);
    expect(await exited, errors).toBe(0);
    expect(output).toContain('done');

    const afterGo = arrivals.filter((at) => at >= go);
    expect(afterGo).toHaveLength(30);
    const span = Math.max(...afterGo) - Math.min(...afterGo);
    // One shared bucket: 10 at once, then 20 at 10 per second, about 2 s. Two separate
    // buckets would each finish their 15 in about 0.5 s, side by side.
    expect(span).toBeGreaterThanOrEqual(1_500);
    expect(span).toBeLessThan(4_000);
  });
});
