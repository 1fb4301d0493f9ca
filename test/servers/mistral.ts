import { openAISse, SSE_HEADERS } from './openai-chat.js';
import type { ScriptedResponse } from './replay-server.js';

export { SSE_HEADERS };

export interface MistralStreamOptions {
  model?: string;
  usage?: { input: number; output: number };
  /** Add the finish chunk with this reason (without it the chunks stop after the last piece). */
  finishReason?: string;
}

/**
 * The chunk objects Mistral streams for `pieces`, key order as recorded from the live API
 * (recordings/mistral): `finish_reason` before `logprobs`, no `usage: null` on ordinary chunks,
 * and usage (prompt, total, completion) on the finish chunk, whose content is ''.
 */
export function mistralChunks(pieces: string[], options: MistralStreamOptions = {}): object[] {
  const base = {
    id: '5319bd0299614c679a0068a4f2c8ffd0',
    object: 'chat.completion.chunk',
    created: 1769088720,
    model: options.model ?? 'mistral-small-latest',
  };
  const chunk = (delta: object, finishReason: string | null): Record<string, unknown> => ({
    ...base,
    choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
  });
  const chunks = [
    chunk({ role: 'assistant', content: '' }, null),
    ...pieces.map((content) => chunk({ content }, null)),
  ];
  if (options.finishReason === undefined) return chunks;
  const finish: Record<string, unknown> = chunk({ content: '' }, options.finishReason);
  if (options.usage) {
    const { input, output } = options.usage;
    finish.usage = {
      prompt_tokens: input,
      total_tokens: input + output,
      completion_tokens: output,
    };
  }
  chunks.push(finish);
  return chunks;
}

/** A complete 200 stream: the chunks, each its own write, then `data: [DONE]`. */
export function mistralStream(
  pieces: string[],
  options: MistralStreamOptions = {},
): ScriptedResponse {
  return {
    headers: SSE_HEADERS,
    body: openAISse(mistralChunks(pieces, { finishReason: 'stop', ...options })),
  };
}

/** Mistral's error body: `{"object":"error","message","type","param","code"}`. */
export function mistralError(
  status: number,
  message: string,
  fields: { type?: string; code?: string | null } = {},
): ScriptedResponse {
  return mistralErrorBody(status, {
    object: 'error',
    message,
    type: fields.type ?? (status === 429 ? 'rate_limited' : 'invalid_request_error'),
    param: null,
    code: fields.code ?? (status === 429 ? '1300' : null),
  });
}

/** Any JSON error body (the older `{"message"}` 429, the 422 `{"detail":[...]}`...). */
export function mistralErrorBody(status: number, body: object): ScriptedResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-kong-request-id': 'req_mistral' },
    body: JSON.stringify(body),
  };
}
