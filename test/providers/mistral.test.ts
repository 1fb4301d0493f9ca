import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ConfigError,
  MistralLLM,
  ProviderError,
  RateLimitError,
  StreamInterruptedError,
  createLLM,
  type FinishInfo,
} from '../../src/index.js';
import { runConformance } from '../conformance.js';
import {
  mistralChunks,
  mistralError,
  mistralErrorBody,
  mistralStream,
  SSE_HEADERS,
} from '../servers/mistral.js';
import { openAISse } from '../servers/openai-chat.js';
import {
  expectRecordedReasoning,
  expectRecordedToolCalls,
  recordedLines,
  recordedReasoningStreams,
  recordedStreams,
  recordedToolCallStreams,
} from '../servers/recordings.js';
import { chatToolTarget } from '../servers/openai-chat-tools.js';
import { runToolConformance } from '../conformance-tools.js';
import { useReplayServer } from '../servers/use-replay-server.js';
import { sseEvent } from '../servers/sse.js';

const MODEL = 'mistral-small-latest';

runConformance({
  name: 'MistralLLM',
  model: MODEL,
  // The replay server stands in for https://api.mistral.ai, so the base keeps its /v1.
  create: (server, options) =>
    new MistralLLM({ model: MODEL, baseUrl: `${server.url}/v1`, ...options }),
  success: (pieces, usage) => mistralStream(pieces, { usage }),
  cut: (pieces) => ({
    headers: SSE_HEADERS,
    body: openAISse(mistralChunks(pieces), { done: false }),
    cut: true,
  }),
  inStreamError: (pieces, message) => ({
    headers: SSE_HEADERS,
    body: [
      ...openAISse(mistralChunks(pieces), { done: false }),
      sseEvent(
        JSON.stringify({
          object: 'error',
          message,
          type: 'internal_server_error',
          param: null,
          code: '3000',
        }),
      ),
    ],
  }),
  httpError: (status, message) => mistralError(status, message),
  expectRequest: (request, expected) => {
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe(`Bearer ${expected.apiKey}`);
    expect(request.headers['content-type']).toBe('application/json');
    const body = request.json as Record<string, unknown>;
    expect(body.model).toBe(expected.model);
    expect(body.messages).toEqual(expected.messages);
    expect(body.temperature).toBe(expected.temperature);
    expect(body.max_tokens).toBe(expected.maxTokens);
    expect(body.max_completion_tokens).toBeUndefined();
    expect(body.stream).toBe(true);
    // Mistral answers 422 "Extra inputs are not permitted" to stream_options.
    expect(body).not.toHaveProperty('stream_options');
  },
});

describe('MistralLLM specifics', () => {
  const replay = useReplayServer();
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const make = (): MistralLLM =>
    new MistralLLM({
      model: MODEL,
      apiKey: 'mistral-test-key-123456',
      baseUrl: `${replay().url}/v1`,
    });

  it('defaults to https://api.mistral.ai/v1 and reads MISTRAL_API_KEY', () => {
    vi.stubEnv('MISTRAL_API_KEY', 'from-env-key-123456');
    const llm = new MistralLLM({ model: MODEL });
    expect(llm.endpoint).toBe('https://api.mistral.ai/v1/chat/completions');
    expect(createLLM({ model: 'mistral-large-latest' })).toBeInstanceOf(MistralLLM);
  });

  it('a missing key is a ConfigError naming MISTRAL_API_KEY', () => {
    vi.stubEnv('MISTRAL_API_KEY', undefined);
    expect(() => new MistralLLM({ model: MODEL })).toThrow(ConfigError);
    expect(() => new MistralLLM({ model: MODEL })).toThrow(/MISTRAL_API_KEY/);
  });

  it('topP, stop and extraBody (random_seed, safe_prompt) reach the body', async () => {
    replay().enqueue(mistralStream(['ok'], { usage: { input: 1, output: 1 } }));
    await make().generate('hi', {
      topP: 0.9,
      stop: ['\n\n'],
      extraBody: { random_seed: 42, safe_prompt: true },
    });
    expect(replay().lastRequest.json).toMatchObject({
      top_p: 0.9,
      stop: ['\n\n'],
      random_seed: 42,
      safe_prompt: true,
    });
  });

  it('usage and finish reason come from the finish chunk', async () => {
    replay().enqueue(
      mistralStream(['Too lo'], { usage: { input: 12, output: 3 }, finishReason: 'length' }),
    );
    const finished: FinishInfo[] = [];
    const llm = make();
    expect(await llm.generate('hi', { onFinish: (info) => finished.push(info) })).toBe('Too lo');
    expect(finished[0]).toMatchObject({
      usage: { input: 12, output: 3, reported: true },
      finishReason: 'length',
      providerFinishReason: 'length',
    });
    expect(llm.tokensUsed).toEqual({ input: 12, output: 3 });
  });

  it('finish_reason "error" (a generation that failed midway) is an error, never a short answer', async () => {
    replay().enqueue({
      headers: SSE_HEADERS,
      body: openAISse(
        mistralChunks(['Half an '], { finishReason: 'error', usage: { input: 5, output: 2 } }),
      ),
    });
    const received: string[] = [];
    const error = await (async () => {
      for await (const piece of make().stream('hi')) received.push(piece);
    })().catch((e: unknown) => e);
    expect(received).toEqual(['Half an ']);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(((error as StreamInterruptedError).cause as Error).message).toMatch(
      /finish_reason "error"/,
    );
  });

  it('a malformed chunk is a clear error', async () => {
    replay().enqueue({
      headers: SSE_HEADERS,
      body: [...openAISse(mistralChunks(['ok']), { done: false }), 'data: {"choices":[{\n\n'],
    });
    await expect(make().generate('hi')).rejects.toThrow(/not valid JSON/);
  });

  it('the older 429 body {"message"} is a RateLimitError with that message and the Retry-After', async () => {
    replay().enqueue({
      ...mistralErrorBody(429, { message: 'Requests rate limit exceeded' }),
      headers: { 'content-type': 'application/json', 'retry-after': '7' },
    });
    const error = await make()
      .generate('hi')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).providerMessage).toBe('Requests rate limit exceeded');
    expect((error as RateLimitError).message).toContain('Requests rate limit exceeded');
    expect((error as RateLimitError).retryAfterMs).toBe(7000);
  });

  it('the current 429 body keeps its message and code', async () => {
    replay().enqueue(mistralError(429, 'Rate limit exceeded'));
    const error = await make()
      .generate('hi')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({
      providerMessage: 'Rate limit exceeded',
      code: '1300',
      retryable: true,
    });
  });

  it('a 422 {"detail":[...]} names the field and the problem, and is not retried', async () => {
    replay().enqueue(
      mistralErrorBody(422, {
        detail: [{ type: 'missing', loc: ['body', 'model'], msg: 'Field required', input: {} }],
      }),
    );
    const error = await make()
      .generate('hi')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 422, retryable: false });
    expect((error as ProviderError).providerMessage).toBe('body.model: Field required');
    expect((error as Error).message).toContain('body.model: Field required');
  });

  it('a 422 with the details inside "message" (the live shape) keeps them too', async () => {
    replay().enqueue(
      mistralErrorBody(422, {
        object: 'error',
        message: {
          detail: [
            {
              type: 'extra_forbidden',
              loc: ['body', 'frequency_penalty'],
              msg: 'Extra inputs are not permitted',
              input: 0.5,
            },
          ],
        },
        type: 'invalid_request_error',
        param: null,
        code: null,
      }),
    );
    const error = await make()
      .generate('hi', { extraBody: { frequency_penalty: 0.5 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toContain(
      'body.frequency_penalty: Extra inputs are not permitted',
    );
    expect((error as ProviderError).code).toBe('invalid_request_error');
  });
});

describe('recorded real-API Mistral streams', () => {
  const replay = useReplayServer();

  const entries = recordedStreams('mistral');

  it('covers the plain text and Magistral reasoning recordings', () => {
    expect(entries.map((entry) => entry.file)).toEqual(
      expect.arrayContaining([
        'mistral/mistral-reasoning.chunks.txt',
        'mistral/mistral-text.chunks.txt',
      ]),
    );
  });

  // Framing per test/fixtures/recordings/README.md: `data: <line>\n\n` each, then `data: [DONE]\n\n`;
  // replayed without the `[DONE]` too, which ends at EOF after the finish chunk just as well.
  for (const [entry, sendDone] of entries.flatMap((entry) => [
    [entry, true] as const,
    [entry, false] as const,
  ])) {
    it(`${entry.file}${sendDone ? '' : ' (no [DONE])'}: exact text, usage and finish reason, split at random offsets`, async () => {
      const body = recordedLines(entry).map((line) => sseEvent(line));
      if (sendDone) body.push(sseEvent('[DONE]'));
      for (const seed of [21, 22, 23, 24]) {
        replay().enqueue({ headers: SSE_HEADERS, body, splitSeed: seed });
        const llm = new MistralLLM({
          model: entry.model ?? MODEL,
          apiKey: 'k',
          baseUrl: replay().url,
        });
        const finishes: string[] = [];
        const text = await llm.generate('hi', {
          onFinish: ({ providerFinishReason }) => finishes.push(providerFinishReason),
        });
        expect(text).toBe(entry.expected_text);
        expect(llm.tokensUsed).toEqual({ input: entry.usage.input, output: entry.usage.output });
        expect(finishes).toEqual([entry.finish_reason]);
      }
    });
  }
});

runToolConformance(
  chatToolTarget({
    name: 'MistralLLM',
    model: MODEL,
    // api.mistral.ai sends each call whole, without index or type.
    style: 'whole-no-index',
    toolResultName: true,
    create: (server, options) =>
      new MistralLLM({ model: MODEL, baseUrl: `${server.url}/v1`, ...options }),
  }),
);

describe('recorded real-API Mistral tool-call and reasoning streams', () => {
  const replay = useReplayServer();
  for (const entry of recordedReasoningStreams('mistral')) {
    it(`${entry.file}: Magistral thinking chunks are reasoning events, never answer text`, async () => {
      const body = [...recordedLines(entry).map((line) => sseEvent(line)), sseEvent('[DONE]')];
      await expectRecordedReasoning(
        replay(),
        { headers: SSE_HEADERS, body },
        () => new MistralLLM({ model: entry.model ?? MODEL, apiKey: 'k', baseUrl: replay().url }),
        entry,
      );
    });
  }
  for (const entry of recordedToolCallStreams('mistral')) {
    it(`${entry.file}: tool calls as the manifest lists them, split at random offsets`, async () => {
      const body = [...recordedLines(entry).map((line) => sseEvent(line)), sseEvent('[DONE]')];
      await expectRecordedToolCalls(
        replay(),
        { headers: SSE_HEADERS, body },
        () => new MistralLLM({ model: entry.model ?? MODEL, apiKey: 'k', baseUrl: replay().url }),
        entry,
      );
    });
  }
});
