import { UNKNOWN_FINISH_REASON, type StreamPart } from '../../llm/base.js';
import type { HttpClient } from '../../transport/http.js';
import { usageFromOllama } from './usage.js';

interface OllamaLine {
  message?: { content?: unknown; thinking?: unknown } | null;
  done?: unknown;
  done_reason?: unknown;
  prompt_eval_count?: unknown;
  eval_count?: unknown;
  error?: unknown;
}

/**
 * `/api/chat` NDJSON to parts: text from `message.content` (`message.thinking` is reasoning, not
 * answer), and on the `done: true` line its counts and `done_reason`. An `{"error": ...}` line
 * (the status stays 200) is thrown as a typed error.
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
    const text = line.message?.content;
    if (typeof text === 'string' && text !== '') yield { type: 'text', text };
    if (line.done === true) {
      const usage = usageFromOllama(line);
      if (usage) yield { type: 'usage', usage };
      const reason =
        typeof line.done_reason === 'string' ? line.done_reason : UNKNOWN_FINISH_REASON;
      yield { type: 'finish', reason };
      return;
    }
  }
}
