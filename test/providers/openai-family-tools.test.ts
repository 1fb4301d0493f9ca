import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DeepSeekLLM,
  OpenAILLM,
  OpenRouterLLM,
  PerplexityLLM,
} from '../../src/index.js';
import { runToolConformance } from '../conformance-tools.js';
import { chatToolTarget } from '../servers/openai-chat-tools.js';
import { openAIChunks, openAISse, SSE_HEADERS } from '../servers/openai-chat.js';
import {
  expectRecordedReasoning,
  expectRecordedToolCalls,
  recordedLines,
  recordedReasoningStreams,
  recordedToolCallStreams,
} from '../servers/recordings.js';
import { sseEvent } from '../servers/sse.js';
import { useReplayServer } from '../servers/use-replay-server.js';
import { VENDORS } from './openai-vendors.js';

type Body = { messages: Array<Record<string, unknown>>; [field: string]: unknown };

for (const vendor of VENDORS) {
  if (vendor.toolCalls === 'none') continue;
  runToolConformance(
    chatToolTarget({
      name: vendor.name,
      model: vendor.model,
      style: vendor.toolCalls,
      create: (server, options) =>
        vendor.create({
          model: vendor.model,
          baseUrl: `${server.url}${vendor.basePath}`,
          ...options,
        }),
    }),
  );
}

describe('Chat Completions tools: vendor specifics', () => {
  const server = useReplayServer();

  it('PerplexityLLM with tools: ConfigError naming Perplexity and tools, no request sent', async () => {
    const llm = new PerplexityLLM({ model: 'sonar', apiKey: 'k', baseUrl: server().url });
    const error = await llm
      .generate('hi', { tools: { t: { inputSchema: { type: 'object', properties: {} } } } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/perplexity/i);
    expect((error as Error).message).toMatch(/tool/);
    expect(server().requests).toHaveLength(0);
  });

  it('parallelToolCalls is sent as parallel_tool_calls', async () => {
    server().enqueue({ headers: SSE_HEADERS, body: openAISse(openAIChunks(['ok'])) });
    const llm = new OpenAILLM({ model: 'gpt-4o', apiKey: 'k', baseUrl: server().url });
    await llm.generate('hi', {
      tools: { t: { inputSchema: { type: 'object', properties: {} } } },
      parallelToolCalls: false,
    });
    expect((server().lastRequest.json as Body).parallel_tool_calls).toBe(false);
  });

  it('DeepSeek gets reasoning_content back on a tool-calling turn; OpenAI never does', async () => {
    const history = [
      { role: 'user' as const, content: 'Weather?' },
      {
        role: 'assistant' as const,
        content: [
          { type: 'reasoning' as const, text: 'The user wants the weather.' },
          { type: 'tool-call' as const, id: 'call_00_x', name: 'weather', input: { city: 'Oslo' } },
        ],
      },
      {
        role: 'tool' as const,
        content: [
          { type: 'tool-result' as const, id: 'call_00_x', name: 'weather', output: 'cold' },
        ],
      },
    ];
    server().always({ headers: SSE_HEADERS, body: openAISse(openAIChunks(['ok'])) });
    await new DeepSeekLLM({
      model: 'deepseek-reasoner',
      apiKey: 'k',
      baseUrl: server().url,
    }).generateWithMessages(history);
    expect((server().lastRequest.json as Body).messages[2]).toMatchObject({
      role: 'assistant',
      content: null,
      reasoning_content: 'The user wants the weather.',
      tool_calls: [{ id: 'call_00_x' }],
    });
    await new OpenAILLM({
      model: 'gpt-4o',
      apiKey: 'k',
      baseUrl: server().url,
    }).generateWithMessages(history);
    expect((server().lastRequest.json as Body).messages[2]).not.toHaveProperty('reasoning_content');
  });

  it('streams DeepSeek reasoning_content as reasoning events, never answer text', async () => {
    const chunk = (delta: object, finish: string | null = null): string =>
      sseEvent(JSON.stringify({ id: 'x', choices: [{ index: 0, delta, finish_reason: finish }] }));
    server().enqueue({
      headers: SSE_HEADERS,
      body: [
        chunk({ role: 'assistant', content: null, reasoning_content: 'Think' }),
        chunk({ reasoning_content: 'ing.' }),
        chunk({ content: 'Answer.' }),
        chunk({}, 'stop'),
        sseEvent('[DONE]'),
      ],
    });
    const response = await new DeepSeekLLM({
      model: 'deepseek-reasoner',
      apiKey: 'k',
      baseUrl: server().url,
    }).generateResponse('q');
    expect(response.text).toBe('Answer.');
    expect(response.reasoning).toBe('Thinking.');
    expect(response.messages[0]?.content).toEqual([
      { type: 'reasoning', text: 'Thinking.' },
      { type: 'text', text: 'Answer.' },
    ]);
  });

  it("OpenRouter's reasoning_details come back unchanged on the next request", async () => {
    const details = [
      {
        type: 'reasoning.encrypted',
        data: 'gAAAA-opaque==',
        id: 'rs_1',
        format: 'openai-responses-v1',
      },
    ];
    const chunk = (delta: object, finish: string | null = null): string =>
      sseEvent(JSON.stringify({ id: 'x', choices: [{ index: 0, delta, finish_reason: finish }] }));
    server().enqueue(
      {
        headers: SSE_HEADERS,
        body: [
          chunk({ role: 'assistant', content: '', reasoning: 'Hmm.', reasoning_details: details }),
          chunk({
            tool_calls: [
              {
                index: 0,
                id: 'call_or',
                type: 'function',
                function: { name: 't', arguments: '{}' },
              },
            ],
          }),
          chunk({}, 'tool_calls'),
          sseEvent('[DONE]'),
        ],
      },
      { headers: SSE_HEADERS, body: openAISse(openAIChunks(['ok'])) },
    );
    const llm = new OpenRouterLLM({ model: 'openai/gpt-5', apiKey: 'k', baseUrl: server().url });
    const t = { inputSchema: { type: 'object', properties: {} }, execute: () => 'done' };
    await llm.generate('go', { tools: { t }, maxSteps: 2 });
    const assistant = (server().lastRequest.json as Body).messages.find(
      (message) => message.role === 'assistant',
    );
    expect(assistant?.reasoning_details).toEqual(details);
  });
});

describe('recorded real-API tool-call streams through the OpenAI family', () => {
  const server = useReplayServer();
  const folders = [
    {
      folder: 'groq',
      create: (url: string, model: string) =>
        VENDORS.find((v) => v.name === 'GroqLLM')!.create({ model, apiKey: 'k', baseUrl: url }),
    },
    {
      folder: 'deepseek',
      create: (url: string, model: string) => new DeepSeekLLM({ model, apiKey: 'k', baseUrl: url }),
    },
    // xAI is not one of the fifteen providers; it speaks Chat Completions like OpenAI.
    {
      folder: 'openai-compatible',
      create: (url: string, model: string) => new OpenAILLM({ model, apiKey: 'k', baseUrl: url }),
    },
  ];
  for (const { folder, create } of folders) {
    for (const entry of recordedToolCallStreams(folder)) {
      it(`${entry.file}: tool calls as the manifest lists them, split at random offsets`, async () => {
        const body = [...recordedLines(entry).map((line) => sseEvent(line)), sseEvent('[DONE]')];
        await expectRecordedToolCalls(
          server(),
          { headers: SSE_HEADERS, body },
          () => create(server().url, entry.model ?? 'model'),
          entry,
        );
      });
    }
  }

  const reasoningFolders = [
    ...folders,
    {
      folder: 'azure',
      create: (url: string, model: string) => new OpenAILLM({ model, apiKey: 'k', baseUrl: url }),
    },
  ];
  for (const { folder, create } of reasoningFolders) {
    for (const entry of recordedReasoningStreams(folder)) {
      it(`${entry.file}: reasoning events apart from the answer text`, async () => {
        const body = [...recordedLines(entry).map((line) => sseEvent(line)), sseEvent('[DONE]')];
        await expectRecordedReasoning(
          server(),
          { headers: SSE_HEADERS, body },
          () => create(server().url, entry.model ?? 'model'),
          entry,
        );
      });
    }
  }

  it('the Cerebras recording holds two completions: each is a tool-call answer', async () => {
    const [entry] = recordedToolCallStreams('cerebras');
    if (entry === undefined) throw new Error('the manifest lists the Cerebras tool-call recording');
    const lines = recordedLines(entry);
    // Split where the completion id changes, and end each part with [DONE].
    const firstId = (JSON.parse(lines[0] as string) as { id: string }).id;
    const split = lines.findIndex((line) => (JSON.parse(line) as { id: string }).id !== firstId);
    const parts = [lines.slice(0, split), lines.slice(split)];
    const calls: unknown[] = [];
    for (const part of parts) {
      server().enqueue({
        headers: SSE_HEADERS,
        body: [...part.map((line) => sseEvent(line)), sseEvent('[DONE]')],
        splitSeed: 5,
      });
      const llm = VENDORS.find((v) => v.name === 'CerebrasLLM')!.create({
        model: entry.model ?? 'zai-glm-4.7',
        apiKey: 'k',
        baseUrl: server().url,
      });
      const response = await llm.generateResponse('hi');
      expect(response.finishReason).toBe('tool-calls');
      calls.push(
        ...response.toolCalls.map(({ id, name, input }) => ({ id, name, arguments: input })),
      );
    }
    expect(calls).toEqual(entry.expected_tool_calls);
  });
});
