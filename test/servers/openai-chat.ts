import { OpenAILLM, type LLMConfigOptions } from '../../src/index.js';
import type { ReplayServer, ScriptedResponse } from './replay-server.js';
import { sseEvent } from './sse.js';

export interface OpenAIStreamOptions {
  model?: string;
  usage?: { prompt_tokens: number; completion_tokens: number; [key: string]: unknown };
  /** Where usage goes: a separate `choices: []` chunk (OpenAI, OpenRouter), the finish chunk, or Groq's x_groq. */
  usageIn?: 'separate-chunk' | 'finish-chunk' | 'x_groq' | 'every-chunk';
  finishReason?: string;
  /** Send `data: [DONE]` at the end (default true). */
  done?: boolean;
  /** Perplexity-style final object name. */
  finalObject?: string;
}

/** The chunk objects an OpenAI-compatible server streams for `pieces`. */
export function openAIChunks(pieces: string[], options: OpenAIStreamOptions = {}): object[] {
  const model = options.model ?? 'gpt-4o-mini-2024-07-18';
  const base = { id: 'chatcmpl-test', object: 'chat.completion.chunk', created: 1770000000, model };
  const usageIn = options.usageIn ?? 'separate-chunk';
  const every = usageIn === 'every-chunk' && options.usage ? { usage: options.usage } : {};
  const chunks: object[] = [
    {
      ...base,
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
      ...every,
    },
    ...pieces.map((content) => ({
      ...base,
      choices: [{ index: 0, delta: { content }, logprobs: null, finish_reason: null }],
      ...(usageIn === 'every-chunk' ? every : { usage: null }),
    })),
  ];
  const finish: Record<string, unknown> = {
    ...base,
    ...(options.finalObject ? { object: options.finalObject } : {}),
    choices: [
      { index: 0, delta: {}, logprobs: null, finish_reason: options.finishReason ?? 'stop' },
    ],
    ...every,
  };
  if (options.usage && usageIn === 'finish-chunk') finish.usage = options.usage;
  if (options.usage && usageIn === 'x_groq') {
    finish.x_groq = { id: 'req_test', usage: options.usage };
  }
  chunks.push(finish);
  if (options.usage && usageIn === 'separate-chunk')
    chunks.push({ ...base, choices: [], usage: options.usage });
  return chunks;
}

/** SSE events (one per array element, so each is its own write) for chunk objects. */
export function openAISse(chunks: object[], options: { done?: boolean } = {}): string[] {
  const events = chunks.map((chunk) => sseEvent(JSON.stringify(chunk)));
  if (options.done ?? true) events.push(sseEvent('[DONE]'));
  return events;
}

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
};

/** A 200 SSE response streaming `pieces`. */
export function openAIStream(
  pieces: string[],
  options: OpenAIStreamOptions = {},
): ScriptedResponse {
  return {
    headers: { ...SSE_HEADERS, 'x-request-id': 'req_stream' },
    body: openAISse(openAIChunks(pieces, options), { done: options.done ?? true }),
  };
}

/** A JSON error response in the OpenAI family's `{"error":{...}}` shape. */
export function openAIError(
  status: number,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): ScriptedResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-request-id': 'req_error', ...headers },
    body: JSON.stringify({
      error: { message, type: 'invalid_request_error', param: null, code: null, ...extra },
    }),
  };
}

/** A tool call as the OpenAI-style servers stream it. */
export interface OpenAIToolCallScript {
  id: string;
  name: string;
  input: Record<string, unknown>;
}

/**
 * The chunks of a tool-calling answer: optional text, then each call either as OpenAI streams it
 * (`fragments`: id, type and name with `arguments: ""`, then the JSON in three pieces by index;
 * no arguments at all for `{}`), or `whole` in one chunk (Groq, Cerebras, xAI: `"{}"` when empty;
 * Mistral leaves out `index` and `type`). The finish chunk says `tool_calls` and carries usage.
 */
export function openAIToolCallChunks(
  calls: OpenAIToolCallScript[],
  options: {
    style: 'fragments' | 'whole' | 'whole-no-index';
    text?: string;
    usage?: { prompt_tokens: number; completion_tokens: number };
    model?: string;
  },
): object[] {
  const base = {
    id: 'chatcmpl-tools',
    object: 'chat.completion.chunk',
    created: 1770000000,
    model: options.model ?? 'gpt-4o-mini-2024-07-18',
  };
  const delta = (value: object): object => ({
    ...base,
    choices: [{ index: 0, delta: value, logprobs: null, finish_reason: null }],
  });
  const chunks: object[] = [delta({ role: 'assistant', content: options.text ? '' : null })];
  if (options.text) chunks.push(delta({ content: options.text }));
  calls.forEach((call, index) => {
    const args = Object.keys(call.input).length === 0 ? '' : JSON.stringify(call.input);
    if (options.style === 'fragments') {
      chunks.push(
        delta({
          tool_calls: [
            { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } },
          ],
        }),
      );
      const third = Math.ceil(args.length / 3);
      for (let start = 0; start < args.length; start += third) {
        chunks.push(
          delta({
            tool_calls: [{ index, function: { arguments: args.slice(start, start + third) } }],
          }),
        );
      }
    } else {
      const whole = { id: call.id, function: { name: call.name, arguments: args || '{}' } };
      chunks.push(
        delta({
          content: null,
          tool_calls: [options.style === 'whole' ? { index, ...whole, type: 'function' } : whole],
        }),
      );
    }
  });
  chunks.push({
    ...base,
    choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'tool_calls' }],
    ...(options.usage ? { usage: options.usage } : {}),
  });
  return chunks;
}

/** An OpenAILLM (gpt-4o-mini) against `server`, whose `/v1` stands in for api.openai.com/v1. */
export function openAIAgainst(
  server: ReplayServer,
  options: Partial<LLMConfigOptions> = {},
): OpenAILLM {
  return new OpenAILLM({
    model: 'gpt-4o-mini',
    apiKey: 'sk-test',
    baseUrl: `${server.url}/v1`,
    ...options,
  });
}
