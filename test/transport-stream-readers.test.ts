import { describe, expect, it } from 'vitest';
import { AnthropicLLM, ProviderError, type FinishInfo, type OpenAILLM } from '../src/index.js';
import { anthropicStream } from './servers/anthropic.js';
import { openAIAgainst, openAIChunks, openAISse, SSE_HEADERS } from './servers/openai-chat.js';
import { useReplayServer } from './servers/use-replay-server.js';

describe('stream readers: line ends and per-event bounds', () => {
  const server = useReplayServer();

  const openai = (): OpenAILLM => openAIAgainst(server());

  it('SSE with CR-only line ends keeps its final event: a complete answer, not an interruption', async () => {
    const stream = anthropicStream(['Hello', ' there'], {
      usage: { input_tokens: 4, output_tokens: 2 },
    });
    const body = (stream.body as string[]).map((event) => event.replace(/\n/g, '\r'));
    server().enqueue({ ...stream, body });
    const finished: FinishInfo[] = [];
    const received: string[] = [];
    const llm = new AnthropicLLM({
      model: 'claude-sonnet-4-5',
      apiKey: 'sk-ant-test',
      baseUrl: server().url,
    });
    for await (const piece of llm.stream('hi', { onFinish: (info) => finished.push(info) })) {
      received.push(piece);
    }
    expect(received.join('')).toBe('Hello there');
    expect(finished[0]).toMatchObject({
      providerFinishReason: 'end_turn',
      usage: { input: 4, output: 2 },
    });
  });

  it('an event of 6 MB (a large base64 image) is read whole', async () => {
    const image = 'QUJD'.repeat(1_500_000);
    server().enqueue({
      headers: SSE_HEADERS,
      body: openAISse(openAIChunks([image])),
    });
    const text = await openai().generate('hi');
    expect(text.length).toBe(image.length);
    expect(text === image).toBe(true);
  });

  it('a long stream whose events arrive many per read is never taken for one large event', async () => {
    // 10,000 events of 1 KB (10 MB, over the per-event bound in total) in a single write, so
    // every read completes events.
    const piece = 'x'.repeat(1_000);
    const [role, text, ...end] = openAISse(openAIChunks([piece]));
    const body = [role, (text ?? '').repeat(10_000), ...end].join('');
    server().enqueue({ headers: SSE_HEADERS, body });
    expect(await openai().generate('hi')).toBe(piece.repeat(10_000));
  });

  it('one event of more than 64 Ki data lines is refused, even when it is small', async () => {
    // Never completed: the parser would keep adding lines to it.
    server().enqueue({ headers: SSE_HEADERS, body: 'data: x\n'.repeat(70_000), hang: true });
    const error = await openai()
      .generate('hi')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ retryable: false });
    expect((error as Error).message).toContain('lines; reading stopped there');
  });
});
