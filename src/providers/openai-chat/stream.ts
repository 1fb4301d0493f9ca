import { UNKNOWN_FINISH_REASON, type StreamPart } from '../../llm/base.js';
import type { HttpClient } from '../../transport/http.js';
import { usageFromOpenAI } from './usage.js';

interface ChatChunk {
  /** Mistral puts its error object (`"object":"error"`) where a chunk would be. */
  object?: unknown;
  choices?: Array<{ delta?: { content?: unknown } | null; finish_reason?: string | null }>;
  usage?: unknown;
  x_groq?: { usage?: unknown };
  error?: unknown;
}

/**
 * Chat Completions SSE to parts: text from `choices[0].delta.content`, usage from the last chunk
 * that has any, the finish at `data: [DONE]`, or at a clean EOF after a chunk with a
 * finish_reason (Perplexity and Hugging Face `transformers serve` send no `[DONE]`, and the
 * official SDKs accept that end; usage is whatever arrived). EOF before any finish_reason
 * yields no finish: the base reports a stream that ended early. `[DONE]` without any
 * finish_reason finishes with UNKNOWN_FINISH_REASON rather than an invented `stop`. An
 * `error` chunk, `event: error`, an `"object":"error"` chunk or finish_reason `error` is
 * thrown as a typed error.
 */
export async function* parseChatStream(
  response: Response | Promise<Response>,
  http: HttpClient,
): AsyncGenerator<StreamPart> {
  let finishReason: string | undefined;
  // One batch per network read: a hop per read instead of per event.
  for await (const events of http.sse(response)) {
    for (const event of events) {
      if (event.data === '[DONE]') {
        yield { type: 'finish', reason: finishReason ?? UNKNOWN_FINISH_REASON };
        return;
      }
      const chunk = http.parseJson(event.data) as ChatChunk;
      if (chunk.error !== undefined && chunk.error !== null) throw http.streamError(chunk);
      if (event.event === 'error' || chunk.object === 'error') throw http.streamError(chunk);
      const usage = usageFromOpenAI(chunk.usage) ?? usageFromOpenAI(chunk.x_groq?.usage);
      if (usage) yield { type: 'usage', usage };
      const choice = chunk.choices?.[0];
      const text = answerText(choice?.delta?.content);
      if (text !== '') yield { type: 'text', text };
      if (choice?.finish_reason === 'error') {
        // Mistral's only in-band failure signal: the answer so far is incomplete, not finished.
        throw http.streamError({
          message: 'The model stopped with finish_reason "error" before completing the answer.',
        });
      }
      if (choice?.finish_reason) finishReason = choice.finish_reason;
    }
  }
  if (finishReason !== undefined) yield { type: 'finish', reason: finishReason };
}

/**
 * `delta.content` is a string, or (Mistral's Magistral reasoning models) an array of typed parts
 * where only `text` parts are answer; `thinking` parts are reasoning and never answer text.
 */
function answerText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content as Array<{ type?: unknown; text?: unknown } | null>) {
    if (part?.type === 'text' && typeof part.text === 'string') text += part.text;
  }
  return text;
}
