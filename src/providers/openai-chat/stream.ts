import type { StreamPart } from '../../llm/base.js';
import type { HttpClient } from '../../transport/http.js';
import type { OpenAIChatPreset } from './presets.js';
import { usageFromOpenAI } from './usage.js';

interface ChatChunk {
  choices?: Array<{ delta?: { content?: string | null } | null; finish_reason?: string | null }>;
  usage?: unknown;
  x_groq?: { usage?: unknown };
  error?: unknown;
}

/**
 * Chat Completions SSE to parts: text from `choices[0].delta.content`, usage from the last chunk
 * that has any, the finish at `data: [DONE]` (or at EOF after a finish_reason, for vendors
 * that do not send `[DONE]`). An `error` chunk or `event: error` is thrown as a typed error.
 */
export async function* parseChatStream(
  response: Response,
  http: HttpClient,
  preset: OpenAIChatPreset,
): AsyncGenerator<StreamPart> {
  let finishReason: string | undefined;
  for await (const event of http.sse(response)) {
    if (event.data === '[DONE]') {
      yield { type: 'finish', reason: finishReason ?? 'stop' };
      return;
    }
    let chunk: ChatChunk;
    try {
      chunk = JSON.parse(event.data) as ChatChunk;
    } catch {
      throw http.malformed(event.data);
    }
    if (chunk.error !== undefined && chunk.error !== null) throw http.streamError(chunk);
    if (event.event === 'error') throw http.streamError(chunk);
    const usage = usageFromOpenAI(chunk.usage) ?? usageFromOpenAI(chunk.x_groq?.usage);
    if (usage) yield { type: 'usage', usage };
    const choice = chunk.choices?.[0];
    const text = choice?.delta?.content;
    if (typeof text === 'string' && text !== '') yield { type: 'text', text };
    if (choice?.finish_reason) finishReason = choice.finish_reason;
  }
  if (preset.endsAtEof && finishReason !== undefined)
    yield { type: 'finish', reason: finishReason };
}
