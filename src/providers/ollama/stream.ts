import { ProviderError } from '../../errors.js';
import type { StreamPart } from '../../llm/spec.js';
import { ollamaFinishReason } from './finish-reason.js';
import type { HttpClient } from '../../transport/http.js';
import { usageFromOllama } from './usage.js';

interface OllamaLine {
  /** Go leaves `thinking` and `tool_calls` out when empty, so a text line has neither. */
  message?: { content?: unknown; thinking?: unknown; tool_calls?: unknown } | null;
  done?: unknown;
  done_reason?: unknown;
  /** The model that answered, on every line. */
  model?: unknown;
  prompt_eval_count?: unknown;
  eval_count?: unknown;
  error?: unknown;
}

/** One item of `message.tool_calls` (Ollama's `api.ToolCall`). */
interface OllamaToolCall {
  /** Optional: newer servers send `call_` + 8 characters, older ones none. */
  id?: unknown;
  function?: { index?: unknown; name?: unknown; arguments?: unknown } | null;
}

/**
 * `/api/chat` NDJSON to parts. Per line, in the order the model produced them: reasoning from
 * `message.thinking`, answer text from `message.content`, then each of `message.tool_calls` as a
 * whole call (arguments are an object already; the id, when Ollama sent one, is kept and also
 * stored as `providerData.ollama.id` so that only Ollama's own ids go back to it). The
 * `done: true` line, which may still carry text or calls, ends the answer with its counts and
 * `done_reason` (`stop` even after tool calls: the pipeline decides `tool-calls`). An
 * `{"error": ...}` line (the status stays 200) is thrown as a typed error.
 */
export async function* parseOllamaStream(
  response: Response,
  http: HttpClient,
): AsyncGenerator<StreamPart> {
  for await (const value of http.ndjson(response)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw http.malformed(JSON.stringify(value));
    }
    const line = value as OllamaLine;
    if (line.error !== undefined && line.error !== null) throw http.streamError(line);
    const message = line.message;
    if (message) {
      const { thinking, content, tool_calls: toolCalls } = message;
      if (typeof thinking === 'string' && thinking !== '') {
        yield { type: 'reasoning', text: thinking };
      }
      if (typeof content === 'string' && content !== '') yield { type: 'text', text: content };
      if (Array.isArray(toolCalls)) yield* wholeToolCalls(toolCalls);
    }
    if (line.done === true) {
      const usage = usageFromOllama(line);
      if (usage) yield { type: 'usage', usage };
      const reason = typeof line.done_reason === 'string' ? line.done_reason : '';
      const responseModel = typeof line.model === 'string' ? line.model : undefined;
      yield {
        type: 'finish',
        reason: ollamaFinishReason(reason),
        providerReason: reason,
        responseModel,
      };
      return;
    }
  }
}

/** Ollama's calls, each whole; a call without a function name cannot be run: the stream is corrupt. */
function* wholeToolCalls(items: unknown[]): Generator<StreamPart> {
  for (const raw of items) {
    const item = raw as OllamaToolCall | null;
    const name = item?.function?.name;
    if (typeof name !== 'string' || name === '') {
      throw new ProviderError(
        `ollama sent a tool call without a function name: ${JSON.stringify(raw)}. The stream is corrupt; retry the call.`,
        { provider: 'ollama', retryable: true },
      );
    }
    const id = typeof item?.id === 'string' && item.id !== '' ? item.id : undefined;
    yield {
      type: 'tool-call',
      id,
      name,
      // `null` or missing arguments mean none; the pipeline makes them `{}`.
      input: item?.function?.arguments,
      ...(id !== undefined ? { providerData: { ollama: { id } } } : {}),
    };
  }
}
