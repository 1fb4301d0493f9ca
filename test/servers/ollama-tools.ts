import { expect } from 'vitest';
import { OllamaLLM } from '../../src/index.js';
import { functionToolsByName } from './openai-chat-tools.js';
import type { ToolConformanceTarget } from '../conformance-tools.js';
import { ollamaStream, ollamaToolCall } from './ollama.js';
import type { RecordedRequest } from './replay-server.js';

type Body = { messages: Array<Record<string, unknown>>; [field: string]: unknown };

/** An Ollama call id as newer servers make them (`call_` + 8 lowercase letters and digits). */
export const OLLAMA_CALL_ID = 'call_7fk2m9qz';

const REASONING = 'The user wants the weather; call the tool.';

/**
 * Ollama's `/api/chat` as the tool suite drives it. `sendsIds` picks the server generation:
 * newer servers give each call an id (kept, and sent back with its result as `tool_call_id`),
 * older ones and the docs' examples none (a made-up id that never goes back to Ollama).
 */
export function ollamaToolTarget(model: string, sendsIds: boolean): ToolConformanceTarget {
  const wireCall = (call: { id: string; name: string; input: object }, index: number): object =>
    ollamaToolCall(call.name, { ...call.input }, { index, ...(sendsIds ? { id: call.id } : {}) });
  return {
    name: `OllamaLLM (${sendsIds ? 'calls with ids' : 'calls without ids'})`,
    create: (server, options) => new OllamaLLM({ model, baseUrl: server.url, ...options }),
    toolCalls: (calls, options = {}) =>
      ollamaStream(options.text ? [options.text] : [], {
        model,
        toolCalls: calls.map(wireCall),
        usage: options.usage ?? { input: 10, output: 5 },
      }),
    text: (pieces, usage) => ollamaStream(pieces, { model, usage }),
    sendsIds,
    requestTools: functionToolsByName,
    // Ollama has no tool_choice field: 'auto' sends the tools as usual, 'none' sends none.
    expectToolChoice: (request, choice) => {
      const body = request.json as Body;
      expect(body).not.toHaveProperty('tool_choice');
      if (choice === 'none') expect(body).not.toHaveProperty('tools');
      else expect((body.tools as unknown[]).length).toBe(2);
    },
    refusedChoices: ['required', { tool: 'weather' }],
    expectRoundTrip: (request, call, result) => {
      const messages = (request.json as Body).messages;
      expect(messages.at(-2)).toEqual({
        role: 'assistant',
        content: '',
        tool_calls: [
          {
            ...(sendsIds ? { id: call.id } : {}),
            function: { name: call.name, arguments: call.input },
          },
        ],
      });
      // No error flag on Ollama: a failed tool's output says so in words.
      expect(messages.at(-1)).toEqual({
        role: 'tool',
        content: typeof result.output === 'string' ? result.output : JSON.stringify(result.output),
        tool_name: call.name,
        ...(sendsIds ? { tool_call_id: call.id } : {}),
      });
      if (!sendsIds) expect(request.body).not.toContain(call.id);
    },
    opaqueState: {
      response: () =>
        ollamaStream([], {
          model,
          thinking: [REASONING],
          toolCalls: [
            ollamaToolCall('weather', { city: 'Paris' }, sendsIds ? { id: OLLAMA_CALL_ID } : {}),
          ],
          usage: { input: 12, output: 30 },
        }),
      expectEchoed: (request: RecordedRequest) => {
        const messages = (request.json as Body).messages;
        expect(messages.slice(-2)).toEqual([
          {
            role: 'assistant',
            content: '',
            thinking: REASONING,
            tool_calls: [
              {
                ...(sendsIds ? { id: OLLAMA_CALL_ID } : {}),
                function: { name: 'weather', arguments: { city: 'Paris' } },
              },
            ],
          },
          {
            role: 'tool',
            content: 'ok',
            tool_name: 'weather',
            ...(sendsIds ? { tool_call_id: OLLAMA_CALL_ID } : {}),
          },
        ]);
        // The id goes back byte for byte, or (made up) not at all.
        if (sendsIds) expect(request.body).toContain(`"id":"${OLLAMA_CALL_ID}"`);
        else expect(request.body).not.toMatch(/"(id|tool_call_id)":/);
      },
    },
  };
}
