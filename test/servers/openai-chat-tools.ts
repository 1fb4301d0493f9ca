import { expect } from 'vitest';
import type { ToolChoice } from '../../src/index.js';
import type { ToolConformanceTarget } from '../conformance-tools.js';
import { openAIChunks, openAISse, openAIToolCallChunks, SSE_HEADERS } from './openai-chat.js';
import type { RecordedRequest } from './replay-server.js';

type Body = { messages: Array<Record<string, unknown>>; [field: string]: unknown };

/** A Chat Completions server as the tool suite drives it. */
export interface ChatToolServer {
  name: string;
  model: string;
  /** How its tool calls stream (see openAIToolCallChunks). */
  style: 'fragments' | 'whole' | 'whole-no-index';
  create: ToolConformanceTarget['create'];
  /** Tool result messages carry the tool's name too (Mistral). */
  toolResultName?: boolean;
}

/** The Chat Completions wire of tools, shared by every vendor with tools (and Mistral). */
export function chatToolTarget(vendor: ChatToolServer): ToolConformanceTarget {
  const style = vendor.style;
  const usage = (counts: { input: number; output: number }) => ({
    prompt_tokens: counts.input,
    completion_tokens: counts.output,
    total_tokens: counts.input + counts.output,
  });
  return {
    name: vendor.name,
    create: vendor.create,
    toolCalls: (calls, options = {}) => ({
      headers: SSE_HEADERS,
      body: openAISse(
        openAIToolCallChunks(calls, {
          style,
          model: vendor.model,
          ...(options.text ? { text: options.text } : {}),
          usage: usage(options.usage ?? { input: 10, output: 5 }),
        }),
      ),
    }),
    text: (pieces, counts) => ({
      headers: SSE_HEADERS,
      body: openAISse(
        openAIChunks(pieces, {
          model: vendor.model,
          usageIn: 'finish-chunk',
          usage: usage(counts),
        }),
      ),
    }),
    sendsIds: true,
    requestTools: functionToolsByName,
    expectToolChoice: (request: RecordedRequest, choice: ToolChoice) => {
      const sent = (request.json as Body).tool_choice;
      if (typeof choice === 'string') expect(sent).toBe(choice);
      else expect(sent).toEqual({ type: 'function', function: { name: choice.tool } });
    },
    expectRoundTrip: (request, call, result) => {
      const messages = (request.json as Body).messages;
      const assistant = messages.at(-2);
      expect(assistant).toMatchObject({
        role: 'assistant',
        tool_calls: [
          {
            id: call.id,
            type: 'function',
            function: { name: call.name, arguments: JSON.stringify(call.input) },
          },
        ],
      });
      const expectedContent =
        typeof result.output === 'string' ? result.output : JSON.stringify(result.output);
      expect(messages.at(-1)).toEqual({
        role: 'tool',
        tool_call_id: call.id,
        content: expectedContent,
        ...(vendor.toolResultName ? { name: call.name } : {}),
      });
    },
  };
}

/** The tools of a request in the OpenAI function shape (Chat Completions, Cohere, Ollama), by name. */
export function functionToolsByName(request: RecordedRequest): Record<string, unknown> {
  const tools = (
    request.json as {
      tools: Array<{ type: string; function: { name: string; parameters: unknown } }>;
    }
  ).tools;
  expect(tools.every((tool) => tool.type === 'function')).toBe(true);
  return Object.fromEntries(tools.map((tool) => [tool.function.name, tool.function.parameters]));
}
