import { describe, expect, it } from 'vitest';
import {
  AzureOpenAILLM,
  CerebrasLLM,
  DeepSeekLLM,
  GroqLLM,
  OpenAILLM,
  OpenRouterLLM,
  PerplexityLLM,
  type BaseLLM,
} from '../../src/index.js';
import { runConformance, type ConformanceTarget, type ExpectedRequest } from '../conformance.js';
import {
  openAIChunks,
  openAIError,
  openAISse,
  SSE_HEADERS,
  type OpenAIStreamOptions,
} from '../servers/openai-chat.js';
import { recordedLines, recordedStreams } from '../servers/recordings.js';
import { type RecordedRequest, type ScriptedResponse } from '../servers/replay-server.js';
import { sseEvent } from '../servers/sse.js';
import { useReplayServer } from '../servers/use-replay-server.js';
import { VENDORS, type Vendor } from './openai-vendors.js';

function withComment(events: string[], comment: string | undefined): string[] {
  if (!comment) return events;
  return events.flatMap((event, index) => (index === 1 ? [comment, event] : [event]));
}

function target(vendor: Vendor): ConformanceTarget {
  const usageOf = (usage: { input: number; output: number }): OpenAIStreamOptions['usage'] => ({
    prompt_tokens: usage.input,
    completion_tokens: usage.output,
    total_tokens: usage.input + usage.output,
  });
  return {
    name: vendor.name,
    model: vendor.model,
    create: (server, options) =>
      vendor.create({
        model: vendor.model,
        baseUrl: `${server.url}${vendor.basePath}`,
        ...options,
      }),
    success: (pieces, usage) => ({
      headers: SSE_HEADERS,
      body: withComment(
        openAISse(
          openAIChunks(pieces, { ...vendor.stream, model: vendor.model, usage: usageOf(usage) }),
          {
            done: vendor.stream.done ?? true,
          },
        ),
        vendor.comment,
      ),
    }),
    cut: (pieces) => ({
      headers: SSE_HEADERS,
      // Everything up to the last text delta: no finish chunk, no usage, no [DONE].
      body: openAISse(openAIChunks(pieces, { model: vendor.model }).slice(0, pieces.length + 1), {
        done: false,
      }),
      cut: true,
    }),
    inStreamError: (pieces, message) => ({
      headers: SSE_HEADERS,
      body: [
        ...openAISse(openAIChunks(pieces, { model: vendor.model }).slice(0, pieces.length + 1), {
          done: false,
        }),
        sseEvent(
          JSON.stringify({ error: { message, type: 'server_error', param: null, code: null } }),
        ),
      ],
    }),
    httpError: (status, message) => openAIError(status, message),
    expectRequest: (request: RecordedRequest, expected: ExpectedRequest) => {
      expect(request.method).toBe('POST');
      expect(request.url).toBe(vendor.path);
      if (vendor.authHeader === 'api-key') {
        expect(request.headers['api-key']).toBe(expected.apiKey);
        expect(request.headers.authorization).toBeUndefined();
      } else {
        expect(request.headers.authorization).toBe(`Bearer ${expected.apiKey}`);
      }
      const body = request.json as Record<string, unknown>;
      expect(body.model).toBe(expected.model);
      expect(body.messages).toEqual(expected.messages);
      expect(body.temperature).toBe(expected.temperature);
      expect(body[vendor.maxTokensField]).toBe(expected.maxTokens);
      const otherField =
        vendor.maxTokensField === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens';
      expect(body[otherField]).toBeUndefined();
      expect(body.stream).toBe(true);
      if (vendor.includeUsage) expect(body.stream_options).toEqual({ include_usage: true });
      else expect(body.stream_options).toBeUndefined();
    },
  };
}

for (const vendor of VENDORS) runConformance(target(vendor));

describe('OpenAI family specifics', () => {
  const server = useReplayServer();

  const ok = (): ScriptedResponse => ({
    headers: SSE_HEADERS,
    body: openAISse(openAIChunks(['ok'], { usage: { prompt_tokens: 1, completion_tokens: 1 } })),
  });

  it('sends no default temperature to OpenAI reasoning models, but sends an explicit one', async () => {
    server().enqueue(ok(), ok(), ok());
    const base = { apiKey: 'k', baseUrl: `${server().url}/v1` };
    await new OpenAILLM({ ...base, model: 'o3-mini' }).generate('hi');
    expect((server().requests[0]?.json as Record<string, unknown>).temperature).toBeUndefined();
    await new OpenAILLM({ ...base, model: 'gpt-5-mini' }).generate('hi', { temperature: 1 });
    expect((server().requests[1]?.json as Record<string, unknown>).temperature).toBe(1);
    await new OpenAILLM({ ...base, model: 'gpt-4o' }).generate('hi');
    expect((server().requests[2]?.json as Record<string, unknown>).temperature).toBe(0.2);
  });

  it("apiKey: '' sends no auth header", async () => {
    server().enqueue(ok());
    await new OpenAILLM({ model: 'gpt-4o', apiKey: '', baseUrl: `${server().url}/v1` }).generate(
      'hi',
    );
    expect(server().lastRequest.headers.authorization).toBeUndefined();
  });

  it('topP, stop, extraBody and config headers reach the request', async () => {
    server().enqueue(ok());
    const llm = new OpenAILLM({
      model: 'gpt-4o',
      apiKey: 'k',
      baseUrl: `${server().url}/v1`,
      headers: { 'x-team': 'search' },
    });
    await llm.generate('hi', { topP: 0.5, stop: ['\n\n'], extraBody: { seed: 7, user: 'u-1' } });
    const body = server().lastRequest.json as Record<string, unknown>;
    expect(body).toMatchObject({ top_p: 0.5, stop: ['\n\n'], seed: 7, user: 'u-1' });
    expect(server().lastRequest.headers['x-team']).toBe('search');
  });

  it('OpenRouter sends the attribution headers when given', async () => {
    server().enqueue(ok());
    const llm = new OpenRouterLLM(
      { model: 'anthropic/claude-sonnet-4.5', apiKey: 'k', baseUrl: server().url },
      { appUrl: 'https://example.org', appName: 'Docs bot' },
    );
    await llm.generate('hi');
    expect(server().lastRequest.headers['http-referer']).toBe('https://example.org');
    expect(server().lastRequest.headers['x-title']).toBe('Docs bot');
  });

  it('Azure takes endpoint, deployment and api-version from its options', async () => {
    server().enqueue(ok());
    const llm = new AzureOpenAILLM(
      { model: 'gpt-4o', apiKey: 'azure-key-123456' },
      { endpoint: `${server().url}/`, deployment: 'prod-4o', apiVersion: '2025-01-01-preview' },
    );
    await llm.generate('hi');
    expect(server().lastRequest.url).toBe(
      '/openai/deployments/prod-4o/chat/completions?api-version=2025-01-01-preview',
    );
    expect(server().lastRequest.headers['api-key']).toBe('azure-key-123456');
  });

  it('DeepSeek reasoning_content never leaks into the answer text', async () => {
    const chunks = [
      {
        choices: [{ index: 0, delta: { role: 'assistant', content: null, reasoning_content: '' } }],
      },
      { choices: [{ index: 0, delta: { content: null, reasoning_content: 'Let me think.' } }] },
      { choices: [{ index: 0, delta: { content: 'Three.', reasoning_content: null } }] },
      {
        choices: [{ index: 0, delta: { content: '' }, finish_reason: 'stop' }],
        usage: {
          prompt_tokens: 4,
          completion_tokens: 9,
          completion_tokens_details: { reasoning_tokens: 5 },
        },
      },
    ];
    server().enqueue({ headers: SSE_HEADERS, body: openAISse(chunks) });
    const usages: unknown[] = [];
    const llm = new DeepSeekLLM({ model: 'deepseek-reasoner', apiKey: 'k', baseUrl: server().url });
    expect(await llm.generate('hi', { onFinish: ({ usage }) => usages.push(usage) })).toBe(
      'Three.',
    );
    expect(usages).toEqual([{ input: 4, output: 9, reasoning: 5, reported: true }]);
  });

  it('a malformed JSON chunk is a clear error', async () => {
    server().enqueue({
      headers: SSE_HEADERS,
      body: ['data: {"choices":[{"delta":{"content":"ok"}}]}\n\n', 'data: {not json\n\n'],
    });
    const llm = new OpenAILLM({ model: 'gpt-4o', apiKey: 'k', baseUrl: `${server().url}/v1` });
    await expect(llm.generate('hi')).rejects.toThrow(/not valid JSON/);
  });

  it('CRLF line ends and SSE comments are handled', async () => {
    const body = openAISse(
      openAIChunks(['a', 'b'], { usage: { prompt_tokens: 1, completion_tokens: 2 } }),
    )
      .map((event) => event.replace(/\n/g, '\r\n'))
      .join(': comment line\r\n\r\n');
    server().enqueue({ headers: SSE_HEADERS, body });
    const llm = new OpenAILLM({ model: 'gpt-4o', apiKey: 'k', baseUrl: `${server().url}/v1` });
    expect(await llm.generate('hi')).toBe('ab');
  });

  it('an OpenRouter mid-stream error chunk (finish_reason "error") throws after the partial text', async () => {
    const chunks = [
      { choices: [{ index: 0, delta: { content: 'Start' } }] },
      {
        provider: 'Anthropic',
        error: { code: 'server_error', message: 'Provider disconnected' },
        choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
      },
    ];
    server().enqueue({ headers: SSE_HEADERS, body: openAISse(chunks, { done: false }) });
    const llm = new OpenRouterLLM({ model: 'openai/gpt-4o', apiKey: 'k', baseUrl: server().url });
    await expect(llm.generate('hi')).rejects.toThrow(/Provider disconnected/);
  });

  it('insufficient_quota is a RateLimitError that is not retryable', async () => {
    server().enqueue(
      openAIError(429, 'You exceeded your current quota', {
        type: 'insufficient_quota',
        code: 'insufficient_quota',
      }),
    );
    const llm = new OpenAILLM({ model: 'gpt-4o', apiKey: 'k', baseUrl: `${server().url}/v1` });
    const error = await llm.generate('hi').catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'RateLimitError',
      retryable: false,
      code: 'insufficient_quota',
    });
  });

  it('Cerebras unwrapped error bodies keep their message', async () => {
    server().enqueue({
      status: 429,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        message: 'Requests per minute limit exceeded - too many requests sent.',
        type: 'too_many_requests_error',
        param: 'quota',
        code: 'request_quota_exceeded',
      }),
    });
    const llm = new CerebrasLLM({ model: 'llama-3.3-70b', apiKey: 'k', baseUrl: server().url });
    await expect(llm.generate('hi')).rejects.toThrow(/Requests per minute limit exceeded/);
  });
});

describe('recorded real-API streams through the OpenAI family', () => {
  const server = useReplayServer();

  const cases: Array<{
    folder: string;
    create: (baseUrl: string, model: string) => BaseLLM;
  }> = [
    {
      folder: 'openai',
      create: (baseUrl, model) => new OpenAILLM({ model, apiKey: 'k', baseUrl }),
    },
    {
      folder: 'azure',
      create: (baseUrl, model) => new AzureOpenAILLM({ model, apiKey: 'k', baseUrl }),
    },
    {
      folder: 'groq',
      create: (baseUrl, model) => new GroqLLM({ model, apiKey: 'k', baseUrl }),
    },
    {
      folder: 'deepseek',
      create: (baseUrl, model) => new DeepSeekLLM({ model, apiKey: 'k', baseUrl }),
    },
    {
      folder: 'perplexity',
      create: (baseUrl, model) => new PerplexityLLM({ model, apiKey: 'k', baseUrl }),
    },
  ];

  // Every recording is replayed as sent and without its `data: [DONE]`: some servers end at
  // EOF after the finish chunk (Perplexity, Hugging Face `transformers serve`), and the official
  // SDKs accept that as the end, so both must end normally with the same text and usage.
  for (const { folder, create } of cases) {
    for (const entry of recordedStreams(folder)) {
      for (const sendDone of [true, false]) {
        it(`${entry.file}${sendDone ? '' : ' (no [DONE])'}: exact text and usage, split at random offsets`, async () => {
          const lines = recordedLines(entry);
          const body = lines.map((line) => sseEvent(line));
          if (sendDone) body.push(sseEvent('[DONE]'));
          for (const seed of [11, 12, 13]) {
            server().enqueue({ headers: SSE_HEADERS, body, splitSeed: seed });
            const llm = create(server().url, entry.model ?? 'model');
            const finishes: string[] = [];
            const text = await llm.generate('hi', {
              onFinish: ({ providerFinishReason }) => finishes.push(providerFinishReason),
            });
            expect(text).toBe(entry.expected_text);
            expect(llm.tokensUsed).toEqual({
              input: entry.usage.input,
              output: entry.usage.output,
            });
            expect(finishes).toEqual([entry.finish_reason]);
          }
        });
      }
    }
  }
});
