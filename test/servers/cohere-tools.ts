import { expect } from 'vitest';
import type { ToolCall, ToolChoice } from '../../src/index.js';
import { functionToolsByName } from './openai-chat-tools.js';
import type { ToolConformanceTarget } from '../conformance-tools.js';
import {
  COHERE_DEFAULT_TOOL_PLAN,
  COHERE_SSE_HEADERS,
  cohereSse,
  cohereStream,
  cohereToolCallEvents,
  type CohereUsageCounts,
} from './cohere.js';
import type { RecordedRequest } from './replay-server.js';

type Body = { messages: Array<Record<string, unknown>>; [field: string]: unknown };

/** A plan and a thinking block with bytes that must survive the round trip exactly. */
export const OPAQUE_TOOL_PLAN = ['I’ll check “Paris” — ', 'then\nanswer 🌦️ in °C.  '];
export const OPAQUE_THINKING = ['The user wants ', 'the weather: a tool call.'];

const counts = (usage: { input: number; output: number }): CohereUsageCounts => ({
  input_tokens: usage.input,
  output_tokens: usage.output,
});

/** The assistant call as Chat v2 takes it back: arguments as a JSON string. */
export function wireToolCall(call: Pick<ToolCall, 'id' | 'name' | 'input'>): object {
  return {
    id: call.id,
    type: 'function',
    function: { name: call.name, arguments: JSON.stringify(call.input) },
  };
}

/** The Chat v2 wire of tools, as the tool suite drives it. */
export function cohereToolTarget(create: ToolConformanceTarget['create']): ToolConformanceTarget {
  return {
    name: 'CohereLLM',
    create,
    toolCalls: (calls, options = {}) => ({
      headers: COHERE_SSE_HEADERS,
      body: cohereSse(
        cohereToolCallEvents(calls, {
          ...(options.text ? { text: options.text } : {}),
          usage: counts(options.usage ?? { input: 10, output: 5 }),
        }),
      ),
    }),
    text: (pieces, usage) => cohereStream(pieces, { usage: counts(usage) }),
    sendsIds: true,
    requestTools: functionToolsByName,
    // No choice is refused: a named tool is sent alone with REQUIRED.
    expectToolChoice: (request: RecordedRequest, choice: ToolChoice) => {
      const body = request.json as Body;
      const names = (body.tools as Array<{ function: { name: string } }>).map(
        (tool) => tool.function.name,
      );
      if (typeof choice === 'object') {
        expect(names).toEqual([choice.tool]);
        expect(body.tool_choice).toBe('REQUIRED');
        return;
      }
      expect(names).toEqual(['weather', 'other']);
      if (choice === 'auto') expect(body).not.toHaveProperty('tool_choice');
      else expect(body.tool_choice).toBe(choice.toUpperCase());
    },
    expectRoundTrip: (request, call, result) => {
      const messages = (request.json as Body).messages;
      expect(messages.at(-2)).toEqual({
        role: 'assistant',
        tool_plan: COHERE_DEFAULT_TOOL_PLAN.join(''),
        tool_calls: [wireToolCall(call)],
      });
      const output =
        typeof result.output === 'string' ? result.output : JSON.stringify(result.output);
      expect(messages.at(-1)).toEqual({
        role: 'tool',
        tool_call_id: call.id,
        // No error flag in Chat v2: a failure is the JSON object {"error": output}.
        content: result.isError ? JSON.stringify({ error: result.output }) : output,
      });
    },
    opaqueState: {
      response: () => ({
        headers: COHERE_SSE_HEADERS,
        body: cohereSse(
          cohereToolCallEvents(
            [{ id: 'weather_q8x1', name: 'weather', input: { city: 'Paris' } }],
            {
              thinking: OPAQUE_THINKING,
              toolPlan: OPAQUE_TOOL_PLAN,
            },
          ),
        ),
      }),
      expectEchoed: (request) => {
        const assistant = (request.json as Body).messages.find(
          (message) => message.role === 'assistant',
        );
        expect(assistant).toEqual({
          role: 'assistant',
          tool_plan: OPAQUE_TOOL_PLAN.join(''),
          tool_calls: [
            wireToolCall({ id: 'weather_q8x1', name: 'weather', input: { city: 'Paris' } }),
          ],
          content: [{ type: 'thinking', thinking: OPAQUE_THINKING.join('') }],
        });
      },
    },
  };
}
