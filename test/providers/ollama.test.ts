import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ConfigError,
  OllamaLLM,
  ProviderError,
  RateLimitError,
  StreamInterruptedError,
  createLLM,
  type FinishInfo,
} from '../../src/index.js';
import { ollamaHostFromEnv } from '../../src/providers/ollama/host.js';
import { runConformance } from '../conformance.js';
import {
  NDJSON_HEADERS,
  ollamaError,
  ollamaErrorLine,
  ollamaLines,
  ollamaStream,
} from '../servers/ollama.js';
import type { ScriptedResponse } from '../servers/replay-server.js';
import { useReplayServer } from '../servers/use-replay-server.js';

const MODEL = 'llama3.2';

runConformance({
  name: 'OllamaLLM',
  model: MODEL,
  // No key is needed; the suite passes one, which Ollama sends as a Bearer token (ollama.com).
  create: (server, options) => new OllamaLLM({ model: MODEL, baseUrl: server.url, ...options }),
  success: (pieces, usage) => ollamaStream(pieces, { usage }),
  cut: (pieces) => ({ headers: NDJSON_HEADERS, body: ollamaLines(pieces), cut: true }),
  inStreamError: (pieces, message) => ({
    headers: NDJSON_HEADERS,
    body: [...ollamaLines(pieces), ollamaErrorLine(message)],
  }),
  httpError: (status, message) => ollamaError(status, message),
  expectRequest: (request, expected) => {
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/api/chat');
    expect(request.headers.authorization).toBe(`Bearer ${expected.apiKey}`);
    const body = request.json as Record<string, unknown>;
    expect(body.model).toBe(expected.model);
    expect(body.messages).toEqual(expected.messages);
    expect(body.stream).toBe(true);
    expect(body.options).toEqual({
      temperature: expected.temperature,
      num_predict: expected.maxTokens,
    });
    // Ollama reads sampling only from `options`; top-level copies would be silently ignored.
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('max_tokens');
  },
});

describe('OllamaLLM specifics', () => {
  const replay = useReplayServer();
  beforeEach(() => {
    // The developer's own Ollama settings must not leak into these tests.
    vi.stubEnv('OLLAMA_HOST', undefined);
    vi.stubEnv('OLLAMA_API_KEY', undefined);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const make = (): OllamaLLM => new OllamaLLM({ model: MODEL, baseUrl: replay().url });

  const generateFrom = async (
    response: ScriptedResponse,
  ): Promise<{ finished: FinishInfo; tokens: { input: number; output: number }; text: string }> => {
    replay().enqueue(response);
    const llm = make();
    const finished: FinishInfo[] = [];
    const text = await llm.generate('hi', { onFinish: (info) => finished.push(info) });
    return { finished: finished[0] as FinishInfo, tokens: llm.tokensUsed, text };
  };

  it('needs no key: no auth header, and the default host is http://127.0.0.1:11434', async () => {
    expect(new OllamaLLM({ model: MODEL }).endpoint).toBe('http://127.0.0.1:11434/api/chat');
    expect(createLLM({ model: MODEL, provider: 'ollama' })).toBeInstanceOf(OllamaLLM);
    replay().enqueue(ollamaStream(['ok'], { usage: { input: 1, output: 1 } }));
    await make().generate('hi');
    expect(replay().lastRequest.headers.authorization).toBeUndefined();
    expect(replay().lastRequest.headers.accept).toBe('application/x-ndjson');
  });

  it('OLLAMA_API_KEY is sent as a Bearer token (ollama.com)', async () => {
    vi.stubEnv('OLLAMA_API_KEY', 'ollama-cloud-key-123456');
    replay().enqueue(ollamaStream(['ok'], { usage: { input: 1, output: 1 } }));
    await make().generate('hi');
    expect(replay().lastRequest.headers.authorization).toBe('Bearer ollama-cloud-key-123456');
  });

  it('OLLAMA_HOST given as host:port without a scheme is used, as the ollama CLI does', async () => {
    const port = new URL(replay().url).port;
    vi.stubEnv('OLLAMA_HOST', `127.0.0.1:${port}`);
    const llm = new OllamaLLM({ model: MODEL });
    expect(llm.endpoint).toBe(`http://127.0.0.1:${port}/api/chat`);
    replay().enqueue(ollamaStream(['via env'], { usage: { input: 1, output: 2 } }));
    expect(await llm.generate('hi')).toBe('via env');
    expect(replay().lastRequest.url).toBe('/api/chat');
  });

  it('baseUrl wins over OLLAMA_HOST', () => {
    vi.stubEnv('OLLAMA_HOST', 'elsewhere:1234');
    expect(new OllamaLLM({ model: MODEL, baseUrl: 'http://gpu-box:11434/' }).endpoint).toBe(
      'http://gpu-box:11434/api/chat',
    );
  });

  it('reads OLLAMA_HOST values the way Ollama does', () => {
    const cases: Array<[string | undefined, string]> = [
      [undefined, 'http://127.0.0.1:11434'],
      ['', 'http://127.0.0.1:11434'],
      ['0.0.0.0', 'http://0.0.0.0:11434'],
      ['gpu-box:8080', 'http://gpu-box:8080'],
      [':8080', 'http://127.0.0.1:8080'],
      ['"localhost:11434"', 'http://localhost:11434'],
      ['  example.com  ', 'http://example.com:11434'],
      ['http://example.com', 'http://example.com:80'],
      ['https://ollama.com', 'https://ollama.com:443'],
      ['https://proxy.example.com:8443/ollama/', 'https://proxy.example.com:8443/ollama'],
      ['[::1]:11434', 'http://[::1]:11434'],
      ['::1', 'http://[::1]:11434'],
    ];
    for (const [value, expected] of cases) expect(ollamaHostFromEnv(value)).toBe(expected);
    expect(() => ollamaHostFromEnv('gpu-box:port')).toThrow(ConfigError);
    expect(() => ollamaHostFromEnv('gpu-box:99999')).toThrow(/OLLAMA_HOST/);
    expect(() => ollamaHostFromEnv('ftp://gpu-box')).toThrow(/http:\/\/ or https:\/\//);
    expect(() => ollamaHostFromEnv('gpu box:11434')).toThrow(/not a valid URL/);
  });

  it('topP and stop go into options; extraBody options merge with ours, other fields go top-level', async () => {
    replay().enqueue(ollamaStream(['ok'], { usage: { input: 1, output: 1 } }));
    await make().generate('hi', {
      temperature: 0,
      maxTokens: 32,
      topP: 0.8,
      stop: ['<|eot|>'],
      extraBody: { keep_alive: '10m', options: { num_ctx: 8192, seed: 7 } },
    });
    const body = replay().lastRequest.json as Record<string, unknown>;
    expect(body.options).toEqual({
      temperature: 0,
      num_predict: 32,
      top_p: 0.8,
      stop: ['<|eot|>'],
      num_ctx: 8192,
      seed: 7,
    });
    expect(body.keep_alive).toBe('10m');
  });

  it('usage is prompt_eval_count / eval_count from the done line, with done_reason', async () => {
    const { finished, tokens, text } = await generateFrom(
      ollamaStream(['Cut sh'], { usage: { input: 26, output: 6 }, doneReason: 'length' }),
    );
    expect(text).toBe('Cut sh');
    expect(finished).toMatchObject({
      usage: { input: 26, output: 6, reported: true },
      finishReason: 'length',
      providerFinishReason: 'length',
    });
    expect(tokens).toEqual({ input: 26, output: 6 });
  });

  it('a count Ollama left out (zero, e.g. a full prompt-cache hit) is 0, still reported', async () => {
    const { finished, tokens } = await generateFrom(
      ollamaStream(['cached'], { usage: { input: 0, output: 3 } }),
    );
    expect(finished.usage).toEqual({ input: 0, output: 3, reported: true });
    expect(tokens).toEqual({ input: 0, output: 3 });
  });

  it('a done line without any count reports no usage', async () => {
    const { finished, tokens, text } = await generateFrom(ollamaStream(['no counts']));
    expect(text).toBe('no counts');
    expect(finished.usage).toEqual({ input: 0, output: 0, reported: false });
    expect(tokens).toEqual({ input: 0, output: 0 });
  });

  it('message.thinking is reasoning, never answer text', async () => {
    const { text } = await generateFrom(
      ollamaStream(['4'], {
        thinking: ['The user asks ', '2+2.'],
        usage: { input: 9, output: 12 },
      }),
    );
    expect(text).toBe('4');
  });

  it('a model that was never pulled: the 404 message, and advice to pull it', async () => {
    replay().enqueue(ollamaError(404, "model 'llama3.2' not found"));
    const error = await make()
      .generate('hi')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      status: 404,
      provider: 'ollama',
      providerMessage: "model 'llama3.2' not found",
      retryable: false,
    });
    expect((error as Error).message).toContain("model 'llama3.2' not found");
    expect((error as Error).message).toContain('ollama pull llama3.2');
  });

  it('other errors pass through unchanged (no pull advice for a 429)', async () => {
    replay().enqueue(ollamaError(429, 'you have reached your hourly usage limit'));
    const error = await make()
      .generate('hi')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as Error).message).toContain('hourly usage limit');
    expect((error as Error).message).not.toContain('ollama pull');
  });

  it('a mid-stream {"error"} line after text is a StreamInterruptedError with the message', async () => {
    replay().enqueue({
      headers: NDJSON_HEADERS,
      body: [
        ...ollamaLines(['Once upon ']),
        ollamaErrorLine('an error was encountered while running the model: unexpected EOF'),
      ],
    });
    const received: string[] = [];
    const error = await (async () => {
      for await (const piece of make().stream('hi')) received.push(piece);
    })().catch((e: unknown) => e);
    expect(received).toEqual(['Once upon ']);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    const cause = (error as StreamInterruptedError).cause as ProviderError;
    expect(cause.providerMessage).toBe(
      'an error was encountered while running the model: unexpected EOF',
    );
  });

  it('a malformed line is a clear error', async () => {
    replay().enqueue({
      headers: NDJSON_HEADERS,
      body: [...ollamaLines(['ok']), '{"model":"llama3.2",\n'],
    });
    await expect(make().generate('hi')).rejects.toThrow(/not valid JSON/);
  });

  it('a last line without its newline still counts', async () => {
    const lines = ollamaLines(['tail'], { doneReason: 'stop', usage: { input: 2, output: 1 } });
    const last = (lines.pop() as string).trimEnd();
    const { text, tokens } = await generateFrom({
      headers: NDJSON_HEADERS,
      body: [...lines, last],
    });
    expect(text).toBe('tail');
    expect(tokens).toEqual({ input: 2, output: 1 });
  });
});
