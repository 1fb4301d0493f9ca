import type { StreamPart } from '../../llm/base.js';
import type { HttpClient } from '../../transport/http.js';
import { usageFromGemini } from './usage.js';

interface GenerateContentChunk {
  candidates?: Array<{
    content?: { parts?: Array<{ text?: string; thought?: boolean }> };
    finishReason?: string;
  }>;
  usageMetadata?: unknown;
  promptFeedback?: { blockReason?: string };
  error?: unknown;
}

/**
 * streamGenerateContent (`alt=sse`) to parts (docs/wire-protocols.md: Gemini). Each event is a whole
 * response holding only the new text; parts marked `thought: true` are thinking summaries,
 * not answer text. `usageMetadata` is cumulative, so the last one is the total.
 *
 * Gemini sends no end marker: a chunk with `finishReason` followed by EOF is the normal end.
 * EOF without one yields no finish, which the base reports as a stream that ended early.
 */
export async function* parseGenerateContentStream(
  response: Response | Promise<Response>,
  http: HttpClient,
): AsyncGenerator<StreamPart> {
  let finishReason: string | undefined;
  // One batch per network read: a hop per read instead of per event.
  for await (const events of http.sse(response)) {
    for (const event of events) {
      const chunk = http.parseJson(event.data) as GenerateContentChunk;
      // The error object's `code` is the HTTP status Gemini would have answered with.
      if (chunk.error !== undefined && chunk.error !== null) throw http.streamError(chunk);
      const usage = usageFromGemini(chunk.usageMetadata);
      if (usage) yield { type: 'usage', usage };
      const candidate = chunk.candidates?.[0];
      for (const part of candidate?.content?.parts ?? []) {
        if (part.thought !== true && typeof part.text === 'string') {
          yield { type: 'text', text: part.text };
        }
      }
      if (candidate?.finishReason) finishReason = candidate.finishReason;
      // A blocked prompt gets no candidate at all; its block reason is why the answer is empty.
      else if (chunk.promptFeedback?.blockReason) finishReason = chunk.promptFeedback.blockReason;
    }
  }
  if (finishReason !== undefined) yield { type: 'finish', reason: finishReason };
}
