import { describe, expect, it } from 'vitest';
import {
  AnthropicLLM,
  ConfigError,
  ProviderError,
  type LLMConfigOptions,
  type LLMEvent,
  type Message,
  type Tool,
} from '../../src/index.js';
import { runToolConformance } from '../conformance-tools.js';
import {
  ANTHROPIC_SSE_HEADERS,
  anthropicMessageEvents,
  anthropicSse,
  anthropicStream,
  jsonPieces,
} from '../servers/anthropic.js';
import {
  anthropicToolStream,
  anthropicToolTarget,
  REDACTED_DATA,
  SIGNATURE,
  type MessagesBody,
} from '../servers/anthropic-tools.js';
import { rejectionOf } from '../servers/capture.js';
import {
  expectRecordedReasoning,
  expectRecordedToolCalls,
  recordedLines,
  recordedReasoningStreams,
  recordedToolCallStreams,
} from '../servers/recordings.js';
import { typedSseEvent } from '../servers/sse.js';
import { useReplayServer } from '../servers/use-replay-server.js';

const MODEL = 'claude-sonnet-4-5';

runToolConformance(
  anthropicToolTarget(
    (server, options) => new AnthropicLLM({ model: MODEL, baseUrl: server.url, ...options }),
  ),
);

describe('recorded Anthropic tool-call and reasoning streams through AnthropicLLM', () => {
  const server = useReplayServer();
  const create = (model: string | null | undefined) => () =>
    new AnthropicLLM({ model: model ?? MODEL, apiKey: 'k', baseUrl: server().url });

  for (const entry of recordedToolCallStreams('anthropic')) {
    it(`${entry.file}: tool calls as the manifest lists them, split at random offsets`, async () => {
      const body = recordedLines(entry).map(typedSseEvent);
      await expectRecordedToolCalls(
        server(),
        { headers: ANTHROPIC_SSE_HEADERS, body },
        create(entry.model),
        entry,
      );
    });
  }

  for (const entry of recordedReasoningStreams('anthropic')) {
    it(`${entry.file}: reasoning apart from the answer, split at random offsets`, async () => {
      const body = recordedLines(entry).map(typedSseEvent);
      await expectRecordedReasoning(
        server(),
        { headers: ANTHROPIC_SSE_HEADERS, body },
        create(entry.model),
        entry,
      );
    });
  }
});

describe('AnthropicLLM tools: protocol edges', () => {
  const server = useReplayServer();
  const make = (options: Partial<LLMConfigOptions> = {}): AnthropicLLM =>
    new AnthropicLLM({ model: MODEL, apiKey: 'k', baseUrl: server().url, ...options });
  const body = (): MessagesBody => server().lastRequest.json as MessagesBody;
  const citySchema = { type: 'object', properties: { city: { type: 'string' } } };
  const weather: Tool = { description: 'Current weather', inputSchema: citySchema };
  const clock: Tool = { inputSchema: { type: 'object', properties: {} } };
  const collect = async (events: AsyncIterable<LLMEvent>): Promise<LLMEvent[]> => {
    const all: LLMEvent[] = [];
    for await (const event of events) all.push(event);
    return all;
  };

  it('tools go as {name, description, input_schema}; a tool without description has no key', async () => {
    server().enqueue(anthropicStream(['ok']));
    await make().generate('hi', { tools: { weather, clock } });
    expect(body().tools).toEqual([
      { name: 'weather', description: 'Current weather', input_schema: citySchema },
      { name: 'clock', input_schema: { type: 'object', properties: {} } },
    ]);
    expect(body()).not.toHaveProperty('tool_choice');
  });

  it('parallelToolCalls: false is disable_parallel_tool_use on the choice (auto when none was given)', async () => {
    const cases = [
      { toolChoice: undefined, wire: { type: 'auto', disable_parallel_tool_use: true } },
      { toolChoice: 'auto' as const, wire: { type: 'auto', disable_parallel_tool_use: true } },
      { toolChoice: 'required' as const, wire: { type: 'any', disable_parallel_tool_use: true } },
      {
        toolChoice: { tool: 'weather' },
        wire: { type: 'tool', name: 'weather', disable_parallel_tool_use: true },
      },
      // `none` has no switch on the wire: no calls at all is at most one.
      { toolChoice: 'none' as const, wire: { type: 'none' } },
    ];
    for (const { toolChoice, wire } of cases) {
      server().enqueue(anthropicStream(['ok']));
      await make().generate('hi', { tools: { weather }, toolChoice, parallelToolCalls: false });
      expect(body().tool_choice).toEqual(wire);
    }
  });

  it('parallelToolCalls: true is the default behaviour and adds nothing', async () => {
    server().enqueue(anthropicStream(['ok']), anthropicStream(['ok']));
    await make().generate('hi', { tools: { weather }, parallelToolCalls: true });
    expect(body()).not.toHaveProperty('tool_choice');
    await make().generate('hi', {
      tools: { weather },
      toolChoice: 'required',
      parallelToolCalls: true,
    });
    expect(body().tool_choice).toEqual({ type: 'any' });
  });

  it('without tools no tool field is sent, whatever the choice or the parallel switch', async () => {
    for (const toolChoice of ['auto', 'none'] as const) {
      server().enqueue(anthropicStream(['ok']));
      await make().generate('hi', { toolChoice, parallelToolCalls: false });
      expect(body()).not.toHaveProperty('tools');
      expect(body()).not.toHaveProperty('tool_choice');
    }
  });

  it('a forced toolChoice with extended thinking is a ConfigError before any request; auto is sent', async () => {
    const thinking = { thinking: { type: 'enabled', budget_tokens: 2048 } };
    for (const toolChoice of ['required', { tool: 'weather' }] as const) {
      const error = await rejectionOf(
        make().generate('hi', { tools: { weather }, toolChoice, extraBody: thinking }),
      );
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/anthropic/);
      expect((error as Error).message).toMatch(/thinking/);
      expect(error).toMatchObject({ field: 'toolChoice' });
    }
    expect(server().requests).toHaveLength(0);
    server().enqueue(anthropicStream(['ok']));
    await make().generate('hi', { tools: { weather }, toolChoice: 'auto', extraBody: thinking });
    expect(body()).toMatchObject({ tool_choice: { type: 'auto' }, ...thinking });
  });

  it('arguments split inside escapes and multi-byte characters parse exactly; pings between deltas', async () => {
    const input = { note: 'say "hi"\\ then\n \u00e9 日本 🎉', path: 'C:\\temp' };
    for (const size of [1, 2, 3]) {
      server().enqueue({
        ...anthropicToolStream([
          {
            type: 'tool_use',
            id: 'toolu_esc',
            name: 'weather',
            inputPieces: jsonPieces(input, size),
          },
        ]),
        splitSeed: size,
      });
      const all = await collect(make().streamEvents('hi', { tools: { weather } }));
      const deltas = all.flatMap((event) =>
        event.type === 'tool-call-delta' ? [event.inputDelta] : [],
      );
      expect(deltas.join('')).toBe(JSON.stringify(input));
      expect(all.filter((event) => event.type === 'tool-call')).toEqual([
        { type: 'tool-call', id: 'toolu_esc', name: 'weather', input },
      ]);
    }
  });

  it('thinking, redacted thinking, text and calls keep their order; redacted thinking is no reasoning event', async () => {
    const answer = anthropicToolStream([
      { type: 'thinking', pieces: ['First', ' thought.'], signature: SIGNATURE },
      { type: 'redacted_thinking', data: REDACTED_DATA },
      { type: 'thinking', pieces: ['Second.'], signature: 'sig-2' },
      { type: 'text', pieces: ['Checking.'] },
      {
        type: 'tool_use',
        id: 'toolu_a',
        name: 'weather',
        inputPieces: jsonPieces({ city: 'Oslo' }),
      },
    ]);
    server().enqueue(answer, answer);
    const all = await collect(make().streamEvents('hi', { tools: { weather } }));
    expect(all.filter((event) => event.type === 'reasoning')).toEqual([
      { type: 'reasoning', text: 'First' },
      { type: 'reasoning', text: ' thought.' },
      { type: 'reasoning', text: 'Second.' },
    ]);
    const response = await make().generateResponse('hi', { tools: { weather } });
    expect(response.reasoning).toBe('First thought.Second.');
    expect(response.text).toBe('Checking.');
    expect(response.messages).toEqual([
      {
        role: 'assistant',
        content: [
          {
            type: 'reasoning',
            text: 'First thought.',
            providerData: { anthropic: { signature: SIGNATURE } },
          },
          {
            type: 'reasoning',
            text: '',
            providerData: { anthropic: { redactedData: REDACTED_DATA } },
          },
          {
            type: 'reasoning',
            text: 'Second.',
            providerData: { anthropic: { signature: 'sig-2' } },
          },
          { type: 'text', text: 'Checking.' },
          { type: 'tool-call', id: 'toolu_a', name: 'weather', input: { city: 'Oslo' } },
        ],
      },
    ]);
  });

  it('thinking shown as omitted (a signature, no text) still goes back as a thinking block', async () => {
    server().enqueue(
      anthropicToolStream([
        { type: 'thinking', pieces: [], signature: SIGNATURE },
        { type: 'tool_use', id: 'toolu_o', name: 'clock', inputPieces: [''] },
      ]),
      anthropicStream(['Noon.']),
    );
    const llm = make();
    const first = await llm.generateResponse('Time?', { tools: { clock } });
    expect(first.reasoning).toBe('');
    await llm.generateResponse(
      [
        { role: 'user', content: 'Time?' },
        ...first.messages,
        {
          role: 'tool',
          content: [{ type: 'tool-result', id: 'toolu_o', name: 'clock', output: '12:00' }],
        },
      ],
      { tools: { clock } },
    );
    expect(body().messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: '', signature: SIGNATURE },
        { type: 'tool_use', id: 'toolu_o', name: 'clock', input: {} },
      ],
    });
  });

  it('server-tool blocks and citations do not break the parser and are not calls', async () => {
    const events = anthropicMessageEvents(
      [
        {
          type: 'server_tool_use',
          id: 'srvtoolu_1',
          name: 'web_search',
          inputPieces: ['', '{"query": "weath', 'er Oslo"}'],
        },
        {
          type: 'whole',
          block: {
            type: 'web_search_tool_result',
            tool_use_id: 'srvtoolu_1',
            content: [{ type: 'web_search_result', url: 'https://example.com', title: 'Oslo' }],
          },
        },
        { type: 'text', pieces: ['It is cold', ' in Oslo.'] },
        {
          type: 'tool_use',
          id: 'toolu_c',
          name: 'weather',
          inputPieces: jsonPieces({ city: 'Oslo' }),
        },
      ],
      { stopReason: 'tool_use' },
    );
    // A citation arrives as its own delta kind inside the text block (index 2).
    const firstText = events.findIndex(
      (event) => (event as { delta?: { type?: string } }).delta?.type === 'text_delta',
    );
    events.splice(firstText + 1, 0, {
      type: 'content_block_delta',
      index: 2,
      delta: {
        type: 'citations_delta',
        citation: { type: 'web_search_result_location', url: 'https://example.com' },
      },
    });
    server().enqueue({ headers: ANTHROPIC_SSE_HEADERS, body: anthropicSse(events), splitSeed: 7 });
    const response = await make().generateResponse('Weather in Oslo?', { tools: { weather } });
    expect(response.text).toBe('It is cold in Oslo.');
    expect(response.toolCalls).toEqual([
      { id: 'toolu_c', name: 'weather', input: { city: 'Oslo' } },
    ]);
    expect(response.messages[0]?.content).toEqual([
      { type: 'text', text: 'It is cold in Oslo.' },
      { type: 'tool-call', id: 'toolu_c', name: 'weather', input: { city: 'Oslo' } },
    ]);
  });

  it('pause_turn (a server tool paused the turn) finishes as other, with the provider reason', async () => {
    server().enqueue(
      anthropicToolStream(
        [
          { type: 'text', pieces: ['Searching.'] },
          {
            type: 'server_tool_use',
            id: 'srvtoolu_2',
            name: 'web_search',
            inputPieces: ['', '{}'],
          },
        ],
        { input: 4, output: 2 },
        'pause_turn',
      ),
    );
    const response = await make().generateResponse('hi', { tools: { weather } });
    expect(response).toMatchObject({
      text: 'Searching.',
      toolCalls: [],
      finishReason: 'other',
      providerFinishReason: 'pause_turn',
    });
  });

  it('a tool call cut short by max_tokens is a non-retryable ProviderError saying to raise maxTokens', async () => {
    server().enqueue(
      anthropicToolStream(
        [
          {
            type: 'tool_use',
            id: 'toolu_cut',
            name: 'weather',
            inputPieces: ['', '{"city": "Par'],
          },
        ],
        { input: 5, output: 1 },
        'max_tokens',
      ),
    );
    const error = await rejectionOf(
      make({ maxRetries: 0 }).generateResponse('hi', { tools: { weather }, maxTokens: 1 }),
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).retryable).toBe(false);
    expect((error as Error).message).toMatch(/output-token limit.*toolu_cut.*Raise maxTokens/);
  });

  it('tool results then a user message: one user message, results first, is_error kept', async () => {
    server().enqueue(anthropicStream(['ok']));
    await make().generateWithMessages([
      { role: 'user', content: 'Weather in Oslo and Rome?' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking both.' },
          { type: 'tool-call', id: 'toolu_1', name: 'weather', input: { city: 'Oslo' } },
          { type: 'tool-call', id: 'toolu_2', name: 'weather', input: { city: 'Rome' } },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', id: 'toolu_1', name: 'weather', output: { celsius: -3 } },
          { type: 'tool-result', id: 'toolu_2', name: 'weather', output: 'timeout', isError: true },
        ],
      },
      { role: 'user', content: 'And tomorrow?' },
    ]);
    expect(body().messages).toEqual([
      { role: 'user', content: 'Weather in Oslo and Rome?' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking both.' },
          { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Oslo' } },
          { type: 'tool_use', id: 'toolu_2', name: 'weather', input: { city: 'Rome' } },
        ],
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'toolu_1',
            content: '{"celsius":-3}',
            is_error: false,
          },
          { type: 'tool_result', tool_use_id: 'toolu_2', content: 'timeout', is_error: true },
          { type: 'text', text: 'And tomorrow?' },
        ],
      },
    ]);
  });

  it('neighbours of the same role merge (the API wants alternation); a lone string stays a string', async () => {
    server().enqueue(anthropicStream(['ok']));
    await make().generateWithMessages([
      { role: 'user', content: 'First.' },
      { role: 'user', content: [{ type: 'text', text: 'Second.' }] },
      { role: 'assistant', content: 'One.' },
      { role: 'assistant', content: [{ type: 'text', text: 'Two.' }] },
      { role: 'user', content: 'Third.' },
    ]);
    expect(body().messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'First.' },
          { type: 'text', text: 'Second.' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'One.' },
          { type: 'text', text: 'Two.' },
        ],
      },
      { role: 'user', content: 'Third.' },
    ]);
  });

  it("reasoning without Anthropic state is dropped (another provider's state is ignored)", async () => {
    server().enqueue(anthropicStream(['ok']));
    const history: Message[] = [
      { role: 'user', content: 'Q1' },
      // Reasoning alone from another provider: nothing to send, so the turn goes.
      { role: 'assistant', content: [{ type: 'reasoning', text: 'DeepSeek thought.' }] },
      { role: 'user', content: 'Q2' },
      {
        role: 'assistant',
        content: [
          {
            type: 'reasoning',
            text: 'OpenRouter thought.',
            providerData: { openrouter: { reasoningDetails: [] } },
          },
          {
            type: 'reasoning',
            text: 'Claude thought.',
            providerData: {
              google: { thoughtSignature: 'g' },
              anthropic: { signature: SIGNATURE },
            },
          },
          {
            type: 'tool-call',
            id: 'toolu_x',
            name: 'weather',
            input: { city: 'Oslo' },
            providerData: { google: { thoughtSignature: 'g' } },
          },
        ],
      },
      {
        role: 'tool',
        content: [{ type: 'tool-result', id: 'toolu_x', name: 'weather', output: 'cold' }],
      },
    ];
    await make().generateWithMessages(history);
    expect(body().messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Q1' },
          { type: 'text', text: 'Q2' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'Claude thought.', signature: SIGNATURE },
          { type: 'tool_use', id: 'toolu_x', name: 'weather', input: { city: 'Oslo' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_x', content: 'cold', is_error: false },
        ],
      },
    ]);
  });

  it('the signature of a recorded thinking stream comes back byte for byte', async () => {
    const [entry] = recordedReasoningStreams('anthropic');
    const lines = recordedLines(entry!);
    const signature = lines
      .map((line) => JSON.parse(line) as { delta?: { signature?: string } })
      .find((event) => event.delta?.signature !== undefined)?.delta?.signature;
    expect(signature).toMatch(/^E[A-Za-z0-9+/=]{100,}$/);
    server().enqueue(
      { headers: ANTHROPIC_SSE_HEADERS, body: lines.map(typedSseEvent), splitSeed: 5 },
      anthropicStream(['ok']),
    );
    const llm = make();
    const first = await llm.generateResponse('What is 925 / 5?');
    await llm.generateResponse([
      { role: 'user', content: 'What is 925 / 5?' },
      ...first.messages,
      { role: 'user', content: 'And times 2?' },
    ]);
    expect(body().messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: entry!.expected_reasoning, signature },
        { type: 'text', text: entry!.expected_text },
      ],
    });
    expect(server().lastRequest.body).toContain(`"signature":"${signature}"`);
  });
});
