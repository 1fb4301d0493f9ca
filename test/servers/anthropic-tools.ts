import { expect } from 'vitest';
import type { ToolChoice } from '../../src/index.js';
import type { ToolConformanceTarget } from '../conformance-tools.js';
import {
  ANTHROPIC_SSE_HEADERS,
  anthropicMessageEvents,
  anthropicSse,
  anthropicStream,
  jsonPieces,
  type AnthropicBlockScript,
} from './anthropic.js';
import type { RecordedRequest, ScriptedResponse } from './replay-server.js';

/** A Messages API request body, as the tests read it. */
export type MessagesBody = {
  messages: Array<{ role: string; content: unknown }>;
  [field: string]: unknown;
};

/** A real signature (from the recorded clear-thinking stream): `+`, `/` and `=` included. */
export const SIGNATURE =
  'EvQBCkYICxgCKkAxhD4NUKFzudtZ6NzbZdEiBACIScTzqjPViM596iWLZIk4EFKYYBj3B6Ptl3b0dcQv/VeJBNbejNWIWRBn+KPNEgz6HWtKx7p+QRgKsEoaDGjsiqfht7gTRFYHiyIw==';

/** Encrypted redacted-thinking data, opaque to us. */
export const REDACTED_DATA =
  'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB5URj/w+u0sDTfUE=';

/** A streamed answer of `blocks` that stops for tool use. */
export function anthropicToolStream(
  blocks: AnthropicBlockScript[],
  usage = { input: 10, output: 5 },
  stopReason = 'tool_use',
): ScriptedResponse {
  return {
    headers: ANTHROPIC_SSE_HEADERS,
    body: anthropicSse(
      anthropicMessageEvents(blocks, {
        stopReason,
        usage: { input_tokens: usage.input, output_tokens: usage.output },
      }),
    ),
  };
}

/** The Messages API wire of tools, as the tool conformance suite drives it. */
export function anthropicToolTarget(
  create: ToolConformanceTarget['create'],
): ToolConformanceTarget {
  return {
    name: 'AnthropicLLM',
    create,
    toolCalls: (calls, options = {}) =>
      anthropicToolStream(
        [
          ...(options.text ? [{ type: 'text' as const, pieces: [options.text] }] : []),
          ...calls.map((call) => ({
            type: 'tool_use' as const,
            id: call.id,
            name: call.name,
            inputPieces: jsonPieces(call.input),
          })),
        ],
        options.usage,
      ),
    text: (pieces, counts) =>
      anthropicStream(pieces, {
        usage: { input_tokens: counts.input, output_tokens: counts.output },
      }),
    sendsIds: true,
    requestTools: (request) => {
      const tools = (request.json as MessagesBody).tools as Array<Record<string, unknown>>;
      for (const tool of tools) {
        expect(Object.keys(tool).sort()).toEqual(
          tool.description === undefined
            ? ['input_schema', 'name']
            : ['description', 'input_schema', 'name'],
        );
      }
      return Object.fromEntries(tools.map((tool) => [tool.name, tool.input_schema]));
    },
    expectToolChoice: (request: RecordedRequest, choice: ToolChoice) => {
      const wire = {
        auto: { type: 'auto' },
        none: { type: 'none' },
        required: { type: 'any' },
      };
      expect((request.json as MessagesBody).tool_choice).toEqual(
        typeof choice === 'string' ? wire[choice] : { type: 'tool', name: choice.tool },
      );
    },
    expectRoundTrip: (request, call, result) => {
      const messages = (request.json as MessagesBody).messages;
      expect(messages.at(-2)).toEqual({
        role: 'assistant',
        content: [{ type: 'tool_use', id: call.id, name: call.name, input: call.input }],
      });
      expect(messages.at(-1)).toEqual({
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: call.id,
            content:
              typeof result.output === 'string' ? result.output : JSON.stringify(result.output),
            is_error: result.isError,
          },
        ],
      });
    },
    opaqueState: {
      // Thinking with its signature, a redacted block, then the call: all three come back.
      response: () =>
        anthropicToolStream([
          { type: 'thinking', pieces: ['The user wants', ' the weather.'], signature: SIGNATURE },
          { type: 'redacted_thinking', data: REDACTED_DATA },
          {
            type: 'tool_use',
            id: 'toolu_01Opaque',
            name: 'weather',
            inputPieces: jsonPieces({ city: 'Paris' }),
          },
        ]),
      expectEchoed: (request) => {
        const messages = (request.json as MessagesBody).messages;
        expect(messages[1]).toEqual({
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'The user wants the weather.', signature: SIGNATURE },
            { type: 'redacted_thinking', data: REDACTED_DATA },
            { type: 'tool_use', id: 'toolu_01Opaque', name: 'weather', input: { city: 'Paris' } },
          ],
        });
        // The raw bytes too: the opaque strings must not be re-encoded in any way.
        expect(request.body).toContain(`"signature":"${SIGNATURE}"`);
        expect(request.body).toContain(`"data":"${REDACTED_DATA}"`);
      },
    },
  };
}
