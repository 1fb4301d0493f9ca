import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AbortError,
  OpenAILLM,
  ProviderError,
  StreamInterruptedError,
  tool,
  type FinishInfo,
  type LLMConfigOptions,
  type LLMEvent,
  type Message,
  type Tool,
} from '../../src/index.js';
import {
  openAIChunks,
  openAISse,
  openAIToolCallChunks,
  SSE_HEADERS,
  type OpenAIToolCallScript,
} from '../servers/openai-chat.js';
import type { ScriptedResponse } from '../servers/replay-server.js';
import { sseEvent } from '../servers/sse.js';
import { useReplayServer } from '../servers/use-replay-server.js';

const weatherSchema = {
  type: 'object',
  properties: { city: { type: 'string' } },
  required: ['city'],
};
const weather: Tool = { description: 'Weather in a city', inputSchema: weatherSchema };

const usage = { prompt_tokens: 10, completion_tokens: 4 };
const textAnswer = (pieces: string[]): ScriptedResponse => ({
  headers: SSE_HEADERS,
  body: openAISse(openAIChunks(pieces, { usage, usageIn: 'finish-chunk' })),
});
const callAnswer = (calls: OpenAIToolCallScript[], text?: string): ScriptedResponse => ({
  headers: SSE_HEADERS,
  body: openAISse(
    openAIToolCallChunks(calls, { style: 'fragments', usage, ...(text ? { text } : {}) }),
  ),
});

async function collect(iterable: AsyncIterable<LLMEvent>): Promise<LLMEvent[]> {
  const events: LLMEvent[] = [];
  for await (const event of iterable) events.push(event);
  return events;
}

describe('streamEvents and generateResponse', () => {
  const server = useReplayServer();
  const make = (options: Partial<LLMConfigOptions> = {}): OpenAILLM =>
    new OpenAILLM({ model: 'gpt-4o', apiKey: 'k', baseUrl: server().url, ...options });

  it('a text answer is text events, then one finish with the normalised and provider reasons', async () => {
    server().enqueue(textAnswer(['Hel', 'lo']));
    const events = await collect(make().streamEvents('hi'));
    expect(events).toEqual([
      { type: 'text', text: 'Hel' },
      { type: 'text', text: 'lo' },
      {
        type: 'finish',
        finishReason: 'stop',
        providerFinishReason: 'stop',
        usage: { input: 10, output: 4, reported: true },
        cached: false,
        attempts: 1,
        steps: 1,
        model: 'gpt-4o',
        provider: 'openai',
      },
    ]);
  });

  it('generateResponse gives the text, the calls, and the assistant message to send back', async () => {
    server().enqueue(
      callAnswer([{ id: 'call_1', name: 'weather', input: { city: 'Oslo' } }], 'Checking.'),
    );
    const response = await make().generateResponse('Weather in Oslo?', { tools: { weather } });
    expect(response).toMatchObject({
      text: 'Checking.',
      reasoning: '',
      toolCalls: [{ id: 'call_1', name: 'weather', input: { city: 'Oslo' } }],
      finishReason: 'tool-calls',
      providerFinishReason: 'tool_calls',
      cached: false,
      steps: 1,
    });
    expect(response.messages).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool-call', id: 'call_1', name: 'weather', input: { city: 'Oslo' } },
        ],
      },
    ]);
  });

  it('[DONE] without any finish_reason is finishReason other with an empty provider reason', async () => {
    const chunk = sseEvent(
      JSON.stringify({ id: 'x', choices: [{ index: 0, delta: { content: 'ok' } }] }),
    );
    server().enqueue({ headers: SSE_HEADERS, body: [chunk, sseEvent('[DONE]')] });
    const finishes: FinishInfo[] = [];
    await make().generate('hi', { onFinish: (info) => finishes.push(info) });
    expect(finishes[0]).toMatchObject({ finishReason: 'other', providerFinishReason: '' });
  });

  it('arguments that are not valid JSON at the end of the call are a retryable ProviderError', async () => {
    const fragment = (value: object, finish: string | null = null): string =>
      sseEvent(
        JSON.stringify({ id: 'x', choices: [{ index: 0, delta: value, finish_reason: finish }] }),
      );
    const broken: ScriptedResponse = {
      headers: SSE_HEADERS,
      body: [
        fragment({
          tool_calls: [
            {
              index: 0,
              id: 'call_b',
              type: 'function',
              function: { name: 'weather', arguments: '' },
            },
          ],
        }),
        fragment({ tool_calls: [{ index: 0, function: { arguments: '{"city": "Os' } }] }),
        fragment({ tool_calls: [{ index: 0, function: { arguments: 'lo"}}' } }] }),
        fragment({}, 'tool_calls'),
        sseEvent('[DONE]'),
      ],
    };
    const good = callAnswer([{ id: 'call_ok', name: 'weather', input: { city: 'Oslo' } }]);
    server().enqueue(broken);
    const error = await make()
      .generateResponse('q', { tools: { weather } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).retryable).toBe(true);
    expect((error as Error).message).toContain('not valid JSON');
    // With a retry, the second (good) answer wins.
    server().enqueue(broken, good);
    const response = await make({ maxRetries: 1, retryDelay: 0.01 }).generateResponse('q', {
      tools: { weather },
    });
    expect(response.toolCalls[0]?.id).toBe('call_ok');
  });

  it('a stream cut after its first event is not retried: StreamInterruptedError with partial', async () => {
    const pieces = openAIToolCallChunks(
      [{ id: 'call_c', name: 'weather', input: { city: 'Lima' } }],
      {
        style: 'fragments',
        text: 'Let me look.',
      },
    );
    // Up to the call's first fragment: text and a started call, then the connection drops.
    server().enqueue({
      headers: SSE_HEADERS,
      body: openAISse(pieces.slice(0, 3), { done: false }),
      cut: true,
    });
    const llm = make({ maxRetries: 2, retryDelay: 0.01 });
    const seen: LLMEvent[] = [];
    const error = await (async () => {
      for await (const event of llm.streamEvents('q', { tools: { weather } })) seen.push(event);
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    const interrupted = error as StreamInterruptedError;
    expect(interrupted.partialText).toBe('Let me look.');
    expect(interrupted.partial).toMatchObject({ text: 'Let me look.', toolCalls: [] });
    expect(server().requests).toHaveLength(1);
    expect(seen.map((event) => event.type)).toEqual(['text', 'tool-call-start']);
  });

  it('a stream cut before any event is retried, and no event is delivered twice', async () => {
    server().enqueue(
      {
        headers: SSE_HEADERS,
        body: openAISse(openAIChunks([]).slice(0, 1), { done: false }),
        cut: true,
      },
      textAnswer(['once']),
    );
    const events = await collect(make({ maxRetries: 1, retryDelay: 0.01 }).streamEvents('q'));
    expect(events.filter((event) => event.type === 'text')).toEqual([
      { type: 'text', text: 'once' },
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'finish', attempts: 2 });
    expect(server().requests).toHaveLength(2);
  });

  it('bad tools, tool choices and parts are ConfigErrors naming the field, before any request', async () => {
    const llm = make();
    const cases: Array<[() => unknown, RegExp]> = [
      [() => llm.streamEvents('q', { tools: { 'bad name': weather } }), /Tool name "bad name"/],
      [
        () => llm.streamEvents('q', { tools: { weather: { inputSchema: { type: 'string' } } } }),
        /describe an object/,
      ],
      [
        () => llm.streamEvents('q', { tools: { weather }, toolChoice: { tool: 'other' } }),
        /not in tools \(weather\)/,
      ],
      [() => llm.streamEvents('q', { toolChoice: 'required' }), /needs tools/],
      [() => llm.streamEvents('q', { maxSteps: 0 }), /maxSteps must be a positive integer/],
      [() => llm.streamEvents([{ role: 'tool', content: [] }]), /at least one tool-result/],
      [
        () =>
          llm.streamEvents([
            {
              role: 'user',
              content: [{ type: 'tool-call', id: 'x', name: 'y', input: {} }],
            } as unknown as Message,
          ]),
        /cannot hold/,
      ],
    ];
    for (const [call, message] of cases) expect(call).toThrow(message);
    expect(server().requests).toHaveLength(0);
  });
});

describe('the maxSteps tool loop', () => {
  const server = useReplayServer();
  const make = (options: Partial<LLMConfigOptions> = {}): OpenAILLM =>
    new OpenAILLM({ model: 'gpt-4o', apiKey: 'k', baseUrl: server().url, ...options });
  const requestMessages = (index: number): Array<Record<string, unknown>> =>
    (server().requests[index]?.json as { messages: Array<Record<string, unknown>> }).messages;

  it('runs the calls of a step concurrently and sends every result back', async () => {
    server().enqueue(
      callAnswer([
        { id: 'call_a', name: 'weather', input: { city: 'Oslo' } },
        { id: 'call_b', name: 'weather', input: { city: 'Rome' } },
      ]),
      textAnswer(['Cold in Oslo, warm in Rome.']),
    );
    let running = 0;
    let overlap = 0;
    const execute = async ({ city }: { city: string }): Promise<string> => {
      running++;
      await new Promise((resolve) => setTimeout(resolve, 30));
      overlap = Math.max(overlap, running);
      running--;
      return city === 'Oslo' ? 'cold' : 'warm';
    };
    const response = await make().generateResponse('Oslo and Rome?', {
      tools: { weather: tool({ inputSchema: z.object({ city: z.string() }), execute }) },
      maxSteps: 5,
    });
    expect(overlap).toBe(2);
    expect(response.text).toBe('Cold in Oslo, warm in Rome.');
    expect(response.steps).toBe(2);
    expect(response.usage).toEqual({ input: 20, output: 8, reported: true });
    expect(response.messages.map((message) => message.role)).toEqual([
      'assistant',
      'tool',
      'assistant',
    ]);
    expect(requestMessages(1).slice(-2)).toEqual([
      { role: 'tool', tool_call_id: 'call_a', content: 'cold' },
      { role: 'tool', tool_call_id: 'call_b', content: 'warm' },
    ]);
  });

  it('input that fails the schema, and an unknown tool, become error results the model can act on', async () => {
    server().enqueue(
      callAnswer([
        { id: 'call_bad', name: 'weather', input: { town: 'Oslo' } },
        { id: 'call_unknown', name: 'translate', input: { text: 'hei' } },
      ]),
      textAnswer(['Sorry.']),
    );
    const executed: unknown[] = [];
    const events = await collect(
      make().streamEvents('q', {
        tools: { weather: { ...weather, execute: (input) => executed.push(input) } },
        maxSteps: 2,
      }),
    );
    expect(executed).toEqual([]);
    const results = events.filter((event) => event.type === 'tool-result');
    expect(results).toMatchObject([
      {
        id: 'call_bad',
        isError: true,
        output: expect.stringContaining('Invalid input for tool "weather"'),
      },
      {
        id: 'call_unknown',
        isError: true,
        output: expect.stringContaining('Unknown tool "translate"'),
      },
    ]);
    expect(String((results[0] as { output: unknown }).output)).toContain('city');
    expect(events.map((event) => event.type)).toEqual([
      'tool-call-start',
      'tool-call-delta',
      'tool-call-delta',
      'tool-call-delta',
      'tool-call-start',
      'tool-call-delta',
      'tool-call-delta',
      'tool-call-delta',
      'tool-call',
      'tool-call',
      'tool-result',
      'tool-result',
      'step-finish',
      'text',
      'step-finish',
      'finish',
    ]);
  });

  it('zod checks the input of a zod tool (its own validate), and passes the parsed value', async () => {
    server().enqueue(
      callAnswer([{ id: 'call_z', name: 'add', input: { a: 2, b: '3' } }]),
      callAnswer([{ id: 'call_z2', name: 'add', input: { a: 2, b: 3 } }]),
      textAnswer(['5']),
    );
    const seen: unknown[] = [];
    const add = tool({
      inputSchema: z.object({ a: z.number(), b: z.number() }),
      execute: ({ a, b }) => {
        seen.push({ a, b });
        return a + b;
      },
    });
    const events = await collect(make().streamEvents('2+3', { tools: { add }, maxSteps: 3 }));
    const results = events.filter((event) => event.type === 'tool-result');
    expect(results[0]).toMatchObject({ isError: true });
    expect(results[1]).toMatchObject({ isError: false, output: 5 });
    expect(seen).toEqual([{ a: 2, b: 3 }]);
    expect(requestMessages(1).at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'call_z' });
  });

  it('a call to a tool without execute ends the loop and returns the call', async () => {
    server().enqueue(callAnswer([{ id: 'call_h', name: 'handoff', input: {} }]));
    const response = await make().generateResponse('q', {
      tools: {
        weather: { ...weather, execute: () => 'x' },
        handoff: { inputSchema: { type: 'object' } },
      },
      maxSteps: 4,
    });
    expect(response.toolCalls).toMatchObject([{ id: 'call_h', name: 'handoff' }]);
    expect(response.steps).toBe(1);
    expect(server().requests).toHaveLength(1);
  });

  it("stops at maxSteps with the last step's calls unexecuted", async () => {
    server().enqueue(
      callAnswer([{ id: 'call_1', name: 'weather', input: { city: 'A' } }]),
      callAnswer([{ id: 'call_2', name: 'weather', input: { city: 'B' } }]),
    );
    const executed: string[] = [];
    const finishes: FinishInfo[] = [];
    const response = await make().generateResponse('q', {
      tools: {
        weather: {
          ...weather,
          execute: (input) => executed.push((input as { city: string }).city),
        },
      },
      maxSteps: 2,
      onFinish: (info) => finishes.push(info),
    });
    expect(executed).toEqual(['A']);
    expect(response.toolCalls).toMatchObject([{ id: 'call_2' }]);
    expect(response.finishReason).toBe('tool-calls');
    expect(finishes).toMatchObject([{ steps: 2, attempts: 2, finishReason: 'tool-calls' }]);
  });

  it('an abort while tools run ends the loop with AbortError; the tool saw the signal', async () => {
    server().enqueue(callAnswer([{ id: 'call_s', name: 'weather', input: { city: 'Oslo' } }]));
    const controller = new AbortController();
    let toolSignal: AbortSignal | undefined;
    const error = await make()
      .generate('q', {
        signal: controller.signal,
        maxSteps: 3,
        tools: {
          weather: {
            ...weather,
            execute: async (_input, { signal }) => {
              toolSignal = signal;
              controller.abort();
              return 'late';
            },
          },
        },
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AbortError);
    expect(toolSignal).toBe(controller.signal);
    expect(server().requests).toHaveLength(1);
  });

  it('with the cache on, the same call with tools replays identical events; other tools ask again', async () => {
    server().enqueue(
      callAnswer([{ id: 'call_k', name: 'weather', input: { city: 'Oslo' } }], 'Looking.'),
      callAnswer([{ id: 'call_k2', name: 'weather', input: { city: 'Oslo' } }]),
    );
    const llm = make({ cache: true });
    const first = await collect(llm.streamEvents('q', { tools: { weather } }));
    const second = await collect(llm.streamEvents('q', { tools: { weather } }));
    expect(server().requests).toHaveLength(1);
    expect(second.slice(0, -1)).toEqual(first.slice(0, -1));
    expect(second.at(-1)).toMatchObject({
      type: 'finish',
      cached: true,
      attempts: 0,
      finishReason: 'tool-calls',
    });
    const replayed = await llm.generateResponse('q', { tools: { weather } });
    expect(replayed.toolCalls).toEqual([
      { id: 'call_k', name: 'weather', input: { city: 'Oslo' } },
    ]);
    expect(replayed.messages).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Looking.' },
          { type: 'tool-call', id: 'call_k', name: 'weather', input: { city: 'Oslo' } },
        ],
      },
    ]);
    const other: Tool = { ...weather, description: 'Weather, described differently' };
    await collect(llm.streamEvents('q', { tools: { weather: other } }));
    expect(server().requests).toHaveLength(2);
  });
});

describe('tool calls cut by the output-token limit', () => {
  const server = useReplayServer();

  it('arguments cut off at finish_reason length are a non-retryable error that says to raise maxTokens', async () => {
    const fragment = (value: object, finish: string | null = null): string =>
      sseEvent(
        JSON.stringify({ id: 'x', choices: [{ index: 0, delta: value, finish_reason: finish }] }),
      );
    server().enqueue({
      headers: SSE_HEADERS,
      body: [
        fragment({
          tool_calls: [
            {
              index: 0,
              id: 'call_cut',
              type: 'function',
              function: { name: 'weather', arguments: '{"city": "Os' },
            },
          ],
        }),
        fragment({}, 'length'),
        sseEvent('[DONE]'),
      ],
    });
    const llm = new OpenAILLM({
      model: 'gpt-4o',
      apiKey: 'k',
      baseUrl: server().url,
      maxRetries: 2,
    });
    const error = await llm
      .generateResponse('q', { tools: { weather } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).retryable).toBe(false);
    expect((error as Error).message).toMatch(
      /output-token limit.*call_cut \(weather\).*Raise maxTokens/,
    );
    expect(server().requests).toHaveLength(1);
  });
});
