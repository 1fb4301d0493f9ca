import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AnthropicLLM,
  AuthenticationError,
  ConfigError,
  ConnectionError,
  ProviderError,
  RateLimitError,
  createLLM,
  type LLMConfigOptions,
} from '../../src/index.js';
import { runConformance, type ExpectedRequest } from '../conformance.js';
import {
  ANTHROPIC_SSE_HEADERS,
  anthropicError,
  anthropicErrorEvent,
  anthropicEvents,
  anthropicEventsUntilLastText,
  anthropicSse,
  anthropicStream,
} from '../servers/anthropic.js';
import { drainStream, generateWithFinish, rejectionOf } from '../servers/capture.js';
import { useReplayServer } from '../servers/use-replay-server.js';
import { expectRecordingReplays, recordedLines, recordedStreams } from '../servers/recordings.js';
import type { RecordedRequest } from '../servers/replay-server.js';
import { sseEvent, typedSseEvent } from '../servers/sse.js';

const MODEL = 'claude-sonnet-4-5';

function expectMessagesRequest(request: RecordedRequest, expected: ExpectedRequest): void {
  expect(request.method).toBe('POST');
  expect(request.url).toBe('/v1/messages');
  expect(request.headers['x-api-key']).toBe(expected.apiKey);
  expect(request.headers['anthropic-version']).toBe('2023-06-01');
  expect(request.headers.authorization).toBeUndefined();
  const system = expected.messages.filter((m) => m.role === 'system').map((m) => m.content);
  // The whole body, so a stray field (a system role in messages, max_completion_tokens) fails.
  expect(request.json).toEqual({
    model: expected.model,
    max_tokens: expected.maxTokens,
    messages: expected.messages.filter((m) => m.role !== 'system'),
    stream: true,
    ...(system.length > 0 ? { system: system.join('\n\n') } : {}),
    temperature: expected.temperature,
  });
}

runConformance({
  name: 'AnthropicLLM',
  model: MODEL,
  create: (server, options) => new AnthropicLLM({ model: MODEL, baseUrl: server.url, ...options }),
  success: (pieces, usage) =>
    anthropicStream(pieces, {
      usage: { input_tokens: usage.input, output_tokens: usage.output },
    }),
  cut: (pieces) => ({
    headers: ANTHROPIC_SSE_HEADERS,
    body: anthropicSse(anthropicEventsUntilLastText(pieces)),
    cut: true,
  }),
  inStreamError: (pieces, message) => ({
    headers: ANTHROPIC_SSE_HEADERS,
    body: [...anthropicSse(anthropicEventsUntilLastText(pieces)), anthropicErrorEvent(message)],
  }),
  httpError: (status, message) => anthropicError(status, message),
  expectRequest: expectMessagesRequest,
});

describe('AnthropicLLM specifics', () => {
  const server = useReplayServer();
  const make = (options: Partial<LLMConfigOptions> = {}): AnthropicLLM =>
    new AnthropicLLM({
      model: MODEL,
      apiKey: 'sk-ant-test-key-123456',
      baseUrl: server().url,
      ...options,
    });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('input counts cache reads and cache writes, with the breakdown in cacheRead/cacheWrite', async () => {
    server().enqueue(
      anthropicStream(['Cached.'], {
        usage: {
          input_tokens: 10,
          output_tokens: 20,
          cache_read_input_tokens: 1000,
          cache_creation_input_tokens: 300,
        },
      }),
    );
    const llm = make();
    const { text, finish } = await generateWithFinish(llm);
    expect(text).toBe('Cached.');
    expect(finish?.usage).toEqual({
      input: 1310,
      output: 20,
      cacheRead: 1000,
      cacheWrite: 300,
      reported: true,
    });
    expect(llm.tokensUsed).toEqual({ input: 1310, output: 20 });
  });

  it('takes the input counts from message_start when message_delta does not repeat them', async () => {
    server().enqueue(
      anthropicStream(['ok'], {
        usage: { input_tokens: 25, output_tokens: 12, cache_read_input_tokens: 5 },
        repeatInputInDelta: false,
      }),
    );
    const llm = make();
    await llm.generate('hi');
    expect(llm.tokensUsed).toEqual({ input: 30, output: 12 });
  });

  it('prefers the input counts of message_delta when they differ from message_start', async () => {
    const events = anthropicEvents(['ok'], { usage: { input_tokens: 40, output_tokens: 3 } });
    const start = events[0] as { message: { usage: Record<string, number> } };
    start.message.usage.input_tokens = 38;
    server().enqueue({ headers: ANTHROPIC_SSE_HEADERS, body: anthropicSse(events) });
    const llm = make();
    await llm.generate('hi');
    expect(llm.tokensUsed).toEqual({ input: 40, output: 3 });
  });

  it('thinking deltas are not answer text; output still counts the thinking tokens', async () => {
    server().enqueue(
      anthropicStream(['The answer', ' is 4.'], {
        thinking: ['Two plus two', ' is four.'],
        usage: { input_tokens: 9, output_tokens: 57 },
      }),
    );
    const llm = make();
    const { pieces } = await drainStream(llm.stream('2+2?'));
    expect(pieces).toEqual(['The answer', ' is 4.']);
    expect(llm.tokensUsed).toEqual({ input: 9, output: 57 });
  });

  it("the finish reason is Anthropic's stop_reason", async () => {
    server().enqueue(
      anthropicStream(['Trunc'], {
        stopReason: 'max_tokens',
        usage: { input_tokens: 3, output_tokens: 1 },
      }),
    );
    const { finish } = await generateWithFinish(make(), { maxTokens: 1 });
    expect(finish?.providerFinishReason).toBe('max_tokens');
    expect(finish?.finishReason).toBe('length');
  });

  it('topP, stop, extraBody and config headers (anthropic-beta) reach the request', async () => {
    server().enqueue(anthropicStream(['ok']));
    await make({ headers: { 'anthropic-beta': 'context-1m-2025-08-07' } }).generate('hi', {
      topP: 0.9,
      stop: ['\n\nHuman:'],
      extraBody: { metadata: { user_id: 'u-1' }, top_k: 5 },
    });
    const request = server().lastRequest;
    expect(request.json).toMatchObject({
      top_p: 0.9,
      stop_sequences: ['\n\nHuman:'],
      metadata: { user_id: 'u-1' },
      top_k: 5,
    });
    expect(request.headers['anthropic-beta']).toBe('context-1m-2025-08-07');
  });

  it("an empty system prompt sends no system field; apiKey '' sends no x-api-key", async () => {
    server().enqueue(anthropicStream(['ok']));
    await make({ systemPrompt: '', apiKey: '' }).generate('hi');
    const body = server().lastRequest.json as Record<string, unknown>;
    expect(body).not.toHaveProperty('system');
    expect(body.messages).toEqual([{ role: 'user', content: 'hi' }]);
    expect(server().lastRequest.headers['x-api-key']).toBeUndefined();
    expect(server().lastRequest.headers['anthropic-version']).toBe('2023-06-01');
  });

  it('403 permission_error is an AuthenticationError', async () => {
    server().enqueue(
      anthropicError(403, 'Your API key does not have permission to use the specified resource.'),
    );
    const error = await rejectionOf(make().generate('hi'));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 403, code: 'permission_error' });
    expect((error as Error).message).toContain('does not have permission');
  });

  it('429 carries retry-after as retryAfterMs and the request id', async () => {
    server().enqueue(
      anthropicError(429, 'Number of request tokens has exceeded your per-minute rate limit', {
        'retry-after': '7',
      }),
    );
    const error = await rejectionOf(make().generate('hi'));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({
      status: 429,
      retryAfterMs: 7000,
      retryable: true,
      code: 'rate_limit_error',
      requestId: 'req_011CErrorTest',
    });
  });

  it('529 overloaded is retried and the retry succeeds', async () => {
    server().enqueue(anthropicError(529, 'Overloaded'), anthropicStream(['Back.']));
    const llm = make({ maxRetries: 1, retryDelay: 0.01 });
    expect(await llm.generate('hi')).toBe('Back.');
    expect(server().requests).toHaveLength(2);
  });

  it('an overloaded error event before any text is retried like an HTTP 529', async () => {
    server().enqueue(
      {
        headers: ANTHROPIC_SSE_HEADERS,
        body: [...anthropicSse(anthropicEvents([]).slice(0, 1)), anthropicErrorEvent('Overloaded')],
      },
      anthropicStream(['Fine now.']),
    );
    const llm = make({ maxRetries: 1, retryDelay: 0.01 });
    expect(await llm.generate('hi')).toBe('Fine now.');
    expect(server().requests).toHaveLength(2);
  });

  it('an in-stream error names its type and is a ProviderError', async () => {
    server().enqueue({
      headers: ANTHROPIC_SSE_HEADERS,
      body: [
        ...anthropicSse(anthropicEvents([]).slice(0, 1)),
        anthropicErrorEvent('Internal server error', 'api_error'),
      ],
    });
    const error = await rejectionOf(make().generate('hi'));
    expect(error).toBeInstanceOf(ProviderError);
    // No status was sent in the stream; the type is classified like HTTP 500 (retryable).
    expect(error).toMatchObject({ status: undefined, code: 'api_error', retryable: true });
    expect((error as Error).message).toContain('Internal server error');
  });

  it('a stream that ends cleanly without message_stop is an error, not a short answer', async () => {
    const events = anthropicEvents(['Almost'], { usage: { input_tokens: 2, output_tokens: 1 } });
    server().enqueue({ headers: ANTHROPIC_SSE_HEADERS, body: anthropicSse(events.slice(0, -1)) });
    const error = await rejectionOf(make().generate('hi'));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/ended before/);
  });

  it('a malformed JSON event is a clear error', async () => {
    server().enqueue({
      headers: ANTHROPIC_SSE_HEADERS,
      body: [
        ...anthropicSse(anthropicEvents([]).slice(0, 1)),
        'event: content_block_delta\ndata: {not json\n\n',
      ],
    });
    await expect(make().generate('hi')).rejects.toThrow(/not valid JSON/);
  });

  it('createLLM picks AnthropicLLM for claude models and reads ANTHROPIC_API_KEY', async () => {
    vi.stubEnv('ANTHROPIC_API_KEY', 'sk-ant-from-env-123456');
    server().enqueue(anthropicStream(['ok']));
    const llm = createLLM({ model: 'claude-haiku-4-5', baseUrl: server().url });
    expect(llm).toBeInstanceOf(AnthropicLLM);
    expect(llm.endpoint).toBe(`${server().url}/v1/messages`);
    await llm.generate('hi');
    expect(server().lastRequest.headers['x-api-key']).toBe('sk-ant-from-env-123456');
  });

  it('without a key the ConfigError names ANTHROPIC_API_KEY; the default endpoint is the real API', () => {
    vi.stubEnv('ANTHROPIC_API_KEY', undefined);
    expect(() => new AnthropicLLM({ model: MODEL })).toThrow(ConfigError);
    expect(() => new AnthropicLLM({ model: MODEL })).toThrow(/ANTHROPIC_API_KEY/);
    expect(new AnthropicLLM({ model: MODEL, apiKey: 'k' }).endpoint).toBe(
      'https://api.anthropic.com/v1/messages',
    );
  });
});

describe('recorded Anthropic streams through AnthropicLLM', () => {
  const server = useReplayServer();
  const create = (model: string | null | undefined) => () =>
    new AnthropicLLM({ model: model ?? MODEL, apiKey: 'k', baseUrl: server().url });

  for (const entry of recordedStreams('anthropic')) {
    const lines = recordedLines(entry);
    const expected = {
      text: entry.expected_text,
      // Usage rule (README, Usage and cost): input = input + cache reads + cache writes.
      tokensUsed: {
        input:
          (entry.usage.input ?? 0) +
          (entry.usage.cache_read_input ?? 0) +
          (entry.usage.cache_creation_input ?? 0),
        output: entry.usage.output ?? 0,
      },
      finishReason: entry.finish_reason,
    };

    it(`${entry.file}: exact text, usage and stop reason, split at random offsets`, async () => {
      await expectRecordingReplays(
        server(),
        { headers: ANTHROPIC_SSE_HEADERS, body: lines.map(typedSseEvent) },
        create(entry.model),
        expected,
      );
    });

    it(`${entry.file} (test-tool variant: data lines only, then [DONE]): same result`, async () => {
      await expectRecordingReplays(
        server(),
        {
          headers: ANTHROPIC_SSE_HEADERS,
          body: [...lines.map((line) => sseEvent(line)), sseEvent('[DONE]')],
        },
        create(entry.model),
        expected,
        [31],
      );
    });
  }
});
