import { describe, expect, it } from 'vitest';
import { OpenAILLM, TimeoutError } from '../src/index.js';
import { openAIChunks, openAISse, SSE_HEADERS } from './servers/openai-chat.js';
import { useReplayServer } from './servers/use-replay-server.js';

describe('timeouts', () => {
  const server = useReplayServer();

  const llm = (timeout: number): OpenAILLM =>
    new OpenAILLM({ model: 'gpt-4o', apiKey: 'k', baseUrl: `${server().url}/v1`, timeout });

  it('bounds the wait for response headers', async () => {
    server().enqueue({ headers: SSE_HEADERS, headerDelayMs: 5_000 });
    const started = Date.now();
    const error = await llm(0.3)
      .generate('hi')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toContain('response headers');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('bounds each silent gap in the stream, and the socket is closed', async () => {
    const [first] = openAISse(openAIChunks(['never finished']));
    server().enqueue({ headers: SSE_HEADERS, body: [first ?? ''], hang: true });
    const received: string[] = [];
    const error = await (async () => {
      for await (const piece of llm(0.3).stream('hi')) received.push(piece);
    })().catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
    await expect.poll(() => server().closedEarly, { timeout: 2_000 }).toBe(1);
  });

  it('a long generation with short gaps is fine', async () => {
    const pieces = Array.from({ length: 8 }, (_, i) => `p${i} `);
    server().enqueue({
      headers: SSE_HEADERS,
      body: openAISse(openAIChunks(pieces, { usage: { prompt_tokens: 1, completion_tokens: 8 } })),
      gapMs: 100,
    });
    // 8+ gaps of 100 ms take far longer than the 0.3 s timeout, but no single gap does.
    expect(await llm(0.3).generate('hi')).toBe(pieces.join(''));
  });
});
