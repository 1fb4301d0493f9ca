import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  type BaseLLM,
  type FinishInfo,
  type LLMConfigOptions,
  type LLMEvent,
  type Tool,
  type ToolCall,
  type ToolChoice,
} from '../src/index.js';
import type { RecordedRequest, ReplayServer, ScriptedResponse } from './servers/replay-server.js';
import { useReplayServer } from './servers/use-replay-server.js';

/** One tool call as a test scripts it; `input` `{}` is sent the provider's way for "no arguments". */
export interface ScriptedToolCall {
  id: string;
  name: string;
  input: Record<string, unknown>;
}

/** What the tool suite needs from a provider: its wire bytes and the shape of its requests. */
export interface ToolConformanceTarget {
  /** Shown in test names. */
  name: string;
  /** Build the LLM against the replay server. */
  create(server: ReplayServer, options: Partial<LLMConfigOptions>): BaseLLM;
  /** A streamed answer: `text` first (if any), then the calls, usage, and the provider's tool stop. */
  toolCalls(
    calls: ScriptedToolCall[],
    options?: { text?: string; usage?: { input: number; output: number } },
  ): ScriptedResponse;
  /** A plain streamed text answer (the step after the tool results). */
  text(pieces: string[], usage: { input: number; output: number }): ScriptedResponse;
  /** False where the provider sends no call ids (they are made up, and never sent back). */
  sendsIds: boolean;
  /** The tool names and input schemas the request carried, by name. */
  requestTools(request: RecordedRequest): Record<string, unknown>;
  /**
   * Check the wire form of a tool choice in the request; a choice the provider cannot express is
   * listed in `refusedChoices` instead (a ConfigError before any request).
   */
  expectToolChoice(request: RecordedRequest, choice: ToolChoice): void;
  refusedChoices?: ToolChoice[];
  /** Check that the request's history holds the assistant call and then the tool result. */
  expectRoundTrip(
    request: RecordedRequest,
    call: ToolCall,
    result: { output: unknown; isError: boolean },
  ): void;
  /** A response carrying opaque provider state, and the check that the next request echoes it. */
  opaqueState?: {
    response(): ScriptedResponse;
    expectEchoed(request: RecordedRequest): void;
  };
}

const KEY = 'sk-tool-conformance-key-0123456789';

const weatherSchema = {
  type: 'object',
  properties: { city: { type: 'string' } },
  required: ['city'],
};

/** Collect every event of one call. */
async function events(iterable: AsyncIterable<LLMEvent>): Promise<LLMEvent[]> {
  const all: LLMEvent[] = [];
  for await (const event of iterable) all.push(event);
  return all;
}

/** The suite every provider with tools runs. */
export function runToolConformance(target: ToolConformanceTarget): void {
  describe(`${target.name} tool conformance`, () => {
    const server = useReplayServer();
    const make = (options: Partial<LLMConfigOptions> = {}): BaseLLM =>
      target.create(server(), { apiKey: KEY, ...options });
    const weather: Tool = { description: 'Current weather in a city', inputSchema: weatherSchema };

    it('a tool call arrives as tool-call-start, deltas, then the parsed call; finish says tool-calls', async () => {
      server().enqueue(
        target.toolCalls([{ id: 'call_w1', name: 'weather', input: { city: 'Paris' } }], {
          usage: { input: 20, output: 9 },
        }),
      );
      const all = await events(make().streamEvents('Weather in Paris?', { tools: { weather } }));
      const starts = all.filter((event) => event.type === 'tool-call-start');
      const calls = all.filter((event) => event.type === 'tool-call');
      expect(calls).toHaveLength(1);
      const call = calls[0] as Extract<LLMEvent, { type: 'tool-call' }>;
      expect(call).toMatchObject({ name: 'weather', input: { city: 'Paris' } });
      if (target.sendsIds) expect(call.id).toBe('call_w1');
      else expect(call.id).toMatch(/^call_[A-Za-z0-9]{24}$/);
      expect(starts).toEqual([{ type: 'tool-call-start', id: call.id, name: 'weather' }]);
      expect(all.indexOf(starts[0] as LLMEvent)).toBeLessThan(all.indexOf(call));
      const deltas = all
        .filter((event) => event.type === 'tool-call-delta' && event.id === call.id)
        .map((event) => (event as { inputDelta: string }).inputDelta)
        .join('');
      expect(JSON.parse(deltas)).toEqual({ city: 'Paris' });
      expect(all.at(-1)).toMatchObject({
        type: 'finish',
        finishReason: 'tool-calls',
        usage: { input: 20, output: 9, reported: true },
        steps: 1,
      });
      const sent = target.requestTools(server().lastRequest);
      expect(sent).toEqual({ weather: weatherSchema });
    });

    it('parallel calls keep their order, with distinct ids', async () => {
      server().enqueue(
        target.toolCalls([
          { id: 'call_p1', name: 'weather', input: { city: 'Paris' } },
          { id: 'call_p2', name: 'weather', input: { city: 'Oslo' } },
        ]),
      );
      const response = await make().generateResponse('Weather in Paris and Oslo?', {
        tools: { weather },
      });
      expect(response.toolCalls.map((call) => call.input)).toEqual([
        { city: 'Paris' },
        { city: 'Oslo' },
      ]);
      const ids = response.toolCalls.map((call) => call.id);
      expect(new Set(ids).size).toBe(2);
      if (target.sendsIds) expect(ids).toEqual(['call_p1', 'call_p2']);
      expect(response.finishReason).toBe('tool-calls');
      expect(response.messages).toHaveLength(1);
      expect(response.messages[0]?.role).toBe('assistant');
    });

    it('a call without arguments has the input {}', async () => {
      server().enqueue(target.toolCalls([{ id: 'call_t', name: 'currentTime', input: {} }]));
      const currentTime: Tool = { inputSchema: { type: 'object', properties: {} } };
      const response = await make().generateResponse('What time is it?', {
        tools: { currentTime },
      });
      expect(response.toolCalls).toMatchObject([{ name: 'currentTime', input: {} }]);
    });

    it('stream() yields only the answer text of a turn with calls', async () => {
      server().enqueue(
        target.toolCalls([{ id: 'call_s', name: 'weather', input: { city: 'Rome' } }], {
          text: 'Let me check.',
        }),
      );
      const pieces: string[] = [];
      for await (const piece of make().stream('Weather in Rome?', { tools: { weather } })) {
        pieces.push(piece);
      }
      expect(pieces.join('')).toBe('Let me check.');
    });

    it('toolChoice is sent in the provider form, or refused before any request', async () => {
      const other: Tool = { inputSchema: { type: 'object', properties: {} } };
      const choices: ToolChoice[] = ['auto', 'none', 'required', { tool: 'weather' }];
      for (const choice of choices) {
        const refused = target.refusedChoices?.some(
          (candidate) => JSON.stringify(candidate) === JSON.stringify(choice),
        );
        const requestsBefore = server().requests.length;
        const call = make().generate('hi', { tools: { weather, other }, toolChoice: choice });
        if (refused) {
          await expect(call).rejects.toBeInstanceOf(ConfigError);
          expect(server().requests).toHaveLength(requestsBefore);
          continue;
        }
        server().enqueue(target.text(['ok'], { input: 1, output: 1 }));
        await call;
        target.expectToolChoice(server().lastRequest, choice);
      }
    });

    it('maxSteps runs the tool and sends the call and its result back: two requests, one onFinish', async () => {
      server().enqueue(
        target.toolCalls([{ id: 'call_r1', name: 'weather', input: { city: 'Paris' } }], {
          usage: { input: 30, output: 10 },
        }),
        target.text(['It is ', '21°C in Paris.'], { input: 50, output: 8 }),
      );
      const executed: unknown[] = [];
      let callId = '';
      const finishes: FinishInfo[] = [];
      const llm = make();
      const text = await llm.generate('Weather in Paris?', {
        tools: {
          weather: {
            ...weather,
            execute: (input, context) => {
              executed.push(input);
              callId = context.toolCallId;
              return { city: 'Paris', celsius: 21 };
            },
          },
        },
        maxSteps: 3,
        onFinish: (info) => finishes.push(info),
      });
      expect(text).toBe('It is 21°C in Paris.');
      expect(executed).toEqual([{ city: 'Paris' }]);
      expect(server().requests).toHaveLength(2);
      if (target.sendsIds) expect(callId).toBe('call_r1');
      const call: ToolCall = { id: callId, name: 'weather', input: { city: 'Paris' } };
      target.expectRoundTrip(server().requests[1] as RecordedRequest, call, {
        output: { city: 'Paris', celsius: 21 },
        isError: false,
      });
      expect(finishes).toHaveLength(1);
      expect(finishes[0]).toMatchObject({
        usage: { input: 80, output: 18, reported: true },
        finishReason: 'stop',
        steps: 2,
        attempts: 2,
        cached: false,
      });
      expect(llm.tokensUsed).toEqual({ input: 80, output: 18 });
    });

    it('a tool that throws becomes an error result and the loop goes on', async () => {
      server().enqueue(
        target.toolCalls([{ id: 'call_e1', name: 'weather', input: { city: 'Atlantis' } }]),
        target.text(['I could not get the weather.'], { input: 5, output: 6 }),
      );
      const llm = make();
      const all = await events(
        llm.streamEvents('Weather in Atlantis?', {
          tools: {
            weather: {
              ...weather,
              execute: () => {
                throw new Error('no such city: Atlantis');
              },
            },
          },
          maxSteps: 2,
        }),
      );
      const result = all.find((event) => event.type === 'tool-result');
      expect(result).toMatchObject({ name: 'weather', isError: true });
      expect(String((result as { output: unknown }).output)).toContain('no such city: Atlantis');
      expect(all.filter((event) => event.type === 'step-finish')).toHaveLength(2);
      expect(all.at(-1)).toMatchObject({ type: 'finish', steps: 2, finishReason: 'stop' });
      const call: ToolCall = {
        id: (result as { id: string }).id,
        name: 'weather',
        input: { city: 'Atlantis' },
      };
      target.expectRoundTrip(server().requests[1] as RecordedRequest, call, {
        output: (result as { output: unknown }).output,
        isError: true,
      });
    });

    if (target.opaqueState) {
      const opaque = target.opaqueState;
      it('opaque provider state comes back byte for byte in the next request', async () => {
        server().enqueue(opaque.response(), target.text(['Done.'], { input: 3, output: 1 }));
        const llm = make();
        const first = await llm.generateResponse('Go', { tools: { weather } });
        await llm.generateResponse(
          [
            { role: 'user', content: 'Go' },
            ...first.messages,
            {
              role: 'tool',
              content: first.toolCalls.map((call) => ({
                type: 'tool-result' as const,
                id: call.id,
                name: call.name,
                output: 'ok',
              })),
            },
          ],
          { tools: { weather } },
        );
        opaque.expectEchoed(server().lastRequest);
      });
    }
  });
}
