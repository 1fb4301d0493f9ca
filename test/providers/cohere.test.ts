import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AuthenticationError,
  CohereLLM,
  ConfigError,
  ConnectionError,
  ProviderError,
  RateLimitError,
  StreamInterruptedError,
  createLLM,
  type LLMConfigOptions,
} from '../../src/index.js';
import { runConformance, type ExpectedRequest } from '../conformance.js';
import {
  COHERE_SSE_HEADERS,
  cohereError,
  cohereEvents,
  cohereEventsUntilLastText,
  cohereMessageEnd,
  cohereSse,
  cohereStream,
} from '../servers/cohere.js';
import { drainStream, generateWithFinish, rejectionOf } from '../servers/capture.js';
import { useReplayServer } from '../servers/use-replay-server.js';
import { expectRecordingReplays, recordedLines, recordedStreams } from '../servers/recordings.js';
import type { RecordedRequest } from '../servers/replay-server.js';
import { sseEvent, typedSseEvent } from '../servers/sse.js';

const MODEL = 'command-a-03-2025';

function expectChatV2Request(request: RecordedRequest, expected: ExpectedRequest): void {
  expect(request.method).toBe('POST');
  expect(request.url).toBe('/v2/chat');
  expect(request.headers.authorization).toBe(`Bearer ${expected.apiKey}`);
  // The system prompt stays a system message, first in the list.
  expect(request.json).toEqual({
    model: expected.model,
    messages: expected.messages,
    stream: true,
    temperature: expected.temperature,
    max_tokens: expected.maxTokens,
  });
}

runConformance({
  name: 'CohereLLM',
  model: MODEL,
  create: (server, options) => new CohereLLM({ model: MODEL, baseUrl: server.url, ...options }),
  success: (pieces, usage) =>
    cohereStream(pieces, { usage: { input_tokens: usage.input, output_tokens: usage.output } }),
  cut: (pieces) => ({
    headers: COHERE_SSE_HEADERS,
    body: cohereSse(cohereEventsUntilLastText(pieces), { done: false }),
    cut: true,
  }),
  // Cohere has no error event: a failed generation ends with finish_reason ERROR and `error`.
  inStreamError: (pieces, message) => ({
    headers: COHERE_SSE_HEADERS,
    body: cohereSse(
      [...cohereEventsUntilLastText(pieces), cohereMessageEnd('ERROR', undefined, message)],
      { done: true },
    ),
  }),
  httpError: (status, message) => cohereError(status, message),
  expectRequest: expectChatV2Request,
});

describe('CohereLLM specifics', () => {
  const server = useReplayServer();
  const make = (options: Partial<LLMConfigOptions> = {}): CohereLLM =>
    new CohereLLM({
      model: MODEL,
      apiKey: 'co-test-key-123456',
      baseUrl: server().url,
      ...options,
    });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('usage is usage.tokens (not billed_units), with cached_tokens as cacheRead', async () => {
    server().enqueue(
      cohereStream(['Paris.'], {
        usage: {
          input_tokens: 507,
          output_tokens: 10,
          billed_input_tokens: 12,
          billed_output_tokens: 7,
          cached_tokens: 448,
        },
      }),
    );
    const llm = make();
    const { text, finish } = await generateWithFinish(llm);
    expect(text).toBe('Paris.');
    expect(finish?.usage).toEqual({ input: 507, output: 10, cacheRead: 448, reported: true });
    expect(llm.tokensUsed).toEqual({ input: 507, output: 10 });
  });

  it('the trailing data: [DONE] is optional: with or without it the answer ends normally', async () => {
    for (const done of [true, false]) {
      server().enqueue(
        cohereStream(['A', 'B'], { done, usage: { input_tokens: 3, output_tokens: 2 } }),
      );
      const { text, finish } = await generateWithFinish(make());
      expect(text).toBe('AB');
      expect(finish?.providerFinishReason).toBe('COMPLETE');
      expect(finish?.finishReason).toBe('stop');
    }
  });

  it('thinking deltas, tool plans and citations are not answer text', async () => {
    const events = cohereEvents(['The answer', ' is 4.'], {
      thinking: ['The user', ' asks for 2+2.'],
      usage: { input_tokens: 20, output_tokens: 30 },
    });
    const extras = [
      { type: 'tool-plan-delta', delta: { message: { tool_plan: 'I will add.' } } },
      {
        type: 'citation-start',
        index: 0,
        delta: { message: { citations: { start: 0, end: 3, text: 'The', sources: [] } } },
      },
      { type: 'citation-end', index: 0 },
    ];
    events.splice(1, 0, extras[0] as object);
    events.splice(-2, 0, extras[1] as object, extras[2] as object);
    server().enqueue({ headers: COHERE_SSE_HEADERS, body: cohereSse(events) });
    const { pieces } = await drainStream(make().stream('2+2?'));
    expect(pieces).toEqual(['The answer', ' is 4.']);
  });

  it('the finish reason is message-end finish_reason (MAX_TOKENS...)', async () => {
    server().enqueue(cohereStream(['**The History of'], { finishReason: 'MAX_TOKENS' }));
    const { finish } = await generateWithFinish(make());
    expect(finish?.providerFinishReason).toBe('MAX_TOKENS');
    expect(finish?.finishReason).toBe('length');
  });

  it('finish_reason ERROR before any text is a retryable in-stream error; a retry succeeds', async () => {
    server().enqueue(
      {
        headers: COHERE_SSE_HEADERS,
        body: cohereSse([
          ...cohereEventsUntilLastText([]),
          cohereMessageEnd('ERROR', { input_tokens: 5, output_tokens: 0 }, 'internal server error'),
        ]),
      },
      cohereStream(['Recovered.'], { usage: { input_tokens: 5, output_tokens: 2 } }),
    );
    const llm = make({ maxRetries: 1, retryDelay: 0.01 });
    expect(await llm.generate('hi')).toBe('Recovered.');
    expect(server().requests).toHaveLength(2);
    // Both attempts were billed.
    expect(llm.tokensUsed).toEqual({ input: 10, output: 2 });
  });

  it('finish_reason TIMEOUT after text is an error with the partial text, never a short answer', async () => {
    server().enqueue({
      headers: COHERE_SSE_HEADERS,
      body: cohereSse([...cohereEventsUntilLastText(['Half']), cohereMessageEnd('TIMEOUT')]),
    });
    const { error } = await drainStream(make().stream('hi'));
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect((error as StreamInterruptedError).partialText).toBe('Half');
    // A finish reason carries no status: none is claimed, and TIMEOUT is retryable like a 504.
    expect((error as StreamInterruptedError).cause).toMatchObject({
      status: undefined,
      code: 'TIMEOUT',
      retryable: true,
    });
  });

  it('a [DONE] without message-end is a stream that ended early', async () => {
    server().enqueue({
      headers: COHERE_SSE_HEADERS,
      body: cohereSse(cohereEventsUntilLastText(['Half']), { done: true }),
    });
    const error = await rejectionOf(make().generate('hi'));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/ended before/);
  });

  it('topP is sent as p, stop as stop_sequences; extraBody is merged', async () => {
    server().enqueue(cohereStream(['ok']));
    await make().generate('hi', {
      topP: 0.75,
      stop: ['END'],
      extraBody: { seed: 42, safety_mode: 'STRICT' },
    });
    expect(server().lastRequest.json).toMatchObject({
      p: 0.75,
      stop_sequences: ['END'],
      seed: 42,
      safety_mode: 'STRICT',
    });
  });

  it('429 is a RateLimitError with the message; 403 and 401 are AuthenticationErrors', async () => {
    server().enqueue(
      cohereError(429, 'You are using a Trial key, which is limited to 10 API calls / minute.', {
        'retry-after': '3',
      }),
      cohereError(403, 'Forbidden: this key cannot use the requested model.'),
      cohereError(401, 'invalid api token'),
    );
    const rateLimited = await rejectionOf(make().generate('hi'));
    expect(rateLimited).toBeInstanceOf(RateLimitError);
    expect(rateLimited).toMatchObject({ status: 429, retryAfterMs: 3000 });
    expect((rateLimited as Error).message).toContain('limited to 10 API calls / minute');
    await expect(make().generate('hi')).rejects.toBeInstanceOf(AuthenticationError);
    const unauthorized = await rejectionOf(make().generate('hi'));
    expect(unauthorized).toBeInstanceOf(AuthenticationError);
    expect((unauthorized as Error).message).toContain('invalid api token');
  });

  it('a malformed JSON event is a clear error', async () => {
    server().enqueue({
      headers: COHERE_SSE_HEADERS,
      body: [
        ...cohereSse(cohereEventsUntilLastText([]), { done: false }),
        'event: content-delta\ndata: {oops\n\n',
      ],
    });
    const error = await rejectionOf(make().generate('hi'));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toMatch(/not valid JSON/);
  });

  it('reads COHERE_API_KEY, falls back to CO_API_KEY; createLLM picks CohereLLM for command models', async () => {
    server().always(cohereStream(['ok']));
    vi.stubEnv('COHERE_API_KEY', undefined);
    vi.stubEnv('CO_API_KEY', 'co-env-key-123456');
    const llm = createLLM({ model: 'command-r-plus', baseUrl: server().url });
    expect(llm).toBeInstanceOf(CohereLLM);
    await llm.generate('hi');
    expect(server().lastRequest.headers.authorization).toBe('Bearer co-env-key-123456');

    vi.stubEnv('COHERE_API_KEY', 'cohere-env-key-123456');
    await new CohereLLM({ model: MODEL, baseUrl: server().url }).generate('hi');
    expect(server().lastRequest.headers.authorization).toBe('Bearer cohere-env-key-123456');

    await new CohereLLM({ model: MODEL, baseUrl: server().url, apiKey: '' }).generate('hi');
    expect(server().lastRequest.headers.authorization).toBeUndefined();
  });

  it('without any key the ConfigError names COHERE_API_KEY; the default endpoint is the real API', () => {
    vi.stubEnv('COHERE_API_KEY', undefined);
    vi.stubEnv('CO_API_KEY', undefined);
    expect(() => new CohereLLM({ model: MODEL })).toThrow(ConfigError);
    expect(() => new CohereLLM({ model: MODEL })).toThrow(/COHERE_API_KEY/);
    expect(new CohereLLM({ model: MODEL, apiKey: 'k' }).endpoint).toBe(
      'https://api.cohere.com/v2/chat',
    );
  });
});

describe('recorded Cohere streams through CohereLLM', () => {
  const server = useReplayServer();

  for (const entry of recordedStreams('cohere')) {
    const lines = recordedLines(entry);
    for (const done of [false, true]) {
      it(`${entry.file}${done ? ' + data: [DONE]' : ''}: exact text, usage and finish, split at random offsets`, async () => {
        const body = lines.map(typedSseEvent);
        if (done) body.push(sseEvent('[DONE]'));
        await expectRecordingReplays(
          server(),
          { headers: COHERE_SSE_HEADERS, body },
          () => new CohereLLM({ model: entry.model ?? MODEL, apiKey: 'k', baseUrl: server().url }),
          {
            text: entry.expected_text,
            // Usage rule (README, Usage and cost): Cohere counts are usage.tokens.
            tokensUsed: { input: entry.usage.input ?? 0, output: entry.usage.output ?? 0 },
            finishReason: entry.finish_reason,
          },
        );
      });
    }
  }
});
