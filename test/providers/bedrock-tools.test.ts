import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BedrockLLM,
  ConfigError,
  ProviderError,
  type CallOptions,
  type LLMConfigOptions,
  type LLMInput,
  type Message,
  type Tool,
} from '../../src/index.js';
import { runToolConformance } from '../conformance-tools.js';
import {
  EVENT_STREAM_HEADERS,
  bedrockEndFrames,
  bedrockEvent,
  bedrockReasoningFrames,
  bedrockStreamFrames,
  bedrockToolUseFrames,
  recordedLineFrame,
} from '../servers/bedrock.js';
import { BEDROCK_TOOLS_MODEL, bedrockToolTarget, converseBody } from '../servers/bedrock-tools.js';
import {
  expectRecordedReasoning,
  expectRecordedToolCalls,
  recordedLines,
  recordedReasoningStreams,
  recordedToolCallStreams,
  type RecordingEntry,
} from '../servers/recordings.js';
import type { ScriptedResponse } from '../servers/replay-server.js';
import { clearAwsEnv } from '../servers/aws-env.js';
import { useReplayServer } from '../servers/use-replay-server.js';

const weather: Tool = {
  description: 'Current weather in a city',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const noInput = { type: 'object', properties: {} };

/** A recording rebuilt as the binary frames the live service sent. */
function recordedResponse(entry: RecordingEntry): ScriptedResponse {
  const body = recordedLines(entry).map((line, index) => recordedLineFrame(line, index));
  return { headers: EVENT_STREAM_HEADERS, body };
}

/** The value of one recorded line's `contentBlockDelta.delta.reasoningContent`, by field. */
function recordedReasoningField(entry: RecordingEntry, field: string): string {
  for (const line of recordedLines(entry)) {
    const value = (
      JSON.parse(line) as {
        contentBlockDelta?: { delta?: { reasoningContent?: Record<string, string> } };
      }
    ).contentBlockDelta?.delta?.reasoningContent?.[field];
    if (value !== undefined) return value;
  }
  throw new Error(`${entry.file} has no reasoningContent.${field}`);
}

function ok(): ScriptedResponse {
  return {
    headers: EVENT_STREAM_HEADERS,
    body: bedrockStreamFrames(['ok'], { inputTokens: 1, outputTokens: 1 }),
  };
}

describe('Bedrock tools', () => {
  beforeEach(clearAwsEnv);
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  runToolConformance(bedrockToolTarget);

  describe('against the replay server', () => {
    const server = useReplayServer();
    const make = (config: Partial<LLMConfigOptions> = {}): BedrockLLM =>
      new BedrockLLM({
        model: BEDROCK_TOOLS_MODEL,
        apiKey: 'bedrock-key',
        baseUrl: server().url,
        ...config,
      });
    /** The error a call fails with; the call must fail. */
    const failure = async (input: LLMInput, options: CallOptions): Promise<Error> =>
      make()
        .generateResponse(input, options)
        .then(
          () => new Error('the call succeeded'),
          (error: unknown) => error as Error,
        );

    describe('recorded real-API streams', () => {
      const toolCallStreams = recordedToolCallStreams('amazon-bedrock');
      const reasoningStreams = recordedReasoningStreams('amazon-bedrock');

      it('the manifest lists the redacted-reasoning tool call and the signed reasoning stream', () => {
        expect(toolCallStreams.map((entry) => entry.file)).toEqual([
          'amazon-bedrock/amazon-bedrock-redacted-content.chunks.txt',
        ]);
        expect(reasoningStreams.map((entry) => entry.file)).toEqual([
          'amazon-bedrock/amazon-bedrock-reasoning.chunks.txt',
        ]);
      });

      for (const entry of toolCallStreams) {
        it(`${entry.file}: tool calls as the manifest lists them, split at random offsets`, async () => {
          await expectRecordedToolCalls(server(), recordedResponse(entry), () => make(), entry);
        });
      }

      for (const entry of reasoningStreams) {
        it(`${entry.file}: reasoning events apart from the answer text`, async () => {
          await expectRecordedReasoning(server(), recordedResponse(entry), () => make(), entry);
        });
      }

      it('redacted reasoning comes back byte for byte before its toolUse in the next request', async () => {
        const [entry] = toolCallStreams as [RecordingEntry];
        const redacted = recordedReasoningField(entry, 'redactedContent');
        const [expected] = entry.expected_tool_calls ?? [];
        server().enqueue({ ...recordedResponse(entry), splitSeed: 7 }, ok());
        const tools = { propose: { inputSchema: noInput } };
        const llm = make();
        const first = await llm.generateResponse('Propose the groups', { tools });
        expect(first.reasoning).toBe('');
        expect(first.messages[0]?.content).toEqual([
          { type: 'reasoning', text: '', providerData: { bedrock: { redactedContent: redacted } } },
          { type: 'tool-call', id: expected?.id, name: 'propose', input: expected?.arguments },
        ]);
        await llm.generateResponse(
          [
            { role: 'user', content: 'Propose the groups' },
            ...first.messages,
            {
              role: 'tool',
              content: [{ type: 'tool-result', id: expected!.id!, name: 'propose', output: 'ok' }],
            },
          ],
          { tools },
        );
        const request = server().lastRequest;
        expect(converseBody(request).messages[1]).toEqual({
          role: 'assistant',
          content: [
            { reasoningContent: { redactedContent: redacted } },
            { toolUse: { toolUseId: expected?.id, name: 'propose', input: expected?.arguments } },
          ],
        });
        expect(request.body).toContain(`{"reasoningContent":{"redactedContent":"${redacted}"}}`);
      });

      it('signed reasoning comes back with its text and signature in the next request', async () => {
        const [entry] = reasoningStreams as [RecordingEntry];
        const signature = recordedReasoningField(entry, 'signature');
        server().enqueue({ ...recordedResponse(entry), splitSeed: 8 }, ok());
        const llm = make();
        const first = await llm.generateResponse('How many r in strawberry?');
        await llm.generateResponse([
          { role: 'user', content: 'How many r in strawberry?' },
          ...first.messages,
          { role: 'user', content: 'And in raspberry?' },
        ]);
        const request = server().lastRequest;
        expect(converseBody(request).messages).toEqual([
          { role: 'user', content: [{ text: 'How many r in strawberry?' }] },
          {
            role: 'assistant',
            content: [
              {
                reasoningContent: {
                  reasoningText: { text: entry.expected_reasoning, signature },
                },
              },
              { text: entry.expected_text },
            ],
          },
          { role: 'user', content: [{ text: 'And in raspberry?' }] },
        ]);
        expect(request.body).toContain(`"signature":${JSON.stringify(signature)}`);
      });
    });

    describe('request: tools, toolChoice and parallelToolCalls', () => {
      it('tools go in toolConfig as toolSpecs (a description only when given); no toolChoice unless asked, no toolConfig without tools', async () => {
        server().enqueue(ok(), ok());
        await make().generate('hi', { tools: { weather, clock: { inputSchema: noInput } } });
        expect(converseBody(server().lastRequest).toolConfig).toEqual({
          tools: [
            {
              toolSpec: {
                name: 'weather',
                description: 'Current weather in a city',
                inputSchema: { json: weather.inputSchema },
              },
            },
            { toolSpec: { name: 'clock', inputSchema: { json: noInput } } },
          ],
        });
        await make().generate('hi');
        expect(converseBody(server().lastRequest)).not.toHaveProperty('toolConfig');
      });

      const toolTurns: Message[] = [
        { role: 'user', content: 'Weather in Oslo?' },
        {
          role: 'assistant',
          content: [
            { type: 'tool-call', id: 'tooluse_1', name: 'weather', input: { city: 'Oslo' } },
          ],
        },
        {
          role: 'tool',
          content: [{ type: 'tool-result', id: 'tooluse_1', name: 'weather', output: 'cold' }],
        },
      ];

      it("toolChoice 'none' sends no tools; with tool turns in the history it is a ConfigError before any request", async () => {
        server().enqueue(ok());
        await make().generate('hi', { tools: { weather }, toolChoice: 'none' });
        expect(converseBody(server().lastRequest)).not.toHaveProperty('toolConfig');

        const error = await failure(toolTurns, { tools: { weather }, toolChoice: 'none' });
        expect(error).toBeInstanceOf(ConfigError);
        expect(error).toMatchObject({ field: 'toolChoice' });
        expect(error.message).toMatch(/bedrock/);
        expect(error.message).toMatch(/'none'/);
        expect(server().requests).toHaveLength(1);
      });

      it('tool turns in the history without tools are a ConfigError naming the tools, before any request', async () => {
        const error = await failure(toolTurns, {});
        expect(error).toBeInstanceOf(ConfigError);
        expect(error).toMatchObject({ field: 'tools' });
        expect(error.message).toMatch(/bedrock.*requires the tools/);
        expect(server().requests).toHaveLength(0);
      });

      it('parallelToolCalls: false is a ConfigError naming bedrock and the option; true adds nothing to the body', async () => {
        const error = await failure('hi', { tools: { weather }, parallelToolCalls: false });
        expect(error).toBeInstanceOf(ConfigError);
        expect(error).toMatchObject({ field: 'parallelToolCalls' });
        expect(error.message).toMatch(/bedrock/);
        expect(error.message).toMatch(/parallelToolCalls/);
        expect(server().requests).toHaveLength(0);

        server().enqueue(ok());
        await make().generate('hi', { tools: { weather }, parallelToolCalls: true });
        const body = converseBody(server().lastRequest);
        expect(Object.keys(body).sort()).toEqual([
          'inferenceConfig',
          'messages',
          'system',
          'toolConfig',
        ]);
        expect(Object.keys(body.toolConfig ?? {})).toEqual(['tools']);
      });
    });

    describe('request: messages', () => {
      it('tool results: objects as json, other values as text, failures with status error; results and the next words share one user message', async () => {
        server().enqueue(ok());
        const call = (id: string, city: string) =>
          ({ type: 'tool-call', id, name: 'weather', input: { city } }) as const;
        await make().generateWithMessages(
          [
            { role: 'user', content: 'Weather in three cities?' },
            { role: 'assistant', content: 'Let me look.' },
            {
              role: 'assistant',
              content: [call('t_a', 'Oslo'), call('t_b', 'Rome'), call('t_c', 'Lima')],
            },
            {
              role: 'tool',
              content: [
                { type: 'tool-result', id: 't_a', name: 'weather', output: { celsius: -3 } },
                {
                  type: 'tool-result',
                  id: 't_b',
                  name: 'weather',
                  output: 'timeout',
                  isError: true,
                },
                { type: 'tool-result', id: 't_c', name: 'weather', output: [18, 'sunny'] },
              ],
            },
            { role: 'user', content: 'Which is warmest?' },
          ],
          { tools: { weather } },
        );
        const toolUse = (id: string, city: string) => ({
          toolUse: { toolUseId: id, name: 'weather', input: { city } },
        });
        expect(converseBody(server().lastRequest).messages).toEqual([
          { role: 'user', content: [{ text: 'Weather in three cities?' }] },
          {
            role: 'assistant',
            content: [
              { text: 'Let me look.' },
              toolUse('t_a', 'Oslo'),
              toolUse('t_b', 'Rome'),
              toolUse('t_c', 'Lima'),
            ],
          },
          {
            role: 'user',
            content: [
              { toolResult: { toolUseId: 't_a', content: [{ json: { celsius: -3 } }] } },
              {
                toolResult: { toolUseId: 't_b', content: [{ text: 'timeout' }], status: 'error' },
              },
              { toolResult: { toolUseId: 't_c', content: [{ text: '[18,"sunny"]' }] } },
              { text: 'Which is warmest?' },
            ],
          },
        ]);
      });

      it("only reasoning with Bedrock's own state is sent, before the toolUse; a message left empty is dropped and its neighbours merge", async () => {
        server().enqueue(ok());
        await make().generateWithMessages(
          [
            { role: 'user', content: 'Hi' },
            { role: 'assistant', content: [{ type: 'reasoning', text: 'Unsigned thoughts.' }] },
            { role: 'user', content: 'Weather in Oslo?' },
            {
              role: 'assistant',
              content: [
                { type: 'reasoning', text: 'Hand-written.' },
                {
                  type: 'reasoning',
                  text: 'From Anthropic.',
                  providerData: { anthropic: { signature: 'anthropic-sig' } },
                },
                {
                  type: 'reasoning',
                  text: 'From Bedrock.',
                  providerData: { bedrock: { signature: 'bedrock-sig' }, other: { x: 1 } },
                },
                { type: 'text', text: '' },
                { type: 'tool-call', id: 'tooluse_9', name: 'weather', input: { city: 'Oslo' } },
              ],
            },
            {
              role: 'tool',
              content: [{ type: 'tool-result', id: 'tooluse_9', name: 'weather', output: 'cold' }],
            },
          ],
          { tools: { weather } },
        );
        expect(converseBody(server().lastRequest).messages).toEqual([
          { role: 'user', content: [{ text: 'Hi' }, { text: 'Weather in Oslo?' }] },
          {
            role: 'assistant',
            content: [
              {
                reasoningContent: {
                  reasoningText: { text: 'From Bedrock.', signature: 'bedrock-sig' },
                },
              },
              { toolUse: { toolUseId: 'tooluse_9', name: 'weather', input: { city: 'Oslo' } } },
            ],
          },
          {
            role: 'user',
            content: [{ toolResult: { toolUseId: 'tooluse_9', content: [{ text: 'cold' }] } }],
          },
        ]);
      });
    });

    describe('stream', () => {
      const respond = (...frames: Uint8Array[]): ScriptedResponse => ({
        headers: EVENT_STREAM_HEADERS,
        body: [
          bedrockEvent('messageStart', { role: 'assistant' }),
          ...frames,
          ...bedrockEndFrames({ inputTokens: 5, outputTokens: 5 }, 'tool_use'),
        ],
      });
      const inputDelta = (index: number, input: string): Uint8Array =>
        bedrockEvent('contentBlockDelta', {
          contentBlockIndex: index,
          delta: { toolUse: { input } },
        });
      const start = (index: number, toolUseId: string): Uint8Array =>
        bedrockEvent('contentBlockStart', {
          contentBlockIndex: index,
          start: { toolUse: { toolUseId, name: 'weather' } },
        });
      const stop = (index: number): Uint8Array =>
        bedrockEvent('contentBlockStop', { contentBlockIndex: index });

      it('input pieces are joined per contentBlockIndex, even when two blocks interleave', async () => {
        server().enqueue(
          respond(
            start(0, 'tooluse_a'),
            start(1, 'tooluse_b'),
            inputDelta(1, '{"city":'),
            inputDelta(0, '{"city":'),
            inputDelta(0, '"Oslo"}'),
            inputDelta(1, '"Rome"}'),
            stop(1),
            stop(0),
          ),
        );
        const response = await make().generateResponse('Two cities', { tools: { weather } });
        // Calls and message parts both keep the order in which the calls started.
        expect(response.toolCalls).toEqual([
          { id: 'tooluse_a', name: 'weather', input: { city: 'Oslo' } },
          { id: 'tooluse_b', name: 'weather', input: { city: 'Rome' } },
        ]);
        expect(response.messages[0]?.content).toEqual([
          { type: 'tool-call', id: 'tooluse_a', name: 'weather', input: { city: 'Oslo' } },
          { type: 'tool-call', id: 'tooluse_b', name: 'weather', input: { city: 'Rome' } },
        ]);
      });

      it('a text block opened by an empty contentBlockStart is answer text, not a call', async () => {
        server().enqueue(
          respond(
            bedrockEvent('contentBlockStart', { contentBlockIndex: 0, start: {} }),
            bedrockEvent('contentBlockDelta', {
              contentBlockIndex: 0,
              delta: { text: 'Checking.' },
            }),
            stop(0),
            ...bedrockToolUseFrames(1, {
              toolUseId: 'tooluse_t',
              name: 'weather',
              input: { city: 'Oslo' },
            }),
          ),
        );
        const response = await make().generateResponse('Oslo?', { tools: { weather } });
        expect(response.text).toBe('Checking.');
        expect(response.finishReason).toBe('tool-calls');
        expect(response.providerFinishReason).toBe('tool_use');
        expect(response.messages[0]?.content).toEqual([
          { type: 'text', text: 'Checking.' },
          { type: 'tool-call', id: 'tooluse_t', name: 'weather', input: { city: 'Oslo' } },
        ]);
      });

      it('two thinking blocks stay two reasoning parts, each with its own signature, and go back as two blocks', async () => {
        const thinkingThenCall = (): ScriptedResponse =>
          respond(
            ...bedrockReasoningFrames(0, { text: ['First ', 'thought.'], signature: 'sig-one' }),
            ...bedrockReasoningFrames(1, { text: ['Second thought.'], signature: 'sig-two' }),
            ...bedrockToolUseFrames(2, {
              toolUseId: 'tooluse_r',
              name: 'weather',
              input: { city: 'Oslo' },
            }),
          );
        server().enqueue(thinkingThenCall(), thinkingThenCall(), ok());
        const llm = make();
        const seen: string[] = [];
        for await (const event of llm.streamEvents('Oslo?', { tools: { weather } })) {
          if (event.type === 'reasoning' || event.type === 'text') {
            seen.push(`${event.type}:${event.text}`);
          }
        }
        expect(seen).toEqual([
          'reasoning:First ',
          'reasoning:thought.',
          'reasoning:Second thought.',
        ]);

        const first = await llm.generateResponse('Oslo?', { tools: { weather } });
        expect(first.reasoning).toBe('First thought.Second thought.');
        expect(first.messages[0]?.content).toEqual([
          {
            type: 'reasoning',
            text: 'First thought.',
            providerData: { bedrock: { signature: 'sig-one' } },
          },
          {
            type: 'reasoning',
            text: 'Second thought.',
            providerData: { bedrock: { signature: 'sig-two' } },
          },
          { type: 'tool-call', id: 'tooluse_r', name: 'weather', input: { city: 'Oslo' } },
        ]);
        await llm.generateResponse(
          [
            { role: 'user', content: 'Oslo?' },
            ...first.messages,
            {
              role: 'tool',
              content: [{ type: 'tool-result', id: 'tooluse_r', name: 'weather', output: 'cold' }],
            },
          ],
          { tools: { weather } },
        );
        expect(converseBody(server().lastRequest).messages[1]?.content).toEqual([
          { reasoningContent: { reasoningText: { text: 'First thought.', signature: 'sig-one' } } },
          {
            reasoningContent: { reasoningText: { text: 'Second thought.', signature: 'sig-two' } },
          },
          { toolUse: { toolUseId: 'tooluse_r', name: 'weather', input: { city: 'Oslo' } } },
        ]);
      });

      it('tool input that is not valid JSON at its contentBlockStop is a retryable error, and the retry answers', async () => {
        const corrupt = (): ScriptedResponse =>
          respond(start(0, 'tooluse_x'), inputDelta(0, '{"city":"Os'), stop(0));
        const good = respond(
          ...bedrockToolUseFrames(0, {
            toolUseId: 'tooluse_y',
            name: 'weather',
            input: { city: 'Oslo' },
          }),
        );
        server().enqueue(corrupt(), good);
        const response = await make({ maxRetries: 1, retryDelay: 0.01 }).generateResponse('Oslo?', {
          tools: { weather },
        });
        expect(response.toolCalls).toEqual([
          { id: 'tooluse_y', name: 'weather', input: { city: 'Oslo' } },
        ]);
        expect(server().requests).toHaveLength(2);

        server().enqueue(corrupt());
        const error = await make({ maxRetries: 0 })
          .generateResponse('Oslo?', { tools: { weather } })
          .catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(ProviderError);
        expect(error).toMatchObject({ retryable: true });
        expect((error as Error).message).toMatch(/tooluse_x.*not valid JSON/);
      });
    });
  });
});
