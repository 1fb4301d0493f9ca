import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AbortError,
  AuthenticationError,
  ConfigError,
  ConnectionError,
  createEmbeddings,
  ProviderError,
  RateLimitError,
  TimeoutError,
  type EmbeddingsOptions,
} from '../../src/index.js';
import {
  float32VectorFor,
  ollamaEmbedReply,
  openAIEmbeddingsReply,
  vectorFor,
} from '../servers/embeddings.js';
import { gzipBomb } from '../servers/gzip-bomb.js';
import { openAIError } from '../servers/openai-chat.js';
import { useReplayServer } from '../servers/use-replay-server.js';

const replay = useReplayServer();
afterEach(() => vi.unstubAllEnvs());

const KEY = 'sk-test-embeddings-0123456789';

describe('createEmbeddings: errors, retries, abort and timeouts (OpenAI path)', () => {
  const make = (extra: Partial<EmbeddingsOptions> = {}) =>
    createEmbeddings({
      model: 'text-embedding-3-small',
      apiKey: KEY,
      baseUrl: `${replay().url}/v1`,
      ...extra,
    });

  it('sends dimensions and extraBody when given; an empty list sends nothing', async () => {
    replay().always(openAIEmbeddingsReply('openai'));
    await make({ dimensions: 3, extraBody: { user: 'u-1' } }).embed(['x']);
    expect(replay().lastRequest.json).toEqual({
      model: 'text-embedding-3-small',
      input: ['x'],
      dimensions: 3,
      encoding_format: 'base64',
      user: 'u-1',
    });
    replay().reset();
    expect(await make().embed([])).toEqual([]);
    expect(replay().requests).toHaveLength(0);
  });

  it('a wrong key is an AuthenticationError naming the env var, without the key', async () => {
    replay().enqueue(
      openAIError(
        401,
        `Incorrect API key provided: ${KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`,
        {
          code: 'invalid_api_key',
        },
      ),
    );
    const error = await make()
      .embed(['x'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toBe(401);
    expect((error as Error).message).toContain('OPENAI_API_KEY');
    expect((error as Error).message).not.toContain(KEY);
  });

  it('retries a 429 after its Retry-After when maxRetries allows, and reports every attempt otherwise', async () => {
    const rateLimited = openAIError(
      429,
      'Rate limit reached for text-embedding-3-small',
      { type: 'requests', code: 'rate_limit_exceeded' },
      { 'retry-after': '0' },
    );
    replay().enqueue(rateLimited, openAIEmbeddingsReply('openai'));
    expect(await make({ maxRetries: 1 }).embed(['x'])).toEqual([float32VectorFor('x')]);
    expect(replay().requests).toHaveLength(2);

    replay().reset();
    replay().enqueue(rateLimited);
    const error = await make()
      .embed(['x'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(replay().requests).toHaveLength(1);
  });

  it('a 500 is retried with backoff; a 400 is not', async () => {
    replay().enqueue(openAIError(500, 'The server had an error'), openAIEmbeddingsReply('openai'));
    expect(await make({ maxRetries: 2, retryDelay: 0.01 }).embed(['x'])).toHaveLength(1);
    expect(replay().requests).toHaveLength(2);

    replay().reset();
    replay().enqueue(openAIError(400, "'$.input' is invalid."), openAIEmbeddingsReply('openai'));
    const error = await make({ maxRetries: 2, retryDelay: 0.01 })
      .embed(['x'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).status).toBe(400);
    expect((error as ProviderError).attempts).toHaveLength(1);
    expect(replay().requests).toHaveLength(1);
  });

  it('a body that is not JSON and echoes the key is shown without it, even where it is cut', async () => {
    replay().enqueue({
      headers: { 'content-type': 'text/plain' },
      body: `${'z'.repeat(110)} ${KEY} is invalid`,
    });
    const error = await make()
      .embed(['x'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).not.toContain(KEY.slice(0, 8));
  });

  it('a body that is not JSON is a retryable ConnectionError; a JSON body of the wrong shape a ProviderError', async () => {
    replay().enqueue({
      headers: { 'content-type': 'text/html' },
      body: '<html>Bad gateway</html>',
    });
    const garbled = await make()
      .embed(['x'])
      .catch((e: unknown) => e);
    expect(garbled).toBeInstanceOf(ConnectionError);
    expect((garbled as ConnectionError).retryable).toBe(true);

    replay().enqueue({
      headers: { 'content-type': 'application/json' },
      body: '{"object":"list","data":[]}',
    });
    const short = await make()
      .embed(['x'])
      .catch((e: unknown) => e);
    expect(short).toBeInstanceOf(ProviderError);
    expect((short as Error).message).toMatch(/without 1 embeddings in `data`/);

    replay().enqueue({
      headers: { 'content-type': 'application/json' },
      body: '{"object":"list","data":[{"index":0,"embedding":"AAAA"}]}',
    });
    await expect(make().embed(['x'])).rejects.toThrow(/vector of numbers/);
  });

  it('an abort cancels the request itself', async () => {
    replay().enqueue({ headers: { 'content-type': 'application/json' }, hang: true });
    const controller = new AbortController();
    const pending = make().embed(['x'], { signal: controller.signal });
    await expect.poll(() => replay().requests.length).toBe(1);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    await expect.poll(() => replay().closedEarly, { timeout: 2000 }).toBe(1);
  });

  it('a redirect is never followed: one request, not retried, the key not sent on', async () => {
    replay().always({
      status: 307,
      headers: { location: `http://127.0.0.1:9/v1/embeddings?key=${KEY}` },
      body: 'Moved',
    });
    const error = await make({ maxRetries: 2, retryDelay: 0 })
      .embed(['x'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 307, retryable: false, provider: 'openai' });
    expect((error as Error).message).not.toContain(KEY);
    expect(replay().requests).toHaveLength(1);
  });

  it('an answer that inflates past the bound is a ProviderError, read no further', async () => {
    // 1 MiB plus 128 KiB per text is the bound for one text; this inflates to 64 MiB.
    replay().always({
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipBomb(64, {
        prefix: '{"object":"list","data":[{"index":0,"embedding":"',
        unit: 'A',
      }),
    });
    const error = await make({ maxRetries: 2, retryDelay: 0 })
      .embed(['x'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toMatch(/embeddings answer over 1 MiB/);
    expect((error as ProviderError).retryable).toBe(false);
    expect(replay().requests).toHaveLength(1);
  });

  it('a silent server hits the timeout', async () => {
    replay().enqueue({ headers: { 'content-type': 'application/json' }, headerDelayMs: 2000 });
    await expect(make({ timeout: 0.1 }).embed(['x'])).rejects.toBeInstanceOf(TimeoutError);
  });

  it('configuration errors are ConfigErrors before any request', async () => {
    vi.stubEnv('OPENAI_API_KEY', undefined);
    vi.stubEnv('AZURE_OPENAI_ENDPOINT', undefined);
    expect(() => createEmbeddings({ model: 'text-embedding-3-small' })).toThrow(
      /pass apiKey or set OPENAI_API_KEY/,
    );
    vi.stubEnv('MISTRAL_API_KEY', 'from-env');
    expect(createEmbeddings({ provider: 'mistral', model: 'mistral-embed' }).endpoint).toBe(
      'https://api.mistral.ai/v1/embeddings',
    );
    expect(() => createEmbeddings({ provider: 'azure', model: 'e', apiKey: 'k' })).toThrow(
      /AZURE_OPENAI_ENDPOINT/,
    );
    expect(() =>
      createEmbeddings({ provider: 'anthropic' as 'openai', model: 'e', apiKey: 'k' }),
    ).toThrow(ConfigError);
    expect(() => createEmbeddings({ model: 'e', apiKey: 'k', dimension: 3 } as never)).toThrow(
      /Unknown embeddings option 'dimension'/,
    );
    expect(() => createEmbeddings({ model: '', apiKey: 'k' })).toThrow(ConfigError);
    expect(() =>
      createEmbeddings({ model: 'text-embedding-3-small', apiKey: 'k', batchSize: 0 }),
    ).toThrow(/batchSize/);
    await expect(make().embed('x' as never)).rejects.toThrow(/array of strings/);
  });

  it('apiKey "" sends no auth header (local OpenAI-compatible servers)', async () => {
    replay().always(openAIEmbeddingsReply('openai'));
    await make({ apiKey: '' }).embed(['x']);
    expect(replay().lastRequest.headers.authorization).toBeUndefined();
  });
});

describe('createEmbeddings: Ollama errors', () => {
  it('posts { model, input } to /api/embed and reads `embeddings`, without auth', async () => {
    vi.stubEnv('OLLAMA_API_KEY', undefined);
    replay().always(ollamaEmbedReply());
    const embeddings = createEmbeddings({
      model: 'nomic-embed-text',
      provider: 'ollama',
      baseUrl: replay().url,
    });
    expect(await embeddings.embed(['alpha', 'beta'])).toEqual([
      vectorFor('alpha'),
      vectorFor('beta'),
    ]);
    expect(replay().lastRequest.url).toBe('/api/embed');
    expect(replay().lastRequest.json).toEqual({
      model: 'nomic-embed-text',
      input: ['alpha', 'beta'],
    });
    expect(replay().lastRequest.headers.authorization).toBeUndefined();
    expect(embeddings.tokensUsed.input).toBe(2);
  });

  it('uses OLLAMA_HOST (bare host:port too) and sends a given key as Bearer', async () => {
    replay().always(ollamaEmbedReply());
    vi.stubEnv('OLLAMA_HOST', replay().url.replace('http://', ''));
    const embeddings = createEmbeddings({
      model: 'all-minilm',
      provider: 'ollama',
      apiKey: 'ollama-key',
    });
    expect(embeddings.endpoint).toBe(`${replay().url}/api/embed`);
    await embeddings.embed(['x']);
    expect(replay().lastRequest.headers.authorization).toBe('Bearer ollama-key');
    vi.stubEnv('OLLAMA_HOST', undefined);
    expect(createEmbeddings({ model: 'all-minilm', provider: 'ollama' }).endpoint).toBe(
      'http://127.0.0.1:11434/api/embed',
    );
  });

  it("a missing model is Ollama's 404 with its message", async () => {
    replay().enqueue({
      status: 404,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"error":"model \\"nomic-embed-text\\" not found, try pulling it first"}',
    });
    const error = await createEmbeddings({
      model: 'nomic-embed-text',
      provider: 'ollama',
      baseUrl: replay().url,
    })
      .embed(['x'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).status).toBe(404);
    expect((error as ProviderError).providerMessage).toBe(
      'model "nomic-embed-text" not found, try pulling it first',
    );
  });

  it('a count mismatch is a ProviderError', async () => {
    replay().enqueue({
      headers: { 'content-type': 'application/json' },
      body: '{"model":"all-minilm","embeddings":[[0.1,0.2]]}',
    });
    await expect(
      createEmbeddings({ model: 'all-minilm', provider: 'ollama', baseUrl: replay().url }).embed([
        'a',
        'b',
      ]),
    ).rejects.toThrow(/without 2 vectors \(one per text\)/);
  });
});
