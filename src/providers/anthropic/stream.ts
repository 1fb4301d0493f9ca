import { UNKNOWN_FINISH_REASON, type StreamPart } from '../../llm/base.js';
import type { HttpClient } from '../../transport/http.js';
import { mergeAnthropicUsage, usageFromAnthropic, type AnthropicUsage } from './usage.js';

interface MessagesEvent {
  type?: string;
  message?: { usage?: unknown };
  delta?: { type?: string; text?: string; stop_reason?: string | null };
  usage?: unknown;
}

/**
 * Messages API SSE to parts (docs/wire-protocols.md: Anthropic). Every event is named and repeats its name in
 * `type`; we read `type` so the data-only variant some test tools send works too. Text comes
 * only from `text_delta` (thinking and tool-input deltas are not answer text); usage from
 * `message_start` then `message_delta`; the finish at `message_stop`. `ping` and block
 * start/stop events carry nothing we need.
 */
export async function* parseMessagesStream(
  response: Response | Promise<Response>,
  http: HttpClient,
): AsyncGenerator<StreamPart> {
  let counts: AnthropicUsage = {};
  let stopReason: string | undefined;
  // One batch per network read: a hop per read instead of per event.
  for await (const events of http.sse(response)) {
    for (const event of events) {
      const data = http.parseJson(event.data) as MessagesEvent;
      if (event.event === 'error' || data.type === 'error') throw http.streamError(data);
      switch (data.type) {
        case 'content_block_delta':
          if (data.delta?.type === 'text_delta' && typeof data.delta.text === 'string') {
            yield { type: 'text', text: data.delta.text };
          }
          break;
        case 'message_start':
        case 'message_delta': {
          counts = mergeAnthropicUsage(
            counts,
            data.type === 'message_start' ? data.message?.usage : data.usage,
          );
          const usage = usageFromAnthropic(counts);
          if (usage) yield { type: 'usage', usage };
          if (data.delta?.stop_reason) stopReason = data.delta.stop_reason;
          break;
        }
        case 'message_stop':
          yield { type: 'finish', reason: stopReason ?? UNKNOWN_FINISH_REASON };
          return;
      }
    }
  }
}
