import { describe, expect, it } from 'vitest';
import {
  AbortError,
  AnthropicLLM,
  AzureOpenAILLM,
  ConfigError,
  createLLM,
  DEFAULT_RAG_SYSTEM_PROMPT,
  estimateCost,
  GroqLLM,
  createEmbeddings,
  OpenAILLM,
  ProviderError,
  RAG,
  RAGPipeline,
  StreamInterruptedError,
  TogetherLLM,
  TokenTracer,
  type Message,
  type RAGOptions,
} from '../../src/index.js';
import { anthropicStream } from '../servers/anthropic.js';
import { ollamaEmbedReply } from '../servers/embeddings.js';
import {
  openAIChunks,
  openAIError,
  openAISse,
  openAIStream,
  SSE_HEADERS,
} from '../servers/openai-chat.js';
import type { RecordedRequest } from '../servers/replay-server.js';
import { useReplayServer } from '../servers/use-replay-server.js';

const KEY = 'sk-rag-test-key-0123456789';
const PARIS = 'Paris is the capital and largest city of France, on the river Seine.';
const PHOTOSYNTHESIS =
  'Photosynthesis is how plants use sunlight, water and carbon dioxide to make glucose and oxygen.';

const replay = useReplayServer();

const make = (options: Partial<RAGOptions> = {}) =>
  new RAG({ model: 'gpt-4o-mini', apiKey: KEY, baseUrl: `${replay().url}/v1`, ...options });

async function withTwoDocuments(options: Partial<RAGOptions> = {}): Promise<RAG> {
  const rag = make({ retrievalTopK: 1, ...options });
  await rag.add(PARIS, { topic: 'geography' });
  await rag.add(PHOTOSYNTHESIS, { topic: 'biology' });
  return rag;
}

const messagesOf = (request: RecordedRequest): Message[] =>
  (request.json as { messages: Message[] }).messages;
const lastUserMessage = (request: RecordedRequest): string =>
  String(messagesOf(request).at(-1)?.content ?? '');

/** An answer with usage, as OpenAI streams it. */
const answer = (pieces: string[], usage = { prompt_tokens: 57, completion_tokens: 7 }) =>
  openAIStream(pieces, {
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  });

/** The pieces, then the connection drops before the finish chunk. */
const cutAfter = (pieces: string[]) => ({
  headers: SSE_HEADERS,
  body: openAISse(openAIChunks(pieces).slice(0, pieces.length + 1), { done: false }),
  cut: true,
});

describe('RAG (acceptance)', () => {
  it('sends only the retrieved chunk (retrievalTopK 1) and answers with the LLM text', async () => {
    const rag = await withTwoDocuments();
    replay().enqueue(answer(['The capital of France ', 'is Paris.']));
    const reply = await rag.ask('What is the capital of France?');
    expect(reply).toBe('The capital of France is Paris.');
    expect(replay().requests).toHaveLength(1);
    const request = replay().lastRequest;
    expect(request.url).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request.body).toContain(PARIS);
    expect(request.body).not.toContain('Photosynthesis');
    expect(messagesOf(request)).toEqual([
      { role: 'system', content: DEFAULT_RAG_SYSTEM_PROMPT },
      {
        role: 'user',
        content: `Context:\n<document>\n${PARIS}\n</document>\n\nQuestion: What is the capital of France?`,
      },
    ]);
  });

  it('a second question carries the first turn, in the original layout', async () => {
    const rag = await withTwoDocuments();
    replay().enqueue(answer(['Paris.']), answer(['With ', 'sunlight.']));
    await rag.ask('What is the capital of France?');
    expect(await rag.ask('How do plants make glucose?')).toBe('With sunlight.');
    expect(messagesOf(replay().lastRequest)).toEqual([
      { role: 'system', content: DEFAULT_RAG_SYSTEM_PROMPT },
      {
        role: 'user',
        content: 'Previous conversation:\nUser: What is the capital of France?\nAssistant: Paris.',
      },
      { role: 'assistant', content: 'Understood.' },
      {
        role: 'user',
        content: `Context:\n<document>\n${PHOTOSYNTHESIS}\n</document>\n\nQuestion: How do plants make glucose?`,
      },
    ]);
    expect(rag.memory.getMessages()).toEqual([
      { role: 'user', content: 'What is the capital of France?' },
      { role: 'assistant', content: 'Paris.' },
      { role: 'user', content: 'How do plants make glucose?' },
      { role: 'assistant', content: 'With sunlight.' },
    ]);
  });

  it("the tracer shows 2 calls whose totals are twice one call's usage (no running totals)", async () => {
    const rag = await withTwoDocuments();
    expect(rag.tracer).toBeInstanceOf(TokenTracer);
    replay().enqueue(answer(['Paris.']), answer(['Sunlight.']));
    await rag.ask('What is the capital of France?');
    await rag.ask('How do plants make glucose?');
    const summary = rag.tracer.summary();
    expect(summary).toMatchObject({
      calls: 2,
      totalInputTokens: 2 * 57,
      totalOutputTokens: 2 * 7,
      totalTokens: 2 * 64,
    });
    expect(summary.byModel['gpt-4o-mini']).toMatchObject({ calls: 2, inputTokens: 114 });
    expect(summary.estimatedCostUsd).toBeCloseTo(
      2 * (estimateCost('gpt-4o-mini', 57, 7) ?? NaN),
      12,
    );
    expect(summary.totalLatencyMs).toBeGreaterThan(0);
    // The LLM's own cumulative counter agrees.
    expect(rag.llm.tokensUsed).toEqual({ input: 114, output: 14 });
  });

  it('new RAG({ model: "claude-3-haiku-20240307", apiKey }) builds an AnthropicLLM and answers through it', async () => {
    const rag = new RAG({
      model: 'claude-3-haiku-20240307',
      apiKey: KEY,
      baseUrl: replay().url,
      retrievalTopK: 1,
    });
    expect(rag.llm).toBeInstanceOf(AnthropicLLM);
    await rag.add(PARIS);
    await rag.add(PHOTOSYNTHESIS);
    replay().enqueue(
      anthropicStream(['Paris', '.'], {
        model: 'claude-3-haiku-20240307',
        usage: { input_tokens: 40, output_tokens: 3, cache_read_input_tokens: 10 },
      }),
    );
    expect(await rag.ask('What is the capital of France?')).toBe('Paris.');
    const request = replay().lastRequest;
    expect(request.url).toBe('/v1/messages');
    expect(request.headers['x-api-key']).toBe(KEY);
    const body = request.json as { system: unknown; messages: Message[] };
    expect(JSON.stringify(body.system)).toContain(DEFAULT_RAG_SYSTEM_PROMPT);
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: `Context:\n<document>\n${PARIS}\n</document>\n\nQuestion: What is the capital of France?`,
      },
    ]);
    // Anthropic's input = input + cache reads (+ cache writes).
    expect(rag.tracer.summary()).toMatchObject({
      calls: 1,
      totalInputTokens: 50,
      totalOutputTokens: 3,
    });
  });

  it('builds the LLM from the model name, the provider override, providerOptions, or takes a given llm', () => {
    expect(new RAG({ model: 'gpt-4o-mini', apiKey: KEY }).llm).toBeInstanceOf(OpenAILLM);
    expect(new RAG({ model: 'llama-3.3-70b-versatile', apiKey: KEY }).llm).toBeInstanceOf(GroqLLM);
    expect(new RAG({ model: 'my-finetune', provider: 'together', apiKey: KEY }).llm).toBeInstanceOf(
      TogetherLLM,
    );
    const azure = new RAG({
      model: 'gpt-4o',
      provider: 'azure',
      apiKey: KEY,
      providerOptions: { endpoint: 'https://contoso.openai.azure.com', deployment: 'prod-4o' },
    }).llm;
    expect(azure).toBeInstanceOf(AzureOpenAILLM);
    expect(azure.endpoint).toContain('/openai/deployments/prod-4o/');
    const rag = new RAG({
      model: 'gpt-4o-mini',
      apiKey: KEY,
      systemPrompt: 'Be terse.',
      temperature: 0,
    });
    expect(rag.llm.config.systemPrompt).toBe('Be terse.');
    expect(rag.llm.config.temperature).toBe(0);
    expect(new RAG({ model: 'gpt-4o-mini', apiKey: KEY }).llm.config.systemPrompt).toBe(
      DEFAULT_RAG_SYSTEM_PROMPT,
    );
    const llm = createLLM({ model: 'gpt-4o-mini', apiKey: KEY });
    expect(new RAG({ llm }).llm).toBe(llm);
    expect(new RAG({ llm, model: 'gpt-4o-mini' }).llm).toBe(llm);
  });
});

describe('RAG: documents', () => {
  it('ignores empty and whitespace-only text', async () => {
    const rag = make();
    expect(await rag.add('')).toBe(0);
    expect(await rag.add('  \n\t ')).toBe(0);
    expect(await rag.addDocuments([])).toBe(0);
    expect(
      await rag.addDocuments([{ text: '   ' }, { text: PARIS, metadata: { topic: 'geo' } }]),
    ).toBe(1);
    expect(await rag.retrieve('capital France')).toEqual([
      expect.objectContaining({ text: PARIS, metadata: { topic: 'geo' } }),
    ]);
  });

  it('splits with chunkSize/chunkOverlap and copies metadata to every chunk', async () => {
    const rag = make({ chunkSize: 40, chunkOverlap: 0 });
    const count = await rag.add(`${PARIS}\n\n${PHOTOSYNTHESIS}`, { source: 'notes.md' });
    expect(count).toBeGreaterThan(2);
    // A query with every word finds every chunk.
    const chunks = await rag.retrieve(`${PARIS} ${PHOTOSYNTHESIS}`, { topK: 10 });
    expect(chunks).toHaveLength(count);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(40);
      expect(chunk.metadata).toEqual({ source: 'notes.md' });
    }
  });

  it('rejects what cannot be stored', async () => {
    const rag = make();
    await expect(rag.add(42 as never)).rejects.toThrow(/text must be a string/);
    await expect(rag.add('x', [] as never)).rejects.toThrow(/metadata must be a plain object/);
    await expect(rag.add('x', { size: 10n })).rejects.toThrow(/JSON-serialisable/);
    await expect(rag.addDocuments('x' as never)).rejects.toThrow(ConfigError);
  });
});

describe('RAG: asking', () => {
  it('with no documents still answers, with "No context available."', async () => {
    replay().enqueue(answer(['I do not know.']));
    expect(await make().ask('What is the capital of France?')).toBe('I do not know.');
    expect(lastUserMessage(replay().lastRequest)).toBe(
      'Context:\nNo context available.\n\nQuestion: What is the capital of France?',
    );
  });

  it('topK and a metadata filter per question', async () => {
    const rag = await withTwoDocuments();
    replay().always(answer(['ok']));
    await rag.ask('capital of France, and photosynthesis?', { topK: 2 });
    expect(replay().lastRequest.body).toContain(PARIS);
    expect(replay().lastRequest.body).toContain('Photosynthesis');

    await rag.ask('capital of France, and photosynthesis?', {
      topK: 2,
      filter: { topic: 'biology' },
    });
    expect(replay().lastRequest.body).not.toContain(PARIS);
    expect(replay().lastRequest.body).toContain('Photosynthesis');

    await rag.ask('capital of France, and photosynthesis?', {
      topK: 2,
      filter: (metadata) => metadata.topic !== 'biology',
    });
    expect(replay().lastRequest.body).toContain(PARIS);
    expect(replay().lastRequest.body).not.toContain('Photosynthesis');

    await rag.ask('capital of France?', { filter: { topic: 'history' } });
    expect(lastUserMessage(replay().lastRequest)).toContain('No context available.');
  });

  it('streams the pieces as they come', async () => {
    const rag = await withTwoDocuments();
    replay().enqueue(answer(['Pa', 'ris', '.']));
    const pieces: string[] = [];
    for await (const piece of rag.stream('capital of France?')) pieces.push(piece);
    expect(pieces).toEqual(['Pa', 'ris', '.']);
  });

  it("onFinish gets the answer's finish reason and usage, after the tracer recorded it", async () => {
    const rag = await withTwoDocuments();
    replay().enqueue(
      openAIStream(['Paris'], {
        finishReason: 'length',
        usage: { prompt_tokens: 40, completion_tokens: 1 },
      }),
    );
    const finishes: Array<{ finishReason: string; input: number; traced: number }> = [];
    const answer = await rag.ask('capital of France?', {
      onFinish: ({ finishReason, usage }) =>
        finishes.push({ finishReason, input: usage.input, traced: rag.tracer.summary().calls }),
    });
    expect(answer).toBe('Paris');
    expect(finishes).toEqual([{ finishReason: 'length', input: 40, traced: 1 }]);
    expect(() => rag.stream('q', { onFinish: 'not a function' as never })).toThrow(
      /onFinish must be a function/,
    );
  });

  it('goes through the LLM pipeline: its retries apply', async () => {
    const rag = await withTwoDocuments({ maxRetries: 1, retryDelay: 0.01 });
    replay().enqueue(
      openAIError(429, 'Rate limit reached', { type: 'requests' }, { 'retry-after-ms': '10' }),
      answer(['Paris.']),
    );
    expect(await rag.ask('capital of France?')).toBe('Paris.');
    expect(replay().requests).toHaveLength(2);
  });

  it('goes through the LLM pipeline: its response cache applies, and a hit is traced without tokens', async () => {
    const rag = await withTwoDocuments({ cache: true });
    replay().enqueue(answer(['Paris.']));
    expect(await rag.ask('capital of France?')).toBe('Paris.');
    rag.memory.clear(); // the same messages again
    expect(await rag.ask('capital of France?')).toBe('Paris.');
    expect(replay().requests).toHaveLength(1);
    expect(rag.llm.cacheStats).toMatchObject({ hits: 1, misses: 1 });
    expect(rag.tracer.summary()).toMatchObject({
      calls: 2,
      totalInputTokens: 57,
      totalOutputTokens: 7,
    });
    await rag.close();
  });

  it('a custom system prompt and memoryWindow', async () => {
    const rag = await withTwoDocuments({
      systemPrompt: 'You are a pirate assistant.',
      memoryWindow: 1,
    });
    replay().always(answer(['Arr.']));
    await rag.ask('capital of France?');
    await rag.ask('photosynthesis?');
    expect(messagesOf(replay().lastRequest)[0]).toEqual({
      role: 'system',
      content: 'You are a pirate assistant.',
    });
    expect(rag.memory.getMessages()).toEqual([
      { role: 'user', content: 'photosynthesis?' },
      { role: 'assistant', content: 'Arr.' },
    ]);
  });

  it('concurrent asks each get their own answer, memory pair and usage record', async () => {
    const rag = await withTwoDocuments();
    // Each question gets its own usage (A: 100/1, B: 200/2, C: 300/3); A finishes last.
    const usageFor = { A: 1, B: 2, C: 3 } as Record<string, number>;
    replay().always((request) => {
      const question = lastUserMessage(request).split('Question: ')[1] ?? '';
      const n = usageFor[question[0] ?? ''] ?? 0;
      return {
        ...answer([`Answer to ${question}`], { prompt_tokens: 100 * n, completion_tokens: n }),
        gapMs: question.startsWith('A') ? 30 : 0,
      };
    });
    const questions = ['A: capital of France?', 'B: photosynthesis?', 'C: Seine?'];
    const replies = await Promise.all(questions.map((question) => rag.ask(question)));
    expect(replies).toEqual(questions.map((question) => `Answer to ${question}`));
    const remembered = rag.memory.getMessages();
    expect(remembered).toHaveLength(6);
    for (let i = 0; i < remembered.length; i += 2) {
      expect(remembered[i + 1]!.content).toBe(`Answer to ${remembered[i]!.content}`);
    }
    expect(rag.tracer.summary()).toMatchObject({
      calls: 3,
      totalInputTokens: 600,
      totalOutputTokens: 6,
    });
  });

  it('trace: false records nothing', async () => {
    const rag = await withTwoDocuments({ trace: false });
    replay().enqueue(answer(['Paris.']));
    await rag.ask('capital of France?');
    expect(rag.tracer.summary().calls).toBe(0);
  });
});

describe('RAG: memory after partial answers and failures', () => {
  it('a stream cut after some text: the partial turn is remembered and the error rethrown', async () => {
    const rag = await withTwoDocuments();
    replay().enqueue(cutAfter(['Partial ', 'answer']));
    const error = await rag.ask('capital of France?').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect((error as StreamInterruptedError).partialText).toBe('Partial answer');
    expect(rag.memory.getMessages()).toEqual([
      { role: 'user', content: 'capital of France?' },
      { role: 'assistant', content: 'Partial answer' },
    ]);
    // The provider never reported usage for the cut call, and tokens are never guessed.
    expect(rag.tracer.summary().calls).toBe(0);
  });

  it('a consumer that stops early: the part it read is remembered and the request closed', async () => {
    const rag = await withTwoDocuments();
    replay().enqueue({ ...answer(['Hello', ' world', '!']), gapMs: 20 });
    for await (const piece of rag.stream('Partial question?')) {
      expect(piece).toBe('Hello');
      break;
    }
    expect(rag.memory.getMessages()).toEqual([
      { role: 'user', content: 'Partial question?' },
      { role: 'assistant', content: 'Hello' },
    ]);
    await expect.poll(() => replay().closedEarly, { timeout: 2000 }).toBe(1);
  });

  it('an abort after the first piece: AbortError, partial turn remembered', async () => {
    const rag = await withTwoDocuments();
    replay().enqueue({ ...answer(['Hello', ' world']), gapMs: 50 });
    const controller = new AbortController();
    const pieces: string[] = [];
    const error = await (async () => {
      for await (const piece of rag.stream('capital?', { signal: controller.signal })) {
        pieces.push(piece);
        controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(pieces).toEqual(['Hello']);
    expect(rag.memory.length).toBe(2);
  });

  it('a failure before any text leaves the memory unchanged', async () => {
    const rag = await withTwoDocuments();
    replay().enqueue(openAIError(500, 'The server had an error while processing your request.'));
    await expect(rag.ask('capital of France?')).rejects.toBeInstanceOf(ProviderError);
    expect(rag.memory.length).toBe(0);
    expect(rag.tracer.summary().calls).toBe(0);
  });
});

describe('RAG: hybrid retrieval through the built-in embeddings', () => {
  it('embeds all chunks in one batch on add, the question on ask, then asks the LLM', async () => {
    replay().always((request) =>
      request.url === '/api/embed' ? ollamaEmbedReply()(request) : answer(['Paris.']),
    );
    const rag = make({
      retrievalTopK: 1,
      embeddings: createEmbeddings({
        model: 'nomic-embed-text',
        provider: 'ollama',
        baseUrl: replay().url,
      }),
    });
    await rag.addDocuments([{ text: PARIS }, { text: PHOTOSYNTHESIS }]);
    expect(await rag.ask('capital of France?')).toBe('Paris.');
    expect(replay().requests.map((r) => r.url)).toEqual([
      '/api/embed',
      '/api/embed',
      '/v1/chat/completions',
    ]);
    expect(replay().requests[0]!.json).toEqual({
      model: 'nomic-embed-text',
      input: [PARIS, PHOTOSYNTHESIS],
    });
    expect(replay().requests[1]!.json).toEqual({
      model: 'nomic-embed-text',
      input: ['capital of France?'],
    });
    expect(lastUserMessage(replay().lastRequest)).toContain(PARIS);
  });
});

describe('RAG: configuration errors', () => {
  it('are ConfigErrors that say what to do', async () => {
    expect(() => new RAG({})).toThrow(/RAG needs a model/);
    expect(
      () => new RAG({ model: 'gpt-4o-mini', apiKey: KEY, retrieval_top_k: 3 } as never),
    ).toThrow(/Did you mean 'retrievalTopK'/);
    expect(() => new RAG({ model: 'gpt-4o-mini', apiKey: KEY, temprature: 1 } as never)).toThrow(
      /Unknown option 'temprature'/,
    );
    expect(() => new RAG({ model: 'gpt-4o-mini', apiKey: KEY, retrievalTopK: 0 })).toThrow(
      /retrievalTopK must be an integer >= 1/,
    );
    expect(() => new RAG({ model: 'gpt-4o-mini', apiKey: KEY, memoryWindow: 0 })).toThrow(
      /memoryWindow must be an integer >= 1/,
    );
    expect(
      () => new RAG({ model: 'gpt-4o-mini', apiKey: KEY, chunkSize: 50, chunkOverlap: 50 }),
    ).toThrow(/chunkOverlap \(50\) must be smaller than chunkSize \(50\)/);
    expect(() => new RAG({ model: 'gpt-4o-mini', apiKey: KEY, trace: 'yes' as never })).toThrow(
      /trace must be true or false/,
    );
    const llm = createLLM({ model: 'gpt-4o-mini', apiKey: KEY });
    expect(() => new RAG({ llm, temperature: 1 })).toThrow(
      /With llm given, configure the LLM itself: remove temperature/,
    );
    expect(() => new RAG({ llm, model: 'gpt-4o' })).toThrow(/remove model/);
    expect(() => new RAG({ llm: {} as never })).toThrow(/llm must be an LLM/);
    expect(() => new RAGPipeline({} as never)).toThrow(/RAGPipeline needs \{ llm \}/);

    const rag = make();
    expect(() => rag.stream('   ')).toThrow(/question must not be empty/);
    expect(() => rag.stream('ok', { topK: 1.5 })).toThrow(/topK must be an integer >= 1/);
    await expect(rag.ask(undefined as never)).rejects.toThrow(/question must be a string/);
    expect(replay().requests).toHaveLength(0);
  });
});
