import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AuthenticationError,
  ConfigError,
  ConnectionError,
  GeminiLLM,
  ProviderError,
  RateLimitError,
  StreamInterruptedError,
  createLLM,
  type LLMConfigOptions,
} from '../../src/index.js';
import { runConformance, type ExpectedRequest } from '../conformance.js';
import {
  API_KEY_INVALID_DETAILS,
  GEMINI_SSE_HEADERS,
  geminiChunks,
  geminiError,
  geminiSse,
  geminiStream,
  googleErrorObject,
  quotaExceededDetails,
} from '../servers/gemini.js';
import { drainStream, generateWithFinish, rejectionOf } from '../servers/capture.js';
import { useReplayServer } from '../servers/use-replay-server.js';
import { expectRecordingReplays, recordedLines, recordedStreams } from '../servers/recordings.js';
import type { RecordedRequest } from '../servers/replay-server.js';
import { sseEvent } from '../servers/sse.js';

const MODEL = 'gemini-2.5-flash';
const PATH = `/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`;

function expectGenerateContentRequest(request: RecordedRequest, expected: ExpectedRequest): void {
  expect(request.method).toBe('POST');
  expect(request.url).toBe(`/v1beta/models/${expected.model}:streamGenerateContent?alt=sse`);
  expect(request.headers['x-goog-api-key']).toBe(expected.apiKey);
  expect(request.headers.authorization).toBeUndefined();
  const system = expected.messages.filter((m) => m.role === 'system').map((m) => m.content);
  expect(request.json).toEqual({
    ...(system.length > 0 ? { systemInstruction: { parts: [{ text: system.join('\n\n') }] } } : {}),
    contents: expected.messages
      .filter((m) => m.role !== 'system')
      .map((m) => ({
        role: m.role === 'assistant' ? 'model' : 'user',
        parts: [{ text: m.content }],
      })),
    generationConfig: { temperature: expected.temperature, maxOutputTokens: expected.maxTokens },
  });
}

/** The chunks up to the last text piece: no finishReason chunk. */
const untilLastText = (pieces: string[]): object[] => geminiChunks(pieces).slice(0, pieces.length);

runConformance({
  name: 'GeminiLLM',
  model: MODEL,
  create: (server, options) =>
    new GeminiLLM({ model: MODEL, baseUrl: `${server.url}/v1beta`, ...options }),
  success: (pieces, usage) =>
    geminiStream(pieces, {
      usage: { promptTokenCount: usage.input, candidatesTokenCount: usage.output },
    }),
  cut: (pieces) => ({
    headers: GEMINI_SSE_HEADERS,
    body: geminiSse(untilLastText(pieces)),
    cut: true,
  }),
  inStreamError: (pieces, message) => ({
    headers: GEMINI_SSE_HEADERS,
    body: geminiSse([...untilLastText(pieces), googleErrorObject(500, message)]),
  }),
  httpError: (status, message) => geminiError(status, message),
  expectRequest: expectGenerateContentRequest,
});

describe('GeminiLLM specifics', () => {
  const server = useReplayServer();
  const make = (options: Partial<LLMConfigOptions> = {}): GeminiLLM =>
    new GeminiLLM({
      model: MODEL,
      apiKey: 'AIzaSy-test-key-123456',
      baseUrl: `${server().url}/v1beta`,
      ...options,
    });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('output adds thinking tokens to candidates; cached content is cacheRead; reasoning is reported', async () => {
    server().enqueue(
      geminiStream(['Three.'], {
        usage: {
          promptTokenCount: 1200,
          candidatesTokenCount: 4,
          thoughtsTokenCount: 150,
          cachedContentTokenCount: 1024,
        },
      }),
    );
    const llm = make();
    const { text, finish } = await generateWithFinish(llm);
    expect(text).toBe('Three.');
    expect(finish?.usage).toEqual({
      input: 1200,
      output: 154,
      cacheRead: 1024,
      reasoning: 150,
      reported: true,
    });
    expect(llm.tokensUsed).toEqual({ input: 1200, output: 154 });
  });

  it('thought parts (thought: true) are not answer text', async () => {
    server().enqueue(
      geminiStream(['Paris', ' is the capital.'], {
        thoughts: ['**Locating France**\n\nThe user wants a capital.'],
        usage: { promptTokenCount: 8, candidatesTokenCount: 5, thoughtsTokenCount: 40 },
      }),
    );
    const { pieces } = await drainStream(make().stream('Capital of France?'));
    expect(pieces).toEqual(['Paris', ' is the capital.']);
  });

  it('several text parts in one chunk are all answer text', async () => {
    const chunk = {
      candidates: [
        {
          content: {
            parts: [{ text: 'thinking...', thought: true }, { text: 'One, ' }, { text: 'two.' }],
            role: 'model',
          },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      usageMetadata: { promptTokenCount: 2, candidatesTokenCount: 3, totalTokenCount: 5 },
    };
    server().enqueue({ headers: GEMINI_SSE_HEADERS, body: geminiSse([chunk]) });
    expect(await make().generate('count')).toBe('One, two.');
  });

  it('the finish reason is finishReason from the last chunk (MAX_TOKENS, SAFETY...)', async () => {
    server().enqueue(geminiStream(['Cut sh'], { finishReason: 'MAX_TOKENS' }));
    const { finish } = await generateWithFinish(make());
    expect(finish?.providerFinishReason).toBe('MAX_TOKENS');
    expect(finish?.finishReason).toBe('length');
  });

  it('a blocked prompt ends normally with no text and the block reason as finish reason', async () => {
    const blocked = {
      promptFeedback: { blockReason: 'PROHIBITED_CONTENT' },
      usageMetadata: { promptTokenCount: 12, totalTokenCount: 12 },
      modelVersion: MODEL,
    };
    server().enqueue({ headers: GEMINI_SSE_HEADERS, body: geminiSse([blocked]) });
    const llm = make();
    const { text, finish } = await generateWithFinish(llm);
    expect(text).toBe('');
    expect(finish?.providerFinishReason).toBe('PROHIBITED_CONTENT');
    expect(finish?.finishReason).toBe('content-filter');
    expect(llm.tokensUsed).toEqual({ input: 12, output: 0 });
  });

  it('EOF with no finishReason is a stream that ended early, never a short answer', async () => {
    server().enqueue({ headers: GEMINI_SSE_HEADERS, body: geminiSse(untilLastText(['Half'])) });
    const error = await rejectionOf(make().generate('hi'));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/ended before/);
  });

  it('an {"error"} chunk mid-stream throws with its status and message after the partial text', async () => {
    server().enqueue({
      headers: GEMINI_SSE_HEADERS,
      body: geminiSse([
        ...untilLastText(['Part']),
        googleErrorObject(503, 'The model is overloaded.'),
      ]),
    });
    const { pieces, error } = await drainStream(make().stream('hi'));
    expect(pieces).toEqual(['Part']);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    const cause = (error as StreamInterruptedError).cause;
    expect(cause).toBeInstanceOf(ProviderError);
    expect(cause).toMatchObject({ status: 503, code: 'UNAVAILABLE', retryable: true });
  });

  it('429 RESOURCE_EXHAUSTED exposes RetryInfo.retryDelay as retryAfterMs', async () => {
    const message = 'You exceeded your current quota, please check your plan and billing details.';
    server().enqueue(geminiError(429, message, quotaExceededDetails('34s')));
    // A quota of its own (another key): the 34 s delay pauses that quota for every caller, and
    // the tests below share the default one.
    const error = await rejectionOf(make({ apiKey: 'gemini-paused-quota-key' }).generate('hi'));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({
      status: 429,
      retryAfterMs: 34_000,
      retryable: true,
      code: 'RESOURCE_EXHAUSTED',
    });
    expect((error as Error).message).toContain('You exceeded your current quota');
  });

  it("a retry waits Google's retryDelay, not the configured backoff", async () => {
    server().enqueue(
      geminiError(429, 'Quota exceeded.', quotaExceededDetails('0.3s')),
      geminiStream(['ok']),
    );
    // The configured backoff would wait 22.5-30 s; Google asks for 0.3 s.
    const llm = make({ maxRetries: 1, retryDelay: 30 });
    const started = performance.now();
    expect(await llm.generate('hi')).toBe('ok');
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(15_000);
    expect(server().requests).toHaveLength(2);
  });

  it('400 API_KEY_INVALID is an AuthenticationError, not retried', async () => {
    server().enqueue(
      geminiError(400, 'API key not valid. Please pass a valid API key.', API_KEY_INVALID_DETAILS),
    );
    const error = await rejectionOf(make({ maxRetries: 2, retryDelay: 0.01 }).generate('hi'));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 400, retryable: false });
    expect((error as Error).message).toContain('API key not valid');
    expect(server().requests).toHaveLength(1);
  });

  it('403 PERMISSION_DENIED is an AuthenticationError', async () => {
    server().enqueue(geminiError(403, "Method doesn't allow unregistered callers."));
    await expect(make().generate('hi')).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('LF line ends (as some test tools send) parse the same as CRLF', async () => {
    const chunks = geminiChunks(['a', 'b'], {
      usage: { promptTokenCount: 1, candidatesTokenCount: 2 },
    });
    server().enqueue({ headers: GEMINI_SSE_HEADERS, body: geminiSse(chunks, '\n') });
    expect(await make().generate('hi')).toBe('ab');
  });

  it('topP, stop and extraBody map into generationConfig; an extra generationConfig merges', async () => {
    server().enqueue(geminiStream(['ok']));
    await make({ systemPrompt: '' }).generate('hi', {
      topP: 0.8,
      stop: ['END'],
      extraBody: {
        generationConfig: { thinkingConfig: { thinkingBudget: 0 } },
        safetySettings: [{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_NONE' }],
      },
    });
    const body = server().lastRequest.json as Record<string, unknown>;
    expect(body).not.toHaveProperty('systemInstruction');
    expect(body.generationConfig).toEqual({
      temperature: 0.2,
      maxOutputTokens: 1024,
      topP: 0.8,
      stopSequences: ['END'],
      thinkingConfig: { thinkingBudget: 0 },
    });
    expect(body.safetySettings).toEqual([
      { category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_NONE' },
    ]);
  });

  it('model ids already prefixed with models/ or tunedModels/ are not prefixed twice', () => {
    const base = { apiKey: 'k', baseUrl: 'https://proxy.example/v1beta' };
    expect(new GeminiLLM({ ...base, model: 'models/gemini-2.5-pro' }).endpoint).toBe(
      'https://proxy.example/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse',
    );
    expect(new GeminiLLM({ ...base, model: 'tunedModels/my-tune-42' }).endpoint).toBe(
      'https://proxy.example/v1beta/tunedModels/my-tune-42:streamGenerateContent?alt=sse',
    );
    expect(new GeminiLLM({ model: MODEL, apiKey: 'k' }).endpoint).toBe(
      `https://generativelanguage.googleapis.com${PATH}`,
    );
  });

  it('reads GEMINI_API_KEY, falls back to GOOGLE_API_KEY, and an explicit apiKey wins', async () => {
    const baseUrl = `${server().url}/v1beta`;
    server().always(geminiStream(['ok']));
    vi.stubEnv('GEMINI_API_KEY', undefined);
    vi.stubEnv('GOOGLE_API_KEY', 'google-env-key-123456');
    await createLLM({ model: MODEL, baseUrl }).generate('hi');
    expect(server().lastRequest.headers['x-goog-api-key']).toBe('google-env-key-123456');

    vi.stubEnv('GEMINI_API_KEY', 'gemini-env-key-123456');
    await new GeminiLLM({ model: MODEL, baseUrl }).generate('hi');
    expect(server().lastRequest.headers['x-goog-api-key']).toBe('gemini-env-key-123456');

    await new GeminiLLM({ model: MODEL, baseUrl, apiKey: 'explicit-key-123456' }).generate('hi');
    expect(server().lastRequest.headers['x-goog-api-key']).toBe('explicit-key-123456');

    await new GeminiLLM({ model: MODEL, baseUrl, apiKey: '' }).generate('hi');
    expect(server().lastRequest.headers['x-goog-api-key']).toBeUndefined();
  });

  it('without any key the ConfigError names GEMINI_API_KEY; createLLM picks GeminiLLM', () => {
    vi.stubEnv('GEMINI_API_KEY', undefined);
    vi.stubEnv('GOOGLE_API_KEY', undefined);
    expect(() => new GeminiLLM({ model: MODEL })).toThrow(ConfigError);
    expect(() => createLLM({ model: MODEL })).toThrow(/GEMINI_API_KEY/);
    expect(createLLM({ model: MODEL, apiKey: 'k' })).toBeInstanceOf(GeminiLLM);
  });
});

describe('recorded Gemini streams through GeminiLLM', () => {
  const server = useReplayServer();

  for (const entry of recordedStreams('google')) {
    const lines = recordedLines(entry);
    const expected = {
      text: entry.expected_text,
      // Usage rule (README, Usage and cost): output = candidates + thoughts.
      tokensUsed: {
        input: entry.usage.input ?? 0,
        output: (entry.usage.output ?? 0) + (entry.usage.thoughts ?? 0),
      },
      finishReason: entry.finish_reason,
    };
    for (const [label, lineEnd] of [
      ['CRLF, as the live API', '\r\n'],
      ['LF, as test tools', '\n'],
    ] as const) {
      it(`${entry.file} (${label}): exact text, usage and finish, split at random offsets`, async () => {
        await expectRecordingReplays(
          server(),
          { headers: GEMINI_SSE_HEADERS, body: lines.map((line) => sseEvent(line, { lineEnd })) },
          () =>
            new GeminiLLM({
              model: entry.model ?? MODEL,
              apiKey: 'k',
              baseUrl: `${server().url}/v1beta`,
            }),
          expected,
        );
      });
    }
  }
});
