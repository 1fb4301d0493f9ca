import { expect } from 'vitest';
import { BedrockLLM, type ToolChoice } from '../../src/index.js';
import type { ToolConformanceTarget } from '../conformance-tools.js';
import {
  EVENT_STREAM_HEADERS,
  bedrockEndFrames,
  bedrockEvent,
  bedrockReasoningFrames,
  bedrockStreamFrames,
  bedrockToolUseFrames,
} from './bedrock.js';
import type { RecordedRequest } from './replay-server.js';

/** A Converse request body as the tests read it. */
export interface ConverseBody {
  messages: Array<{ role: string; content: Array<Record<string, unknown>> }>;
  toolConfig?: {
    tools: Array<{
      toolSpec: { name: string; description?: string; inputSchema: { json: unknown } };
    }>;
    toolChoice?: unknown;
  };
  [field: string]: unknown;
}

/** The body of a recorded Converse request. */
export function converseBody(request: RecordedRequest): ConverseBody {
  return request.json as ConverseBody;
}

export const BEDROCK_TOOLS_MODEL = 'anthropic.claude-sonnet-4-5-20250929-v1:0';

/** An opaque Claude thinking signature (base64, with the `+` and `/` that must survive). */
export const THINKING_SIGNATURE =
  'EqQBCkgIBxABGAIqQH+0n2/7YcZp3oJXkq9+Vw0q0XWm4bq/5xQ+Zk0aHn8pQ1Yv3y7uO1m5mYb0b1c3x9YtLz2q0pPz==';
/** An opaque redacted-reasoning blob (base64). */
export const REDACTED_CONTENT = 'cnNuX3JlZGFjdGVkLXRoaW5raW5nLWJsb2ItMDAwMS8rPQ==';

/** The Converse wire of tools, as the shared tool suite drives it (Bedrock API key auth). */
export const bedrockToolTarget: ToolConformanceTarget = {
  name: 'BedrockLLM',
  create: (server, options) =>
    new BedrockLLM({ model: BEDROCK_TOOLS_MODEL, baseUrl: server.url, ...options }),
  toolCalls: (calls, options = {}) => {
    const usage = options.usage ?? { input: 10, output: 5 };
    const frames = [bedrockEvent('messageStart', { role: 'assistant' })];
    let index = 0;
    if (options.text) {
      // A text block has no contentBlockStart: its first delta opens it.
      frames.push(
        bedrockEvent('contentBlockDelta', {
          contentBlockIndex: index,
          delta: { text: options.text },
        }),
        bedrockEvent('contentBlockStop', { contentBlockIndex: index }),
      );
      index++;
    }
    for (const call of calls) {
      frames.push(...bedrockToolUseFrames(index++, { ...call, toolUseId: call.id }));
    }
    frames.push(
      ...bedrockEndFrames({ inputTokens: usage.input, outputTokens: usage.output }, 'tool_use'),
    );
    return { headers: EVENT_STREAM_HEADERS, body: frames };
  },
  text: (pieces, usage) => ({
    headers: EVENT_STREAM_HEADERS,
    body: bedrockStreamFrames(pieces, { inputTokens: usage.input, outputTokens: usage.output }),
  }),
  sendsIds: true,
  requestTools: (request) => {
    const tools = converseBody(request).toolConfig?.tools ?? [];
    return Object.fromEntries(
      tools.map(({ toolSpec }) => [toolSpec.name, toolSpec.inputSchema.json]),
    );
  },
  expectToolChoice: (request: RecordedRequest, choice: ToolChoice) => {
    const toolConfig = converseBody(request).toolConfig;
    // Converse has no 'none': the model is sent no tools at all.
    if (choice === 'none') {
      expect(toolConfig).toBeUndefined();
      return;
    }
    const expected =
      choice === 'auto'
        ? { auto: {} }
        : choice === 'required'
          ? { any: {} }
          : { tool: { name: choice.tool } };
    expect(toolConfig?.toolChoice).toEqual(expected);
  },
  expectRoundTrip: (request, call, result) => {
    const body = converseBody(request);
    expect(body.toolConfig?.tools.length).toBeGreaterThan(0);
    expect(body.messages.at(-2)).toEqual({
      role: 'assistant',
      content: [{ toolUse: { toolUseId: call.id, name: call.name, input: call.input } }],
    });
    const item =
      typeof result.output === 'string' ? { text: result.output } : { json: result.output };
    expect(body.messages.at(-1)).toEqual({
      role: 'user',
      content: [
        {
          toolResult: {
            toolUseId: call.id,
            content: [item],
            ...(result.isError ? { status: 'error' } : {}),
          },
        },
      ],
    });
  },
  opaqueState: {
    // A signed thinking block, a redacted one, then the call they led to.
    response: () => ({
      headers: EVENT_STREAM_HEADERS,
      body: [
        bedrockEvent('messageStart', { role: 'assistant' }),
        ...bedrockReasoningFrames(0, {
          text: ['The user wants ', 'the weather.'],
          signature: THINKING_SIGNATURE,
        }),
        ...bedrockReasoningFrames(1, { redactedContent: REDACTED_CONTENT }),
        ...bedrockToolUseFrames(2, {
          toolUseId: 'tooluse_opaque1',
          name: 'weather',
          input: { city: 'Paris' },
        }),
        ...bedrockEndFrames({ inputTokens: 12, outputTokens: 30 }, 'tool_use'),
      ],
    }),
    expectEchoed: (request) => {
      expect(converseBody(request).messages[1]).toEqual({
        role: 'assistant',
        content: [
          {
            reasoningContent: {
              reasoningText: { text: 'The user wants the weather.', signature: THINKING_SIGNATURE },
            },
          },
          { reasoningContent: { redactedContent: REDACTED_CONTENT } },
          { toolUse: { toolUseId: 'tooluse_opaque1', name: 'weather', input: { city: 'Paris' } } },
        ],
      });
      // The raw bytes, not only the parsed value: nothing re-encoded on the way.
      expect(request.body).toContain(`"signature":${JSON.stringify(THINKING_SIGNATURE)}`);
      expect(request.body).toContain(`"redactedContent":${JSON.stringify(REDACTED_CONTENT)}`);
    },
  },
};
