import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  GeminiLLM,
  ProviderError,
  type LLMConfigOptions,
  type LLMEvent,
  type Message,
  type Tool,
} from '../../src/index.js';
import { runToolConformance } from '../conformance-tools.js';
import { GEMINI_SSE_HEADERS, geminiSse, geminiStream } from '../servers/gemini.js';
import { geminiBody, geminiToolTarget } from '../servers/gemini-tools.js';
import {
  expectRecordedReasoning,
  expectRecordedToolCalls,
  recordedLines,
  recordedReasoningStreams,
  recordedStreams,
  recordedToolCallStreams,
  type RecordingEntry,
} from '../servers/recordings.js';
import type { ScriptedResponse } from '../servers/replay-server.js';
import { sseEvent } from '../servers/sse.js';
import { useReplayServer } from '../servers/use-replay-server.js';

runToolConformance(geminiToolTarget({ model: 'gemini-3.1-pro-preview', withIds: true }));
runToolConformance(geminiToolTarget({ model: 'gemini-3-pro-preview', withIds: false }));

/** A recording rebuilt as the live API sends it: `data: <line>\r\n\r\n`, EOF. */
function recordedResponse(entry: RecordingEntry): Omit<ScriptedResponse, 'splitSeed'> {
  return {
    headers: GEMINI_SSE_HEADERS,
    body: recordedLines(entry).map((line) => sseEvent(line, { lineEnd: '\r\n' })),
  };
}

function recording(file: string): RecordingEntry {
  const entry = recordedStreams('google').find((candidate) => candidate.file === file);
  if (entry === undefined) throw new Error(`the manifest lists ${file}`);
  return entry;
}

/** One GenerateContentResponse chunk holding `parts`. */
function chunk(parts: object[], finishReason?: string): object {
  return {
    candidates: [
      { content: { role: 'model', parts }, ...(finishReason ? { finishReason } : {}), index: 0 },
    ],
    usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 3 },
  };
}

function stream(chunks: object[]): ScriptedResponse {
  return { headers: GEMINI_SSE_HEADERS, body: geminiSse(chunks) };
}

async function collect(events: AsyncIterable<LLMEvent>): Promise<LLMEvent[]> {
  const all: LLMEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

const weather: Tool = {
  description: 'Current weather in a city',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('recorded Gemini tool-call and reasoning streams through GeminiLLM', () => {
  const server = useReplayServer();
  const create = (entry: RecordingEntry) => () =>
    new GeminiLLM({
      model: entry.model ?? 'gemini-3-pro-preview',
      apiKey: 'k',
      baseUrl: `${server().url}/v1beta`,
    });

  for (const entry of recordedToolCallStreams('google')) {
    it(`${entry.file}: tool calls as the manifest lists them, split at random offsets`, async () => {
      await expectRecordedToolCalls(server(), recordedResponse(entry), create(entry), entry);
    });
  }

  for (const entry of recordedReasoningStreams('google')) {
    it(`${entry.file}: reasoning events apart from the answer text`, async () => {
      await expectRecordedReasoning(server(), recordedResponse(entry), create(entry), entry);
    });
  }

  it('the folder has the seven tool-call streams the wire notes name (four of them Vertex)', () => {
    const files = recordedToolCallStreams('google').map((entry) => entry.file);
    expect(files).toHaveLength(7);
    expect(files.filter((file) => /google-(stream|vertex)-/.test(file))).toHaveLength(4);
  });
});

describe('Gemini opaque state from real recordings comes back byte for byte', () => {
  const server = useReplayServer();
  const make = (model: string): GeminiLLM =>
    new GeminiLLM({ model, apiKey: 'k', baseUrl: `${server().url}/v1beta` });

  /** The recorded first part carrying a functionCall, as the recording has it. */
  function recordedCallPart(entry: RecordingEntry): {
    functionCall: object;
    thoughtSignature: string;
  } {
    for (const line of recordedLines(entry)) {
      const parsed = JSON.parse(line) as {
        candidates: Array<{ content: { parts: Array<Record<string, unknown>> } }>;
      };
      const part = parsed.candidates[0]?.content.parts.find((p) => 'functionCall' in p);
      if (part) return part as { functionCall: object; thoughtSignature: string };
    }
    throw new Error(`${entry.file} has a functionCall part`);
  }

  it('a Gemini 3 call without an id: its thoughtSignature on the same part, no id anywhere', async () => {
    const entry = recording('google/google-tool-call-gemini3.chunks.txt');
    const recorded = recordedCallPart(entry);
    expect(recorded.thoughtSignature.length).toBeGreaterThan(5000);
    server().enqueue(recordedResponse(entry), geminiStream(['Sunny.']));
    const text = await make('gemini-3-pro-preview').generate('Weather in San Francisco?', {
      tools: {
        weather: {
          // The recorded call's arguments are { location }.
          inputSchema: { type: 'object', properties: { location: { type: 'string' } } },
          execute: () => ({ celsius: 18 }),
        },
      },
      maxSteps: 2,
    });
    expect(text).toBe('Sunny.');
    const contents = geminiBody(server().lastRequest).contents;
    expect(contents.slice(1)).toEqual([
      { role: 'model', parts: [recorded] },
      {
        role: 'user',
        parts: [{ functionResponse: { name: 'weather', response: { output: { celsius: 18 } } } }],
      },
    ]);
    expect(server().lastRequest.body).toContain(
      `"thoughtSignature":"${recorded.thoughtSignature}"`,
    );
  });

  it('a Gemini 3.1 call with an id: the id goes back in functionCall and functionResponse', async () => {
    const entry = recording('google/issue-10781.1.chunks.txt');
    const recorded = recordedCallPart(entry);
    server().enqueue(recordedResponse(entry), geminiStream(['Foggy.']));
    const llm = make('gemini-3.1-pro-preview');
    const first = await llm.generateResponse('Weather in San Francisco?', { tools: { weather } });
    expect(first.toolCalls.map((call) => call.id)).toEqual(['g1bmv6il']);
    await llm.generateResponse(
      [
        { role: 'user', content: 'Weather in San Francisco?' },
        ...first.messages,
        {
          role: 'tool',
          content: [{ type: 'tool-result', id: 'g1bmv6il', name: 'get_weather', output: 'fog' }],
        },
      ],
      { tools: { weather } },
    );
    expect(geminiBody(server().lastRequest).contents.slice(1)).toEqual([
      { role: 'model', parts: [{ text: 'Let me check.' }, recorded] },
      {
        role: 'user',
        parts: [
          {
            functionResponse: { name: 'get_weather', response: { output: 'fog' }, id: 'g1bmv6il' },
          },
        ],
      },
    ]);
  });

  it('a text answer: the signature of the final empty part joins the text it closes', async () => {
    const entry = recording('google/google-text.chunks.txt');
    server().enqueue(recordedResponse(entry), geminiStream(['ok']));
    const llm = make('gemini-3-pro-preview');
    const first = await llm.generateResponse('How many r?');
    const lastLine = JSON.parse(recordedLines(entry).at(-1) as string) as {
      candidates: Array<{ content: { parts: Array<{ thoughtSignature: string }> } }>;
    };
    const signature = lastLine.candidates[0]?.content.parts[0]?.thoughtSignature;
    expect(first.messages).toEqual([
      {
        role: 'assistant',
        content: [
          {
            type: 'text',
            text: entry.expected_text,
            providerData: { gemini: { thoughtSignature: signature } },
          },
        ],
      },
    ]);
    await llm.generateResponse([{ role: 'user', content: 'How many r?' }, ...first.messages]);
    expect(geminiBody(server().lastRequest).contents[1]).toEqual({
      role: 'model',
      parts: [{ text: entry.expected_text, thoughtSignature: signature }],
    });
  });
});

/** An assistant turn with two parallel calls and no Gemini state (ids call_a, call_b). */
const twoCalls: Message = {
  role: 'assistant',
  content: [
    { type: 'tool-call', id: 'call_a', name: 'weather', input: { city: 'Oslo' } },
    { type: 'tool-call', id: 'call_b', name: 'weather', input: { city: 'Rome' } },
  ],
};

describe('Gemini tools: request edges', () => {
  const server = useReplayServer();
  const make = (options: Partial<LLMConfigOptions> = {}): GeminiLLM =>
    new GeminiLLM({
      model: 'gemini-2.5-flash',
      apiKey: 'k',
      baseUrl: `${server().url}/v1beta`,
      ...options,
    });

  it('parallelToolCalls: false is a ConfigError naming gemini and the option; no request sent', async () => {
    const error = await make()
      .generate('hi', { tools: { weather }, parallelToolCalls: false })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/gemini/);
    expect((error as Error).message).toMatch(/parallelToolCalls/);
    expect(server().requests).toHaveLength(0);
  });

  it('parallelToolCalls: true is what Gemini does anyway: accepted, nothing extra sent', async () => {
    server().enqueue(geminiStream(['ok']));
    await make().generate('hi', { tools: { weather }, parallelToolCalls: true });
    const body = server().lastRequest.json as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(
      ['contents', 'generationConfig', 'systemInstruction', 'tools'].sort(),
    );
  });

  it('tools go as one functionDeclarations list; no toolConfig unless a toolChoice is given', async () => {
    server().enqueue(geminiStream(['ok']));
    const currentTime: Tool = { inputSchema: { type: 'object', properties: {} } };
    await make().generate('hi', { tools: { weather, currentTime } });
    const body = geminiBody(server().lastRequest);
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'weather',
            description: 'Current weather in a city',
            parametersJsonSchema: weather.inputSchema,
          },
          { name: 'currentTime', parametersJsonSchema: { type: 'object', properties: {} } },
        ],
      },
    ]);
    expect(body).not.toHaveProperty('toolConfig');
  });

  it("toolChoice 'auto' or 'none' without tools sends neither tools nor toolConfig", async () => {
    server().always(geminiStream(['ok']));
    for (const toolChoice of ['auto', 'none'] as const) {
      await make().generate('hi', { toolChoice });
      const body = geminiBody(server().lastRequest);
      expect(body).not.toHaveProperty('tools');
      expect(body).not.toHaveProperty('toolConfig');
    }
  });

  it('a tool name Gemini refuses (not starting with a letter or _) is a ConfigError before any request', async () => {
    const error = await make()
      .generate('hi', { tools: { '1st-tool': weather } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/gemini.*1st-tool/);
    expect(server().requests).toHaveLength(0);
  });

  it('history from another provider: its ids and state never reach Gemini', async () => {
    server().always(geminiStream(['ok']));
    const history: Message[] = [
      { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
      {
        role: 'assistant',
        content: [
          {
            type: 'reasoning',
            text: 'Claude thinks.',
            providerData: { anthropic: { signature: 'sig-anthropic' } },
          },
          {
            type: 'tool-call',
            id: 'toolu_01',
            name: 'weather',
            input: { city: 'Oslo' },
            providerData: { anthropic: { caller: 'x' } },
          },
        ],
      },
      {
        role: 'tool',
        content: [{ type: 'tool-result', id: 'toolu_01', name: 'weather', output: 'cold' }],
      },
    ];
    await make().generateResponse(history, { tools: { weather } });
    expect(geminiBody(server().lastRequest).contents.slice(1)).toEqual([
      { role: 'model', parts: [{ functionCall: { name: 'weather', args: { city: 'Oslo' } } }] },
      {
        role: 'user',
        parts: [{ functionResponse: { name: 'weather', response: { output: 'cold' } } }],
      },
    ]);
  });

  it('a Gemini 3 model gets the documented stand-in where a call turn has no signature', async () => {
    server().always(geminiStream(['ok']));
    const history: Message[] = [
      { role: 'user', content: 'Weather in two cities?' },
      twoCalls,
      {
        role: 'tool',
        content: [
          { type: 'tool-result', id: 'call_a', name: 'weather', output: 'cold' },
          { type: 'tool-result', id: 'call_b', name: 'weather', output: 'warm' },
        ],
      },
    ];
    await make({ model: 'gemini-3-flash-preview' }).generateResponse(history, {
      tools: { weather },
    });
    expect(geminiBody(server().lastRequest).contents[1]).toEqual({
      role: 'model',
      parts: [
        {
          functionCall: { name: 'weather', args: { city: 'Oslo' } },
          thoughtSignature: 'skip_thought_signature_validator',
        },
        { functionCall: { name: 'weather', args: { city: 'Rome' } } },
      ],
    });
  });

  it('failed results go under response.error; results in several tool messages form one turn', async () => {
    server().enqueue(geminiStream(['ok']));
    await make().generateResponse(
      [
        { role: 'user', content: 'Weather?' },
        twoCalls,
        {
          role: 'tool',
          content: [{ type: 'tool-result', id: 'call_a', name: 'weather', output: { celsius: 2 } }],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              id: 'call_b',
              name: 'weather',
              output: 'service down',
              isError: true,
            },
          ],
        },
        { role: 'user', content: 'And now?' },
      ],
      { tools: { weather } },
    );
    expect(geminiBody(server().lastRequest).contents.slice(2)).toEqual([
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'weather', response: { output: { celsius: 2 } } } },
          { functionResponse: { name: 'weather', response: { error: 'service down' } } },
        ],
      },
      { role: 'user', parts: [{ text: 'And now?' }] },
    ]);
  });

  it('signed reasoning goes back as a thought part; unsigned reasoning and empty text do not', async () => {
    server().enqueue(geminiStream(['ok']));
    await make().generateResponse([
      { role: 'user', content: 'Hi' },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Unsigned summary.' },
          {
            type: 'reasoning',
            text: 'Signed thought.',
            providerData: { gemini: { thoughtSignature: 'Sig/A+==' } },
          },
          { type: 'text', text: '' },
          { type: 'text', text: 'Hello.' },
        ],
      },
      { role: 'assistant', content: [{ type: 'reasoning', text: 'Only unsigned.' }] },
      { role: 'user', content: 'Bye' },
    ]);
    expect(geminiBody(server().lastRequest).contents).toEqual([
      { role: 'user', parts: [{ text: 'Hi' }] },
      {
        role: 'model',
        parts: [
          { text: 'Signed thought.', thought: true, thoughtSignature: 'Sig/A+==' },
          { text: 'Hello.' },
        ],
      },
      { role: 'user', parts: [{ text: 'Bye' }] },
    ]);
  });
});

describe('Gemini tools: stream edges', () => {
  const server = useReplayServer();
  const make = (): GeminiLLM =>
    new GeminiLLM({
      model: 'gemini-3-flash-preview',
      apiKey: 'k',
      baseUrl: `${server().url}/v1beta`,
      maxRetries: 0,
    });

  it('thought parts are reasoning events; each signed thought stays its own part', async () => {
    const thoughts = stream([
      chunk([{ text: 'First ', thought: true }]),
      chunk([{ text: 'idea.', thought: true, thoughtSignature: 'SigOne==' }]),
      chunk([{ text: 'Second idea.', thought: true, thoughtSignature: 'SigTwo==' }]),
      chunk([{ text: 'Answer.' }]),
      // An empty thought part carries nothing: no empty reasoning part after the answer.
      chunk([{ text: '', thought: true }], 'STOP'),
    ]);
    server().enqueue(thoughts);
    const llm = make();
    const events = await collect(llm.streamEvents('hi'));
    expect(events.filter((event) => event.type === 'reasoning')).toEqual([
      { type: 'reasoning', text: 'First ' },
      { type: 'reasoning', text: 'idea.' },
      { type: 'reasoning', text: 'Second idea.' },
    ]);
    expect(events.filter((event) => event.type === 'text')).toEqual([
      { type: 'text', text: 'Answer.' },
    ]);
    server().enqueue(thoughts);
    const response = await llm.generateResponse('hi');
    expect(response.messages[0]?.content).toEqual([
      {
        type: 'reasoning',
        text: 'First idea.',
        providerData: { gemini: { thoughtSignature: 'SigOne==' } },
      },
      {
        type: 'reasoning',
        text: 'Second idea.',
        providerData: { gemini: { thoughtSignature: 'SigTwo==' } },
      },
      { type: 'text', text: 'Answer.' },
    ]);
  });

  it('a call whose args are missing is a call with the input {}', async () => {
    server().enqueue(
      stream([chunk([{ functionCall: { name: 'currentTime' } }]), chunk([{ text: '' }], 'STOP')]),
    );
    const response = await make().generateResponse('time?');
    expect(response.toolCalls).toMatchObject([{ name: 'currentTime', input: {} }]);
    expect(response.finishReason).toBe('tool-calls');
    expect(response.providerFinishReason).toBe('STOP');
  });

  it('Vertex streamed arguments: the call starts at its name; a new name ends a call left open', async () => {
    server().enqueue(
      stream([
        chunk([{ functionCall: { name: 'plan', willContinue: true, id: 'v1' } }]),
        chunk([
          {
            functionCall: {
              partialArgs: [
                { jsonPath: '$.steps[0]', stringValue: 'Pre', willContinue: true },
                { jsonPath: '$.steps[0]', stringValue: 'heat' },
                { jsonPath: "$['odd key'].on", boolValue: true },
                { jsonPath: '$.none', nullValue: 'NULL_VALUE' },
                { jsonPath: '$.__proto__.polluted', numberValue: 1 },
              ],
              willContinue: true,
            },
          },
        ]),
        // No closing {} for `plan`: the next call's name ends it.
        chunk([{ functionCall: { name: 'plan', willContinue: true } }]),
        chunk([{ functionCall: { partialArgs: [{ jsonPath: '$.n', numberValue: 2 }] } }]),
        chunk([{ text: '' }], 'STOP'),
      ]),
    );
    const events = await collect(make().streamEvents('plan'));
    const kinds = events.map((event) =>
      event.type === 'tool-call' || event.type === 'tool-call-start'
        ? `${event.type}:${event.id}`
        : event.type,
    );
    expect(kinds.slice(0, 2)).toEqual(['tool-call-start:v1', 'tool-call-delta']);
    const calls = events.filter((event) => event.type === 'tool-call');
    expect(calls.map((call) => (call as { input: unknown }).input)).toEqual([
      JSON.parse(
        '{"steps":["Preheat"],"odd key":{"on":true},"none":null,"__proto__":{"polluted":1}}',
      ),
      { n: 2 },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(calls[0]).toMatchObject({ id: 'v1' });
    expect(events.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool-calls' });
  });

  it('a streamed argument at a JSON path that cannot be placed is a retryable ProviderError', async () => {
    server().enqueue(
      stream([
        chunk([{ functionCall: { name: 'plan', willContinue: true } }]),
        chunk([{ functionCall: { partialArgs: [{ jsonPath: 'steps', stringValue: 'x' }] } }]),
        chunk([{ text: '' }], 'STOP'),
      ]),
    );
    const error = await make()
      .generate('plan')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'gemini', retryable: true });
    expect((error as Error).message).toContain('"steps"');
  });

  it('MALFORMED_FUNCTION_CALL ends the answer as an error finish, with the provider reason kept', async () => {
    server().enqueue(stream([chunk([], 'MALFORMED_FUNCTION_CALL')]));
    const response = await make().generateResponse('hi', { tools: { weather } });
    expect(response.finishReason).toBe('error');
    expect(response.providerFinishReason).toBe('MALFORMED_FUNCTION_CALL');
    expect(response.toolCalls).toEqual([]);
  });
});
