import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import {
  ConfigError,
  createEmbeddings,
  ProviderError,
  RateLimitError,
  TokenTracer,
  type EmbeddingModel,
  type EmbeddingsFinishInfo,
  type EmbeddingsOptions,
} from '../../src/index.js';
import {
  cohereEmbedReply,
  float32VectorFor,
  openAIEmbeddingsReply,
  tokensOf,
  vectorFor,
} from '../servers/embeddings.js';
import { openAIError } from '../servers/openai-chat.js';
import type { RecordedRequest } from '../servers/replay-server.js';
import { useReplayServer } from '../servers/use-replay-server.js';

const replay = useReplayServer();
const KEY = 'sk-test-embeddings-pipeline-0123456789';

const open: EmbeddingModel[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((model) => model.close()));
});

function openAI(options: Partial<EmbeddingsOptions> = {}): EmbeddingModel {
  const model = createEmbeddings({
    model: 'text-embedding-3-small',
    apiKey: KEY,
    baseUrl: `${replay().url}/v1`,
    ...options,
  });
  open.push(model);
  return model;
}

const inputsOf = (requests: RecordedRequest[]): string[][] =>
  requests.map((request) => (request.json as { input: string[] }).input);

const texts = (count: number, prefix = 'text'): string[] =>
  Array.from({ length: count }, (_, index) => `${prefix} number ${index}`);

describe('batches', () => {
  it('2,500 texts to OpenAI make two requests (2,048 + 452) and come back in input order', async () => {
    replay().always(openAIEmbeddingsReply('openai', { reverse: true }));
    const corpus = texts(2500);
    const finishes: EmbeddingsFinishInfo[] = [];
    const vectors = await openAI().embed(corpus, { onFinish: (info) => finishes.push(info) });
    expect(vectors).toEqual(corpus.map(float32VectorFor));
    const sent = inputsOf(replay().requests);
    expect(sent.map((input) => input.length).sort((a, b) => b - a)).toEqual([2048, 452]);
    expect(sent.flat().sort()).toEqual([...corpus].sort());
    expect(finishes).toEqual([
      { usage: { input: tokensOf(corpus), reported: true }, cached: 0, requests: 2 },
    ]);
  });

  it('with concurrency: 1 the second request starts only after the first answered', async () => {
    const arrivals: number[] = [];
    const reply = openAIEmbeddingsReply('openai');
    replay().always((request) => {
      arrivals.push(Date.now());
      return { ...reply(request), headerDelayMs: 300 };
    });
    await openAI({ concurrency: 1 }).embed(texts(2500));
    expect(arrivals).toHaveLength(2);
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(300);
    expect(inputsOf(replay().requests).map((input) => input.length)).toEqual([2048, 452]);
  });

  it('a 429 on the second request is retried after its retry-after; the rest is not resent', async () => {
    const reply = openAIEmbeddingsReply('openai');
    const rateLimited = openAIError(
      429,
      'Rate limit reached for text-embedding-3-small',
      { type: 'requests', code: 'rate_limit_exceeded' },
      { 'retry-after': '1' },
    );
    replay().enqueue(reply, rateLimited, reply);
    const corpus = texts(2500);
    const started = Date.now();
    const finishes: EmbeddingsFinishInfo[] = [];
    const vectors = await openAI({ concurrency: 1, maxRetries: 1 }).embed(corpus, {
      onFinish: (info) => finishes.push(info),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(vectors).toEqual(corpus.map(float32VectorFor));
    const sent = inputsOf(replay().requests);
    expect(sent.map((input) => input.length)).toEqual([2048, 452, 452]);
    expect(sent[2]).toEqual(sent[1]);
    expect(finishes[0]?.requests).toBe(3);
  });

  it('Mistral batches by its token limit too, from an upper bound of each text (bytes + 4)', async () => {
    replay().always(openAIEmbeddingsReply('mistral'));
    // Each text is 4,000 bytes: a bound of 4,004 tokens, so four (16,016) fit in 16,384, not five.
    const long = Array.from({ length: 9 }, (_, index) => `${index}`.padEnd(4000, 'x'));
    const model = createEmbeddings({ model: 'mistral-embed', apiKey: KEY, baseUrl: replay().url });
    open.push(model);
    expect(await model.embed(long)).toEqual(long.map(vectorFor));
    expect(
      inputsOf(replay().requests)
        .map((input) => input.length)
        .sort(),
    ).toEqual([1, 4, 4]);
  });

  it('a batch that still fails fails the whole call with its typed error, never a partial array', async () => {
    const reply = openAIEmbeddingsReply('openai');
    replay().enqueue(
      reply,
      openAIError(400, "'$.input' is invalid.", { type: 'invalid_request_error' }),
    );
    const model = openAI({ batchSize: 2, concurrency: 1, cache: true });
    const corpus = texts(5);
    const error = await model.embed(corpus).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).status).toBe(400);
    // After the failure no further batch starts.
    expect(replay().requests).toHaveLength(2);

    // The batch that succeeded was paid for and cached: the next call sends only the rest.
    replay().reset();
    replay().always(reply);
    expect(await model.embed(corpus)).toEqual(corpus.map(float32VectorFor));
    expect(inputsOf(replay().requests).flat()).toEqual(corpus.slice(2));
  });

  it('a 429 that outlasts the retries is a RateLimitError listing every attempt', async () => {
    replay().always(
      openAIError(
        429,
        'Rate limit reached',
        { code: 'rate_limit_exceeded' },
        { 'retry-after': '0' },
      ),
    );
    const error = await openAI({ maxRetries: 2 })
      .embed(['x'])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).attempts).toHaveLength(3);
    expect(replay().requests).toHaveLength(3);
  });
});

describe('inputs', () => {
  it('[] answers [] without a request; an empty string or a non-string is a ConfigError first', async () => {
    replay().always(openAIEmbeddingsReply('openai'));
    const model = openAI();
    const finishes: EmbeddingsFinishInfo[] = [];
    expect(await model.embed([], { onFinish: (info) => finishes.push(info) })).toEqual([]);
    expect(finishes).toEqual([{ usage: { input: 0, reported: false }, cached: 0, requests: 0 }]);
    await expect(model.embed(['a', ''])).rejects.toThrow(ConfigError);
    await expect(model.embed(['a', ''])).rejects.toThrow(/texts\[1\] is an empty string/);
    await expect(model.embed(['a', 42 as unknown as string])).rejects.toThrow(
      /texts\[1\] must be a string \(got 42\)/,
    );
    await expect(model.embed('a' as unknown as string[])).rejects.toThrow(/use embedOne/);
    await expect(model.embed(['a'], { inputType: 'search' as 'query' })).rejects.toThrow(
      /inputType must be 'query' or 'document'/,
    );
    await expect(model.embed(['a'], { input_type: 'query' } as never)).rejects.toThrow(
      /Did you mean 'inputType'/,
    );
    expect(replay().requests).toHaveLength(0);
  });

  it('bad options are ConfigErrors naming the field', () => {
    expect(() =>
      createEmbeddings({ model: 'text-embedding-3-small', apiKey: KEY, batchSize: 4096 }),
    ).toThrow(/batchSize 4096 is over openai's limit of 2048/);
    expect(() => createEmbeddings({ model: 'my-model' })).toThrow(ConfigError);
    expect(() =>
      createEmbeddings({ model: 'text-embedding-3-small', apiKey: KEY, extraBody: { input: [] } }),
    ).toThrow(/extraBody.input cannot be set/);
    expect(() =>
      createEmbeddings({ model: 'text-embedding-3-small', apiKey: KEY, concurrency: 0 }),
    ).toThrow(/concurrency/);
    expect(() =>
      createEmbeddings({ model: 'text-embedding-3-small', apiKey: KEY, batch_size: 8 } as never),
    ).toThrow(/Did you mean 'batchSize'/);
  });

  it('a closed model refuses calls with a ConfigError', async () => {
    const model = openAI();
    await model.close();
    await model.close();
    await expect(model.embed(['x'])).rejects.toThrow(/was closed/);
  });
});

describe('cache per text', () => {
  it('a batch with three cached texts and two new ones sends only the two, in input order', async () => {
    replay().always(openAIEmbeddingsReply('openai'));
    const model = openAI({ cache: true });
    await model.embed(['a', 'b', 'c']);
    replay().reset();
    replay().always(openAIEmbeddingsReply('openai'));
    const finishes: EmbeddingsFinishInfo[] = [];
    const vectors = await model.embed(['d', 'a', 'b', 'e', 'c'], {
      onFinish: (info) => finishes.push(info),
    });
    expect(vectors).toEqual(['d', 'a', 'b', 'e', 'c'].map(float32VectorFor));
    expect(inputsOf(replay().requests)).toEqual([['d', 'e']]);
    expect(finishes[0]).toMatchObject({ cached: 3, requests: 1 });
    expect(model.cacheStats).toEqual({ hits: 3, misses: 5, size: 5 });
  });

  it('a text repeated in one call is sent once; every row is its own array', async () => {
    replay().always(openAIEmbeddingsReply('openai'));
    const vectors = await openAI({ cache: true }).embed(['x', 'y', 'x']);
    expect(inputsOf(replay().requests)).toEqual([['x', 'y']]);
    expect(vectors[2]).toEqual(vectors[0]);
    expect(vectors[2]).not.toBe(vectors[0]);
  });

  it('the key holds dimensions, the input type and the namespace; cache: false bypasses it', async () => {
    replay().always(cohereEmbedReply());
    const cohere = (options: Partial<EmbeddingsOptions> = {}) => {
      const model = createEmbeddings({
        model: 'embed-v4.0',
        apiKey: KEY,
        baseUrl: replay().url,
        cache: true,
        cacheBackend: 'memory',
        ...options,
      });
      open.push(model);
      return model;
    };
    const model = cohere();
    await model.embed(['x'], { inputType: 'document' });
    await model.embed(['x'], { inputType: 'document' });
    expect(replay().requests).toHaveLength(1);
    await model.embed(['x'], { inputType: 'query' });
    expect(replay().requests).toHaveLength(2);
    await model.embed(['x'], { inputType: 'query', cache: false });
    expect(replay().requests).toHaveLength(3);
    const vector = await model.embedOne('x', { inputType: 'query' });
    expect(replay().requests).toHaveLength(3);
    vector[0] = 99;
    expect(await model.embedOne('x', { inputType: 'query' })).toEqual(vectorFor('x'));
  });

  it("Redis: a second instance reads the first one's vectors without a request", async () => {
    replay().always(openAIEmbeddingsReply('openai'));
    const namespace = `redis-${Date.now()}-${Math.random()}`;
    const redis = () =>
      openAI({
        cache: true,
        cacheBackend: 'redis',
        redisUrl: inject('redisUrl'),
        cacheNamespace: namespace,
      });
    const corpus = texts(20);
    const first = await redis().embed(corpus);
    expect(replay().requests).toHaveLength(1);
    const second = redis();
    expect(await second.embed(corpus)).toEqual(first);
    expect(replay().requests).toHaveLength(1);
    expect(second.cacheStats).toMatchObject({ hits: 20, misses: 0 });
  });
});

describe('usage and cost', () => {
  it('tokensUsed counts every request; onFinish usage goes to a TokenTracer priced like chat', async () => {
    replay().always(openAIEmbeddingsReply('openai'));
    const model = openAI({ batchSize: 2 });
    const tracer = new TokenTracer();
    const corpus = texts(5);
    await model.embed(corpus, {
      onFinish: (info) => tracer.recordUsage(info.usage, { model: model.model }),
    });
    expect(model.tokensUsed).toEqual({ input: tokensOf(corpus) });
    const summary = tracer.summary();
    expect(summary.totalInputTokens).toBe(tokensOf(corpus));
    // text-embedding-3-small: $0.02 per million input tokens.
    expect(summary.estimatedCostUsd).toBeCloseTo((tokensOf(corpus) * 0.02) / 1e6, 12);
  });

  it('the price table has the embedding models of every path, input only', () => {
    const tracer = new TokenTracer();
    const prices: Record<string, number> = {
      'text-embedding-3-large': 0.13,
      'embed-v4.0': 0.12,
      'gemini-embedding-001': 0.15,
      'mistral-embed': 0.1,
      'amazon.titan-embed-text-v2:0': 0.02,
      'cohere.embed-v4:0': 0.12,
      'nomic-ai/nomic-embed-text-v1.5': 0.008,
    };
    for (const model of Object.keys(prices)) {
      tracer.recordUsage({ input: 1_000_000, reported: true }, { model });
    }
    const { byModel } = tracer.summary();
    for (const [model, price] of Object.entries(prices)) {
      expect(byModel[model]?.costUsd).toBeCloseTo(price, 12);
    }
  });

  it('a provider without usage leaves the cost unknown rather than 0', async () => {
    replay().always(openAIEmbeddingsReply('together'));
    const model = createEmbeddings({
      model: 'BAAI/bge-large-en-v1.5',
      provider: 'together',
      apiKey: KEY,
      baseUrl: replay().url,
    });
    open.push(model);
    const tracer = new TokenTracer();
    await model.embed(['x'], {
      onFinish: (info) => tracer.recordUsage(info.usage, { model: model.model }),
    });
    expect(tracer.summary().estimatedCostUsd).toBeNull();
  });
});

describe('rate limit', () => {
  it('requestsPerMinute spaces the requests of one call', async () => {
    replay().always(openAIEmbeddingsReply('openai'));
    const model = openAI({ requestsPerMinute: 120, batchSize: 1 });
    const started = Date.now();
    await model.embed(texts(3));
    // A bucket of 120/min holds two requests and refills one each 500 ms: the third waits.
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(replay().requests).toHaveLength(3);
  });
});

vi.setConfig({ testTimeout: 30_000 });
