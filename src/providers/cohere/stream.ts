import { UNKNOWN_FINISH_REASON, type StreamPart } from '../../llm/base.js';
import type { HttpClient } from '../../transport/http.js';
import { usageFromCohere } from './usage.js';

interface ChatV2Event {
  type?: string;
  delta?: {
    message?: { content?: { text?: string } };
    finish_reason?: string;
    error?: string;
    usage?: unknown;
  };
}

/** Finish reasons that mean the generation failed (the shared error reader classifies them). */
const FAILED_FINISH_REASONS = new Set(['ERROR', 'TIMEOUT']);

/**
 * Chat v2 SSE to parts (docs/wire-protocols.md: Cohere). Text is `content-delta`'s
 * `delta.message.content.text`; a thinking block's deltas carry `content.thinking` instead and
 * are skipped, as are tool-plan, tool-call and citation events. `message-end` brings the usage
 * and the finish reason and ends the answer; the live API may still send `data: [DONE]`.
 */
export async function* parseChatV2Stream(
  response: Response | Promise<Response>,
  http: HttpClient,
): AsyncGenerator<StreamPart> {
  // One batch per network read: a hop per read instead of per event.
  for await (const events of http.sse(response)) {
    for (const event of events) {
      // The optional terminator after message-end; alone it ends nothing.
      if (event.data === '[DONE]') continue;
      const data = http.parseJson(event.data) as ChatV2Event;
      const type = data.type ?? event.event;
      if (type === 'content-delta') {
        const text = data.delta?.message?.content?.text;
        if (typeof text === 'string') yield { type: 'text', text };
      } else if (type === 'message-end') {
        const usage = usageFromCohere(data.delta?.usage);
        if (usage) yield { type: 'usage', usage };
        const reason = data.delta?.finish_reason ?? UNKNOWN_FINISH_REASON;
        // Cohere reports a failed generation in message-end (`error`, finish_reason ERROR),
        // not with an error event, so this is where an in-stream error surfaces.
        if (data.delta?.error || FAILED_FINISH_REASONS.has(reason)) {
          const message = data.delta?.error ?? `The generation ended with finish_reason ${reason}.`;
          throw http.streamError({
            message,
            code: FAILED_FINISH_REASONS.has(reason) ? reason : 'ERROR',
          });
        }
        yield { type: 'finish', reason };
        return;
      }
    }
  }
}
