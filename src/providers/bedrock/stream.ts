import { UNKNOWN_FINISH_REASON, type StreamPart } from '../../llm/base.js';
import type { HttpClient } from '../../transport/http.js';
import type { EventStreamMessage } from './event-stream.js';
import { usageFromBedrock } from './usage.js';

interface ConverseEvent {
  delta?: { text?: unknown };
  stopReason?: unknown;
  usage?: unknown;
}

/**
 * ConverseStream frames to parts. Text comes from `contentBlockDelta.delta.text` only
 * (`reasoningContent` and `toolUse` deltas are not answer text); `messageStop` names the stop
 * reason; `metadata` carries the usage and is the last event, so EOF after it is the normal
 * end. Exception frames (`throttlingException`, ...) and `error` frames are thrown as typed
 * errors. Payloads also carry a random-length `p` padding field, which is never read.
 */
export async function* parseConverseStream(
  messages: AsyncIterable<EventStreamMessage>,
  http: HttpClient,
): AsyncGenerator<StreamPart> {
  const decoder = new TextDecoder();
  let stopReason: string | undefined;
  let sawMetadata = false;
  for await (const { headers, payload } of messages) {
    const messageType = headers[':message-type'];
    if (messageType === 'error') {
      throw http.streamError({ code: headers[':error-code'], message: headers[':error-message'] });
    }
    const text = decoder.decode(payload);
    if (messageType === 'exception') {
      // The exception type lives in a header, and it is what says "throttled" or "bad request".
      const body = parseObject(text) ?? { message: text };
      throw http.streamError({ ...body, code: headers[':exception-type'] });
    }
    if (messageType !== 'event') continue;
    const event = parseObject(text) as ConverseEvent | undefined;
    if (event === undefined) throw http.malformed(text);
    switch (headers[':event-type']) {
      case 'contentBlockDelta': {
        const delta = event.delta?.text;
        if (typeof delta === 'string' && delta !== '') yield { type: 'text', text: delta };
        break;
      }
      case 'messageStop':
        if (typeof event.stopReason === 'string') stopReason = event.stopReason;
        break;
      case 'metadata': {
        const usage = usageFromBedrock(event.usage);
        if (usage) yield { type: 'usage', usage };
        sawMetadata = true;
        break;
      }
      default:
        // messageStart, contentBlockStart, contentBlockStop carry nothing we need.
        break;
    }
  }
  if (sawMetadata) yield { type: 'finish', reason: stopReason ?? UNKNOWN_FINISH_REASON };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
