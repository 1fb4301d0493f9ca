import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CohereLLM,
  ConfigError,
  type LLMEvent,
  type LLMConfigOptions,
  type Message,
  type Tool,
} from '../../src/index.js';
import { runToolConformance } from '../conformance-tools.js';
import { rejectionOf } from '../servers/capture.js';
import {
  COHERE_SSE_HEADERS,
  cohereMessageEnd,
  cohereSse,
  cohereStream,
  cohereToolCallEvents,
} from '../servers/cohere.js';
import { cohereToolTarget, wireToolCall } from '../servers/cohere-tools.js';
import {
  expectRecordedReasoning,
  expectRecordedToolCalls,
  RECORDINGS_DIR,
  recordedLines,
  recordedReasoningStreams,
  recordedToolCallStreams,
  type RecordingEntry,
} from '../servers/recordings.js';
import type { ScriptedResponse } from '../servers/replay-server.js';
import { sseEvent, typedSseEvent } from '../servers/sse.js';
import { useReplayServer } from '../servers/use-replay-server.js';

const MODEL = 'command-a-03-2025';

type Body = { messages: Array<Record<string, unknown>>; [field: string]: unknown };

runToolConformance(
  cohereToolTarget(
    (server, options) => new CohereLLM({ model: MODEL, baseUrl: server.url, ...options }),
  ),
);

const weather: Tool = {
  description: 'Current weather in a city',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const clock: Tool = { inputSchema: { type: 'object', properties: {} } };

/** A recording rebuilt with Cohere's framing, with or without the optional `data: [DONE]`. */
function recordedResponse(entry: RecordingEntry, done = false): ScriptedResponse {
  const body = recordedLines(entry).map(typedSseEvent);
  if (done) body.push(sseEvent('[DONE]'));
  return { headers: COHERE_SSE_HEADERS, body };
}

function recording(file: string): RecordingEntry {
  const entry = recordedToolCallStreams('cohere').find((candidate) => candidate.file === file);
  if (entry === undefined) throw new Error(`the manifest lists ${file}`);
  return entry;
}

describe('CohereLLM tools: Chat v2 specifics', () => {
  const server = useReplayServer();
  const make = (options: Partial<LLMConfigOptions> = {}): CohereLLM =>
    new CohereLLM({
      model: MODEL,
      apiKey: 'co-test-key-123456',
      baseUrl: server().url,
      ...options,
    });
  const body = (): Body => server().lastRequest.json as Body;

  it('tools go in the function shape (description only when given); a named toolChoice sends only that tool with REQUIRED', async () => {
    server().always(cohereStream(['ok']));
    await make().generate('hi', { tools: { weather, clock } });
    expect(body().tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'weather',
          description: 'Current weather in a city',
          parameters: weather.inputSchema,
        },
      },
      { type: 'function', function: { name: 'clock', parameters: clock.inputSchema } },
    ]);
    expect(body()).not.toHaveProperty('tool_choice');
    await make().generate('hi', { tools: { weather, clock }, toolChoice: { tool: 'clock' } });
    expect(body().tools).toEqual([
      { type: 'function', function: { name: 'clock', parameters: clock.inputSchema } },
    ]);
    expect(body().tool_choice).toBe('REQUIRED');
  });

  it("toolChoice 'none' or 'auto' without tools sends no tool fields", async () => {
    server().always(cohereStream(['ok']));
    for (const toolChoice of ['none', 'auto'] as const) {
      await make().generate('hi', { toolChoice });
      expect(body()).not.toHaveProperty('tools');
      expect(body()).not.toHaveProperty('tool_choice');
    }
  });

  it('parallelToolCalls: false is a ConfigError naming cohere and the option, before any request; true is the default and sends nothing', async () => {
    const error = await rejectionOf(
      make().generate('hi', { tools: { weather }, parallelToolCalls: false }),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ field: 'parallelToolCalls' });
    expect((error as Error).message).toMatch(/cohere/);
    expect((error as Error).message).toMatch(/parallelToolCalls/);
    expect(server().requests).toHaveLength(0);

    server().enqueue(cohereStream(['ok']));
    await make().generate('hi', { tools: { weather }, parallelToolCalls: true });
    expect(server().requests).toHaveLength(1);
    expect(Object.keys(body()).filter((key) => key.includes('parallel'))).toEqual([]);
  });

  it('the tool plan is reasoning, marked for Cohere, never answer text', async () => {
    const plan = ['I will look up', ' the weather.'];
    const call = { id: 'weather_a1', name: 'weather', input: { city: 'Oslo' } };
    const stream = (): ScriptedResponse => ({
      headers: COHERE_SSE_HEADERS,
      body: cohereSse(cohereToolCallEvents([call], { toolPlan: plan, text: 'Checking.' })),
    });
    server().enqueue(stream(), stream());
    const response = await make().generateResponse('Weather in Oslo?', { tools: { weather } });
    expect(response.text).toBe('Checking.');
    expect(response.reasoning).toBe('I will look up the weather.');
    expect(response.messages[0]?.content).toEqual([
      {
        type: 'reasoning',
        text: 'I will look up the weather.',
        providerData: { cohere: { kind: 'tool_plan' } },
      },
      { type: 'text', text: 'Checking.' },
      { type: 'tool-call', ...call },
    ]);
    const events: LLMEvent[] = [];
    for await (const event of make().streamEvents('Weather in Oslo?', { tools: { weather } })) {
      events.push(event);
    }
    expect(events.filter((event) => event.type === 'reasoning')).toEqual([
      { type: 'reasoning', text: 'I will look up' },
      { type: 'reasoning', text: ' the weather.' },
    ]);
    expect(events.filter((event) => event.type === 'text')).toEqual([
      { type: 'text', text: 'Checking.' },
    ]);
  });

  it('two thinking blocks and the plan are three reasoning parts, each going back in its own place', async () => {
    const call = { id: 'clock_z9', name: 'clock', input: {} };
    const events = cohereToolCallEvents([call], {
      thinking: ['First ', 'thought.'],
      toolPlan: ['Plan.'],
    });
    // A second thinking block right after the first (content index 1).
    events.splice(
      5,
      0,
      { type: 'content-start', index: 1, delta: { message: { content: { type: 'thinking' } } } },
      {
        type: 'content-delta',
        index: 1,
        delta: { message: { content: { thinking: 'Second thought.' } } },
      },
      { type: 'content-end', index: 1 },
    );
    server().enqueue(
      { headers: COHERE_SSE_HEADERS, body: cohereSse(events), splitSeed: 7 },
      cohereStream(['It is noon.']),
    );
    const llm = make();
    const first = await llm.generateResponse('Time?', { tools: { clock } });
    const thinking = { cohere: { kind: 'thinking' } };
    expect(first.messages[0]?.content).toEqual([
      { type: 'reasoning', text: 'First thought.', providerData: thinking },
      { type: 'reasoning', text: 'Second thought.', providerData: thinking },
      { type: 'reasoning', text: 'Plan.', providerData: { cohere: { kind: 'tool_plan' } } },
      { type: 'tool-call', ...call },
    ]);
    expect(first.reasoning).toBe('First thought.Second thought.Plan.');
    await llm.generateResponse([
      { role: 'user', content: 'Time?' },
      ...first.messages,
      {
        role: 'tool',
        content: [{ type: 'tool-result', id: 'clock_z9', name: 'clock', output: '12:00' }],
      },
    ]);
    expect(body().messages.slice(-2)).toEqual([
      {
        role: 'assistant',
        tool_plan: 'Plan.',
        tool_calls: [
          { id: 'clock_z9', type: 'function', function: { name: 'clock', arguments: '{}' } },
        ],
        content: [
          { type: 'thinking', thinking: 'First thought.' },
          { type: 'thinking', thinking: 'Second thought.' },
        ],
      },
      { role: 'tool', tool_call_id: 'clock_z9', content: '12:00' },
    ]);
  });

  it('the recorded two-call turn runs the tools and sends its tool_plan back byte for byte with both calls and results', async () => {
    const entry = recording('cohere/cohere-tool-call.chunks.txt');
    // The plan the recording streams in 27 tool-plan-delta events (manifest notes).
    const plan =
      'I will use the weather tool to find the weather in San Francisco and the cityAttractions ' +
      'tool to find attractions in San Francisco.';
    for (const seed of [3, 4, 5]) {
      server().reset();
      server().enqueue({ ...recordedResponse(entry), splitSeed: seed }, cohereStream(['Sunny.']));
      const text = await make().generate('Weather and sights in San Francisco?', {
        tools: {
          // The recorded calls' own input shapes.
          weather: {
            inputSchema: { type: 'object', properties: { location: { type: 'string' } } },
            execute: (input) => ({ ...(input as object), celsius: 18 }),
          },
          cityAttractions: { ...clock, execute: () => 'Golden Gate Bridge' },
        },
        maxSteps: 2,
      });
      expect(text).toBe('Sunny.');
      expect(body().messages.slice(-3)).toEqual([
        {
          role: 'assistant',
          tool_plan: plan,
          tool_calls: [
            wireToolCall({
              id: 'weather_e8p4pn45zt0t',
              name: 'weather',
              input: { location: 'San Francisco' },
            }),
            wireToolCall({
              id: 'cityAttractions_pyxssbwnq9fq',
              name: 'cityAttractions',
              input: { city: 'San Francisco' },
            }),
          ],
        },
        {
          role: 'tool',
          tool_call_id: 'weather_e8p4pn45zt0t',
          content: '{"location":"San Francisco","celsius":18}',
        },
        {
          role: 'tool',
          tool_call_id: 'cityAttractions_pyxssbwnq9fq',
          content: 'Golden Gate Bridge',
        },
      ]);
    }
  });

  it('the recorded no-parameter call (no tool-call-delta at all) has input {} and goes back as arguments "{}"', async () => {
    const entry = recording('cohere/cohere-empty-tool-call.chunks.txt');
    server().enqueue(recordedResponse(entry, true), cohereStream(['It is noon.']));
    const llm = make();
    const first = await llm.generateResponse('Time?', { tools: { currentTime: clock } });
    expect(first.toolCalls).toEqual([
      { id: 'currentTime_y46ar19t5gvw', name: 'currentTime', input: {} },
    ]);
    await llm.generateResponse([
      { role: 'user', content: 'Time?' },
      ...first.messages,
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            id: 'currentTime_y46ar19t5gvw',
            name: 'currentTime',
            output: { time: '12:00' },
          },
        ],
      },
    ]);
    expect(body().messages.at(-2)).toMatchObject({
      tool_calls: [{ id: 'currentTime_y46ar19t5gvw', function: { arguments: '{}' } }],
    });
    expect(body().messages.at(-1)).toEqual({
      role: 'tool',
      tool_call_id: 'currentTime_y46ar19t5gvw',
      content: '{"time":"12:00"}',
    });
  });

  it('arguments "null" (as the recorded cohere-null-args.json returns them) are the input {}', async () => {
    const recorded = JSON.parse(
      readFileSync(join(RECORDINGS_DIR, 'cohere/cohere-null-args.json'), 'utf8'),
    ) as {
      message: { tool_calls: Array<{ id: string; function: { name: string; arguments: string } }> };
    };
    const [call] = recorded.message.tool_calls;
    if (call === undefined) throw new Error('the recording has one tool call');
    expect(call.function.arguments).toBe('null');
    // The body's call, streamed the Chat v2 way: start with '', its arguments as one delta, end.
    const events = [
      {
        type: 'tool-call-start',
        index: 0,
        delta: {
          message: {
            tool_calls: {
              id: call.id,
              type: 'function',
              function: { name: call.function.name, arguments: '' },
            },
          },
        },
      },
      {
        type: 'tool-call-delta',
        index: 0,
        delta: { message: { tool_calls: { function: { arguments: call.function.arguments } } } },
      },
      { type: 'tool-call-end', index: 0 },
      cohereMessageEnd('TOOL_CALL'),
    ];
    server().enqueue({ headers: COHERE_SSE_HEADERS, body: cohereSse(events) });
    const response = await make().generateResponse('Time?', { tools: { currentTime: clock } });
    expect(response.toolCalls).toEqual([{ id: call.id, name: 'currentTime', input: {} }]);
    expect(response.finishReason).toBe('tool-calls');
  });

  it('message parts: text as text items, Cohere thinking as thinking items, reasoning of other providers not sent', async () => {
    server().enqueue(cohereStream(['ok']));
    // Text parts have the same shape on the wire.
    const userParts = [
      { type: 'text' as const, text: 'Hello ' },
      { type: 'text' as const, text: 'there.' },
    ];
    const history: Message[] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: userParts },
      {
        role: 'assistant',
        content: [
          {
            type: 'reasoning',
            text: 'Claude thought.',
            providerData: { anthropic: { signature: 'sig' } },
          },
          {
            type: 'reasoning',
            text: 'Cohere thought.',
            providerData: { cohere: { kind: 'thinking' } },
          },
          { type: 'text', text: 'Hi!' },
        ],
      },
      { role: 'user', content: 'Bye.' },
    ];
    await make().generateWithMessages(history);
    expect(body().messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: userParts },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'Cohere thought.' },
          { type: 'text', text: 'Hi!' },
        ],
      },
      { role: 'user', content: 'Bye.' },
    ]);
  });

  it('tool results: strings as they are, other values as JSON, errors as the JSON object {"error": ...}', async () => {
    server().enqueue(cohereStream(['ok']));
    await make().generateWithMessages([
      { role: 'user', content: 'Go' },
      {
        role: 'assistant',
        content: [
          { type: 'tool-call', id: 't_1', name: 'a', input: {} },
          { type: 'tool-call', id: 't_2', name: 'b', input: {} },
          { type: 'tool-call', id: 't_3', name: 'c', input: {} },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', id: 't_1', name: 'a', output: 'plain text' },
          { type: 'tool-result', id: 't_2', name: 'b', output: [1, 2] },
          { type: 'tool-result', id: 't_3', name: 'c', output: 'boom', isError: true },
        ],
      },
    ]);
    expect(body().messages.slice(-3)).toEqual([
      { role: 'tool', tool_call_id: 't_1', content: 'plain text' },
      { role: 'tool', tool_call_id: 't_2', content: '[1,2]' },
      { role: 'tool', tool_call_id: 't_3', content: '{"error":"boom"}' },
    ]);
  });

  it('a tool that returns nothing still sends content: JSON null', async () => {
    server().enqueue(
      {
        headers: COHERE_SSE_HEADERS,
        body: cohereSse(cohereToolCallEvents([{ id: 'log_1', name: 'log', input: {} }])),
      },
      cohereStream(['Logged.']),
    );
    const log: Tool = { ...clock, execute: () => undefined };
    expect(await make().generate('Log it', { tools: { log }, maxSteps: 2 })).toBe('Logged.');
    expect(body().messages.at(-1)).toEqual({
      role: 'tool',
      tool_call_id: 'log_1',
      content: 'null',
    });
  });
});

describe('recorded Cohere tool-call and reasoning streams through CohereLLM', () => {
  const server = useReplayServer();
  const create = (): CohereLLM =>
    new CohereLLM({ model: MODEL, apiKey: 'k', baseUrl: server().url });

  for (const entry of recordedToolCallStreams('cohere')) {
    for (const done of [false, true]) {
      it(`${entry.file}${done ? ' + data: [DONE]' : ''}: tool calls as the manifest lists them, split at random offsets`, async () => {
        await expectRecordedToolCalls(server(), recordedResponse(entry, done), create, entry);
      });
    }
  }

  for (const entry of recordedReasoningStreams('cohere')) {
    for (const done of [false, true]) {
      it(`${entry.file}${done ? ' + data: [DONE]' : ''}: reasoning events apart from the answer text`, async () => {
        await expectRecordedReasoning(server(), recordedResponse(entry, done), create, entry);
      });
    }
  }
});
