import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  OllamaLLM,
  ProviderError,
  type LLMEvent,
  type Message,
  type Tool,
} from '../../src/index.js';
import { runToolConformance } from '../conformance-tools.js';
import { rejectionOf } from '../servers/capture.js';
import { NDJSON_HEADERS, ollamaStream, ollamaToolCall } from '../servers/ollama.js';
import { ollamaToolTarget } from '../servers/ollama-tools.js';
import {
  expectRecordedReasoning,
  expectRecordedToolCalls,
  type RecordingEntry,
} from '../servers/recordings.js';
import { useReplayServer } from '../servers/use-replay-server.js';

const MODEL = 'qwen3';

runToolConformance(ollamaToolTarget(MODEL, true));
runToolConformance(ollamaToolTarget(MODEL, false));

type Body = { messages: Array<Record<string, unknown>>; [field: string]: unknown };

const weather: Tool = {
  description: 'Current weather in a city',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

/** NDJSON lines, each exactly as given, with its `\n`. */
const ndjson = (...lines: string[]): { headers: typeof NDJSON_HEADERS; body: string[] } => ({
  headers: NDJSON_HEADERS,
  body: lines.map((line) => `${line}\n`),
});

async function events(iterable: AsyncIterable<LLMEvent>): Promise<LLMEvent[]> {
  const all: LLMEvent[] = [];
  for await (const event of iterable) all.push(event);
  return all;
}

/**
 * No recorded Ollama streams exist, so these are written byte for byte from Ollama's own
 * documentation and its Go structs (field order and `omitempty` of `api.ChatResponse`,
 * `api.Message`, `api.ToolCall`), then replayed through the same checks as the recordings.
 */
const DOCUMENTED_STREAMS: Array<{ entry: RecordingEntry; lines: string[] }> = [
  {
    // docs/api.md, "Chat request (Streaming with tools)": no call id, no index, done_reason first.
    entry: {
      provider: 'ollama',
      file: 'docs/api.md streaming with tools (no call id)',
      kind: 'stream',
      model: 'llama3.2',
      expected_text: '',
      usage: { input: 169, output: 15 },
      finish_reason: 'stop',
      expected_tool_calls: [{ id: null, name: 'get_weather', arguments: { city: 'Tokyo' } }],
    },
    lines: [
      '{"model":"llama3.2","created_at":"2025-07-07T20:22:19.184789Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Tokyo"}}}]},"done":false}',
      '{"model":"llama3.2","created_at":"2025-07-07T20:22:19.19314Z","message":{"role":"assistant","content":""},"done_reason":"stop","done":true,"total_duration":182242375,"load_duration":41295167,"prompt_eval_count":169,"prompt_eval_duration":24573166,"eval_count":15,"eval_duration":115959084}',
    ],
  },
  {
    // A newer server with think on (docs/capabilities/tool-calling.mdx, parallel calls): thinking
    // deltas, then both calls on one line, each with the id the server made and its index.
    entry: {
      provider: 'ollama',
      file: 'tool-calling.mdx parallel calls with thinking (server ids)',
      kind: 'stream',
      model: 'qwen3',
      expected_text: '',
      expected_reasoning: 'Two cities, so I call get_temperature for each.',
      usage: { input: 231, output: 64 },
      finish_reason: 'stop',
      expected_tool_calls: [
        { id: 'call_x0m4k1pa', name: 'get_temperature', arguments: { city: 'New York' } },
        { id: 'call_9qz2w7re', name: 'get_temperature', arguments: { city: 'London' } },
      ],
    },
    lines: [
      '{"model":"qwen3","created_at":"2026-08-21T10:00:00.100000001Z","message":{"role":"assistant","content":"","thinking":"Two cities, "},"done":false}',
      '{"model":"qwen3","created_at":"2026-08-21T10:00:00.200000001Z","message":{"role":"assistant","content":"","thinking":"so I call get_temperature for each."},"done":false}',
      '{"model":"qwen3","created_at":"2026-08-21T10:00:00.300000001Z","message":{"role":"assistant","content":"","tool_calls":[{"id":"call_x0m4k1pa","function":{"index":0,"name":"get_temperature","arguments":{"city":"New York"}}},{"id":"call_9qz2w7re","function":{"index":1,"name":"get_temperature","arguments":{"city":"London"}}}]},"done":false}',
      '{"model":"qwen3","created_at":"2026-08-21T10:00:00.400000001Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":2113417042,"load_duration":61234500,"prompt_eval_count":231,"prompt_eval_duration":180211000,"eval_count":64,"eval_duration":1850133000}',
    ],
  },
];

/** docs/capabilities/thinking.mdx, "Stream the reasoning trace": thinking deltas, then the answer. */
const THINKING_STREAM: { entry: RecordingEntry; lines: string[] } = {
  entry: {
    provider: 'ollama',
    file: 'thinking.mdx streamed reasoning trace',
    kind: 'stream',
    model: 'qwen3',
    expected_text: '17 × 23 = 391.',
    expected_reasoning: 'Compute 17 × 23: 17 × 20 = 340, 17 × 3 = 51, sum 391.',
    usage: { input: 18, output: 40 },
    finish_reason: 'stop',
  },
  lines: [
    '{"model":"qwen3","created_at":"2026-08-21T10:00:01.100000001Z","message":{"role":"assistant","content":"","thinking":"Compute 17 × 23: "},"done":false}',
    '{"model":"qwen3","created_at":"2026-08-21T10:00:01.200000001Z","message":{"role":"assistant","content":"","thinking":"17 × 20 = 340, 17 × 3 = 51, sum 391."},"done":false}',
    '{"model":"qwen3","created_at":"2026-08-21T10:00:01.300000001Z","message":{"role":"assistant","content":"17 × 23"},"done":false}',
    '{"model":"qwen3","created_at":"2026-08-21T10:00:01.400000001Z","message":{"role":"assistant","content":" = 391."},"done":false}',
    '{"model":"qwen3","created_at":"2026-08-21T10:00:01.500000001Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":912000000,"load_duration":51000000,"prompt_eval_count":18,"prompt_eval_duration":40000000,"eval_count":40,"eval_duration":800000000}',
  ],
};

describe('Ollama streams in the documented shapes, split at random offsets', () => {
  const server = useReplayServer();
  const create = (model: string) => () => new OllamaLLM({ model, baseUrl: server().url });

  for (const { entry, lines } of DOCUMENTED_STREAMS) {
    it(`${entry.file}: tool calls as listed, finish tool-calls, stream() only the text`, async () => {
      await expectRecordedToolCalls(
        server(),
        ndjson(...lines),
        create(entry.model ?? MODEL),
        entry,
      );
    });
  }

  for (const { entry, lines } of [...DOCUMENTED_STREAMS, THINKING_STREAM]) {
    if ((entry.expected_reasoning ?? '') === '') continue;
    it(`${entry.file}: reasoning events apart from the answer text`, async () => {
      await expectRecordedReasoning(
        server(),
        ndjson(...lines),
        create(entry.model ?? MODEL),
        entry,
      );
    });
  }
});

describe('OllamaLLM tools: protocol edges', () => {
  const server = useReplayServer();
  const make = (options: { maxRetries?: number } = {}): OllamaLLM =>
    new OllamaLLM({ model: MODEL, baseUrl: server().url, ...options });

  it('the exact request: tools in the function shape, history with thinking, calls and results', async () => {
    server().enqueue(ollamaStream(['ok'], { model: MODEL, usage: { input: 1, output: 1 } }));
    const currentTime: Tool = { inputSchema: { type: 'object', properties: {} } };
    await make().generateResponse(
      [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather in Oslo, ' },
            { type: 'text', text: 'and the time?' },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'Two tools.' },
            { type: 'text', text: 'Checking.' },
            {
              type: 'tool-call',
              id: 'call_a1b2c3d4',
              name: 'weather',
              input: { city: 'Oslo' },
              providerData: { ollama: { id: 'call_a1b2c3d4' } },
            },
            {
              type: 'tool-call',
              id: 'call_madeUpByTheLibrary01234',
              name: 'currentTime',
              input: {},
            },
          ],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              id: 'call_a1b2c3d4',
              name: 'weather',
              output: { celsius: -3 },
            },
            {
              type: 'tool-result',
              id: 'call_madeUpByTheLibrary01234',
              name: 'currentTime',
              output: 'clock broken',
              isError: true,
            },
          ],
        },
      ],
      { tools: { weather, currentTime }, temperature: 0.2, maxTokens: 64 },
    );
    expect(server().lastRequest.json).toEqual({
      model: MODEL,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Oslo, and the time?' },
        {
          role: 'assistant',
          content: 'Checking.',
          thinking: 'Two tools.',
          tool_calls: [
            { id: 'call_a1b2c3d4', function: { name: 'weather', arguments: { city: 'Oslo' } } },
            { function: { name: 'currentTime', arguments: {} } },
          ],
        },
        {
          role: 'tool',
          content: '{"celsius":-3}',
          tool_name: 'weather',
          tool_call_id: 'call_a1b2c3d4',
        },
        // Ollama has no error flag: the output carries the failure in words.
        { role: 'tool', content: 'clock broken', tool_name: 'currentTime' },
      ],
      stream: true,
      tools: [
        {
          type: 'function',
          function: {
            name: 'weather',
            description: 'Current weather in a city',
            parameters: weather.inputSchema,
          },
        },
        {
          type: 'function',
          function: { name: 'currentTime', parameters: { type: 'object', properties: {} } },
        },
      ],
      options: { temperature: 0.2, num_predict: 64 },
    });
    expect(server().lastRequest.body).not.toContain('call_madeUpByTheLibrary01234');
  });

  it('a made-up id never reaches Ollama; an id Ollama sent comes back byte for byte', async () => {
    server().enqueue(
      ollamaStream([], {
        model: MODEL,
        toolCalls: [
          ollamaToolCall('weather', { city: 'Rome' }),
          ollamaToolCall('weather', { city: 'Bern' }, { id: 'call_r0m3b3rn', index: 1 }),
        ],
        usage: { input: 9, output: 9 },
      }),
      ollamaStream(['Mild in both.'], { model: MODEL, usage: { input: 20, output: 4 } }),
    );
    const executedIds: string[] = [];
    const response = await make().generateResponse('Rome and Bern?', {
      tools: {
        weather: {
          ...weather,
          execute: (_input, { toolCallId }) => {
            executedIds.push(toolCallId);
            return 'mild';
          },
        },
      },
      maxSteps: 2,
    });
    expect(response.text).toBe('Mild in both.');
    const [madeUp, fromOllama] = executedIds;
    expect(madeUp).toMatch(/^call_[A-Za-z0-9]{24}$/);
    expect(fromOllama).toBe('call_r0m3b3rn');
    expect(response.messages[0]?.content).toEqual([
      { type: 'tool-call', id: madeUp, name: 'weather', input: { city: 'Rome' } },
      {
        type: 'tool-call',
        id: 'call_r0m3b3rn',
        name: 'weather',
        input: { city: 'Bern' },
        providerData: { ollama: { id: 'call_r0m3b3rn' } },
      },
    ]);
    const request = server().lastRequest;
    expect(request.body).not.toContain(madeUp as string);
    expect((request.json as Body).messages.slice(-2)).toEqual([
      { role: 'tool', content: 'mild', tool_name: 'weather' },
      { role: 'tool', content: 'mild', tool_name: 'weather', tool_call_id: 'call_r0m3b3rn' },
    ]);
    expect(request.body).toContain('{"id":"call_r0m3b3rn","function":{"name":"weather"');
  });

  it("another provider's ids and provider data are not sent to Ollama", async () => {
    server().enqueue(ollamaStream(['ok'], { model: MODEL, usage: { input: 1, output: 1 } }));
    const history: Message[] = [
      { role: 'user', content: 'Weather?' },
      {
        role: 'assistant',
        content: [
          {
            type: 'reasoning',
            text: 'Claude thought.',
            providerData: { anthropic: { signature: 'sig-abc' } },
          },
          {
            type: 'tool-call',
            id: 'toolu_01XYZ',
            name: 'weather',
            input: { city: 'Lima' },
            providerData: { google: { thoughtSignature: 'ts-1' } },
          },
          {
            // Ollama data whose id is not the part's (the caller renamed the call): not Ollama's.
            type: 'tool-call',
            id: 'renamed_1',
            name: 'weather',
            input: { city: 'Quito' },
            providerData: { ollama: { id: 'call_0riginal' } },
          },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', id: 'toolu_01XYZ', name: 'weather', output: 'warm' },
          { type: 'tool-result', id: 'renamed_1', name: 'weather', output: 'cool' },
        ],
      },
    ];
    await make().generateResponse(history);
    const body = server().lastRequest.body;
    expect((server().lastRequest.json as Body).messages.slice(-3)).toEqual([
      {
        role: 'assistant',
        content: '',
        thinking: 'Claude thought.',
        tool_calls: [
          { function: { name: 'weather', arguments: { city: 'Lima' } } },
          { function: { name: 'weather', arguments: { city: 'Quito' } } },
        ],
      },
      { role: 'tool', content: 'warm', tool_name: 'weather' },
      { role: 'tool', content: 'cool', tool_name: 'weather' },
    ]);
    for (const foreign of ['toolu_01XYZ', 'renamed_1', 'call_0riginal', 'sig-abc', 'ts-1']) {
      expect(body).not.toContain(foreign);
    }
  });

  it('tool calls on the done line (a model parser flushing at the end) are not lost', async () => {
    server().enqueue(
      ndjson(
        '{"model":"qwen3","created_at":"2026-08-21T10:00:02.1Z","message":{"role":"assistant","content":"Looking up."},"done":false}',
        '{"model":"qwen3","created_at":"2026-08-21T10:00:02.2Z","message":{"role":"assistant","content":"","tool_calls":[{"id":"call_d0n3l1n3","function":{"index":0,"name":"weather","arguments":{"city":"Oslo"}}}]},"done":true,"done_reason":"stop","total_duration":1,"prompt_eval_count":5,"eval_count":7}',
      ),
    );
    const response = await make().generateResponse('Oslo?', { tools: { weather } });
    expect(response.text).toBe('Looking up.');
    expect(response.toolCalls).toEqual([
      {
        id: 'call_d0n3l1n3',
        name: 'weather',
        input: { city: 'Oslo' },
        providerData: { ollama: { id: 'call_d0n3l1n3' } },
      },
    ]);
    expect(response.finishReason).toBe('tool-calls');
    expect(response.providerFinishReason).toBe('stop');
    expect(response.usage).toMatchObject({ input: 5, output: 7 });
  });

  it('calls on separate lines are separate whole calls, in order; missing or null arguments are {}', async () => {
    server().enqueue(
      ndjson(
        '{"model":"qwen3","created_at":"2026-08-21T10:00:03.1Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"currentTime"}}]},"done":false}',
        '{"model":"qwen3","created_at":"2026-08-21T10:00:03.2Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"index":1,"name":"currentTime","arguments":null}}]},"done":false}',
        '{"model":"qwen3","created_at":"2026-08-21T10:00:03.3Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"index":2,"name":"weather","arguments":{"city":"Oslo"}}}]},"done":false}',
        '{"model":"qwen3","created_at":"2026-08-21T10:00:03.4Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","eval_count":3}',
      ),
    );
    const currentTime: Tool = { inputSchema: { type: 'object', properties: {} } };
    const all = await events(make().streamEvents('Time?', { tools: { weather, currentTime } }));
    const calls = all.filter((event) => event.type === 'tool-call');
    expect(calls.map((call) => [call.name, call.input])).toEqual([
      ['currentTime', {}],
      ['currentTime', {}],
      ['weather', { city: 'Oslo' }],
    ]);
    expect(new Set(calls.map((call) => call.id)).size).toBe(3);
    expect(all.filter((event) => event.type === 'tool-call-start')).toHaveLength(3);
  });

  it('a line with thinking and content: reasoning first, then the text, as two parts', async () => {
    server().enqueue(
      ndjson(
        '{"model":"qwen3","created_at":"2026-08-21T10:00:04.1Z","message":{"role":"assistant","content":"","thinking":"Hmm, "},"done":false}',
        '{"model":"qwen3","created_at":"2026-08-21T10:00:04.2Z","message":{"role":"assistant","content":"Four.","thinking":"2+2."},"done":false}',
        '{"model":"qwen3","created_at":"2026-08-21T10:00:04.3Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","eval_count":4}',
      ),
    );
    const all = await events(make().streamEvents('2+2?'));
    expect(all.filter((event) => event.type === 'reasoning' || event.type === 'text')).toEqual([
      { type: 'reasoning', text: 'Hmm, ' },
      { type: 'reasoning', text: '2+2.' },
      { type: 'text', text: 'Four.' },
    ]);
    server().enqueue(
      ollamaStream(['Four.'], {
        model: MODEL,
        thinking: ['Hmm, 2+2.'],
        usage: { input: 1, output: 1 },
      }),
    );
    const response = await make().generateResponse('2+2?');
    expect(response.messages[0]?.content).toEqual([
      { type: 'reasoning', text: 'Hmm, 2+2.' },
      { type: 'text', text: 'Four.' },
    ]);
  });

  it('a call without a function name is a retryable ProviderError, not a nameless call', async () => {
    server().enqueue(
      ndjson(
        '{"model":"qwen3","created_at":"2026-08-21T10:00:05.1Z","message":{"role":"assistant","content":"","tool_calls":[{"id":"call_n0n4m3zz","function":{"index":0,"arguments":{}}}]},"done":false}',
        '{"model":"qwen3","created_at":"2026-08-21T10:00:05.2Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}',
      ),
    );
    const error = await rejectionOf(
      make({ maxRetries: 0 }).generateResponse('hi', { tools: { weather } }),
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'ollama', retryable: true });
    expect((error as Error).message).toMatch(/tool call without a function name/);
  });

  it("toolChoice 'none' sends no tools (the model cannot call one), history and all", async () => {
    server().enqueue(ollamaStream(['Done.'], { model: MODEL, usage: { input: 1, output: 1 } }));
    await make().generateWithMessages(
      [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: [{ type: 'tool-call', id: 'call_x', name: 'weather', input: { city: 'Oslo' } }],
        },
        {
          role: 'tool',
          content: [{ type: 'tool-result', id: 'call_x', name: 'weather', output: 'cold' }],
        },
      ],
      { tools: { weather }, toolChoice: 'none' },
    );
    const body = server().lastRequest.json as Body;
    expect(body).not.toHaveProperty('tools');
    expect(body).not.toHaveProperty('tool_choice');
    expect(body.messages.map((message) => message.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
    ]);
  });

  it("toolChoice 'required' and { tool }: ConfigError naming Ollama and toolChoice, no request", async () => {
    for (const toolChoice of ['required', { tool: 'weather' }] as const) {
      const error = await rejectionOf(make().generate('hi', { tools: { weather }, toolChoice }));
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/Ollama/);
      expect((error as Error).message).toMatch(/toolChoice/);
      expect((error as ConfigError).field).toBe('toolChoice');
    }
    expect(server().requests).toHaveLength(0);
  });

  it('parallelToolCalls false: ConfigError naming Ollama and the option, no request; true is accepted', async () => {
    const error = await rejectionOf(
      make().generate('hi', { tools: { weather }, parallelToolCalls: false }),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/ollama/i);
    expect((error as Error).message).toMatch(/parallelToolCalls/);
    expect(server().requests).toHaveLength(0);
    server().enqueue(ollamaStream(['ok'], { model: MODEL, usage: { input: 1, output: 1 } }));
    await make().generate('hi', { tools: { weather }, parallelToolCalls: true });
    const body = server().lastRequest.json as Body;
    expect(Object.keys(body)).toEqual(['model', 'messages', 'stream', 'tools', 'options']);
  });
});
